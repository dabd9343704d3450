import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { ECOSYSTEMS } from "../types.js";
import type { Ecosystem } from "../types.js";
import { checkName } from "./check.js";
import { nameKey } from "./names.js";
import { buildPopularIndex, DEFAULT_POPULAR_DIR, loadPopularIndex, parseAllowList, parseNameList } from "./popular.js";

function shippedList(ecosystem: Ecosystem): string[] {
  return parseNameList(readFileSync(new URL(`${ecosystem}.txt`, DEFAULT_POPULAR_DIR), "utf8"));
}

function percent(count: number, total: number): string {
  return `${((100 * count) / total).toFixed(2)}%`;
}

/**
 * Each of the `top` most popular names checked against the list without it (ten folds, so the
 * index is built ten times rather than a thousand): how often a real, popular package would be
 * reported if it were missing from the list.
 */
function heldOutReports(ecosystem: Ecosystem, top: number): string[] {
  const list = shippedList(ecosystem);
  const folds = 10;
  const reported: string[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const index = buildPopularIndex(ecosystem, list.filter((_, i) => !(i < top && i % folds === fold)));
    for (let i = fold; i < top; i += folds) {
      const name = list[i] ?? "";
      const match = checkName(ecosystem, name, index);
      if (match !== undefined) reported.push(`${name} → ${match.target} (${match.technique})`);
    }
  }
  return reported;
}

describe("shipped popular lists", () => {
  it("exist for every ecosystem, with a header saying where they come from, and no repeated name", () => {
    for (const ecosystem of ECOSYSTEMS) {
      const text = readFileSync(new URL(`${ecosystem}.txt`, DEFAULT_POPULAR_DIR), "utf8");
      assert.match(text, /^# .+\n# Source: .+\d{4}-\d{2}-\d{2}/, ecosystem);
      const names = parseNameList(text);
      const keys = new Set(names.map((n) => nameKey(ecosystem, n)));
      assert.equal(keys.size, names.length, `${ecosystem} repeats a name`);
      assert.ok(names.length >= 300, `${ecosystem} has only ${names.length} names`);
      assert.ok(names.every((n) => !/\s/.test(n)), ecosystem);
    }
  });

  it("holds the 5,000 most downloaded npm names and the ranked PyPI names, most popular first", () => {
    const npm = shippedList("npm");
    assert.equal(npm.length, 5000);
    assert.ok(npm.indexOf("semver") < npm.indexOf("lodash"));
    assert.ok(npm.includes("@types/node"));
    const pypi = shippedList("pypi");
    assert.ok(pypi.length > 14_000);
    assert.equal(pypi[0], "boto3");
    assert.ok(pypi.every((n) => n === nameKey("pypi", n)), "PyPI names are stored normalised per PEP 503");
  });

  it("ships an allow-list per ecosystem that parses", () => {
    for (const ecosystem of ECOSYSTEMS) {
      const text = readFileSync(new URL(`allow-${ecosystem}.txt`, DEFAULT_POPULAR_DIR), "utf8");
      const allow = parseAllowList(text);
      assert.ok(Array.isArray(allow.names) && Array.isArray(allow.pairs), ecosystem);
    }
  });

  it("are indexed once per process", () => {
    assert.equal(loadPopularIndex("cargo"), loadPopularIndex("cargo"));
    assert.ok(loadPopularIndex("cargo").has("serde_json"));
    assert.ok(loadPopularIndex("pypi").has("Python_Dateutil"));
  });
});

describe("false positives on popular names", () => {
  for (const ecosystem of ["npm", "pypi"] as const) {
    it(`reports none of the 1,000 most popular ${ecosystem} names`, (t) => {
      const index = loadPopularIndex(ecosystem);
      const top = shippedList(ecosystem).slice(0, 1000);
      const reported = top.filter((name) => checkName(ecosystem, name, index) !== undefined);
      t.diagnostic(`${ecosystem}: ${reported.length} of ${top.length} top names reported (false-positive rate ${percent(reported.length, top.length)})`);
      assert.deepEqual(reported, []);
    });
  }

  it("reports every other shipped popular name as clean too", () => {
    for (const ecosystem of ["go", "cargo", "maven", "rubygems", "packagist"] as const) {
      const index = loadPopularIndex(ecosystem);
      const reported = shippedList(ecosystem).filter((name) => checkName(ecosystem, name, index) !== undefined);
      assert.deepEqual(reported, [], ecosystem);
    }
  });

  // The same names with themselves taken off the list: how a legitimate package that misses the
  // list fares. Popular neighbourhoods are dense (`through` and `through2`, `attrs` and `cattrs`),
  // so this is a measured rate with a ceiling, not zero.
  for (const [ecosystem, ceiling] of [["npm", 0.05], ["pypi", 0.08]] as const) {
    it(`keeps ${ecosystem} held-out popular names mostly unreported`, (t) => {
      const reported = heldOutReports(ecosystem, 1000);
      t.diagnostic(`${ecosystem}: ${reported.length} of 1000 held-out popular names reported (${percent(reported.length, 1000)}), e.g. ${reported.slice(0, 5).join("; ")}`);
      assert.ok(reported.length <= ceiling * 1000, `${reported.length} held-out names reported`);
    });
  }
});
