import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Ecosystem } from "../types.js";
import { checkName } from "./check.js";
import type { TyposquatTechnique } from "./check.js";
import { buildPopularIndex, loadPopularIndex, parseAllowList } from "./popular.js";

function expectSquat(ecosystem: Ecosystem, name: string, target: string, technique?: TyposquatTechnique): void {
  const match = checkName(ecosystem, name, loadPopularIndex(ecosystem));
  assert.ok(match, `${name} should be reported as imitating ${target}`);
  assert.equal(match.target, target, name);
  if (technique !== undefined) assert.equal(match.technique, technique, name);
  assert.ok(match.distance > 0, name);
}

function expectClean(ecosystem: Ecosystem, name: string): void {
  assert.equal(checkName(ecosystem, name, loadPopularIndex(ecosystem)), undefined, name);
}

describe("checkName: names from real typosquatting incidents", () => {
  it("npm: crossenv, loadsh, lodahs, @typess/node", () => {
    expectSquat("npm", "crossenv", "cross-env", "separator");
    expectSquat("npm", "loadsh", "lodash", "transposition");
    expectSquat("npm", "lodahs", "lodash", "transposition");
    expectSquat("npm", "@typess/node", "@types/node", "scope");
  });

  it("npm: electorn and discordjs, against a list that holds electron and discord.js", () => {
    // Both targets sit just below the 5,000 most downloaded names, so the shipped list lacks them.
    const popular = buildPopularIndex("npm", ["electron", "discord.js", "lodash"]);
    assert.deepEqual(checkName("npm", "electorn", popular), { kind: "typosquat", target: "electron", technique: "transposition", distance: 1 });
    assert.deepEqual(checkName("npm", "discordjs", popular), { kind: "typosquat", target: "discord.js", technique: "separator", distance: 1 });
    assert.equal(checkName("npm", "discord-js", popular)?.target, "discord.js");
  });

  it("PyPI: reqeusts, request, python3-dateutil, jeIlyfish, colourama", () => {
    expectSquat("pypi", "reqeusts", "requests", "transposition");
    expectSquat("pypi", "request", "requests", "omitted-character");
    expectSquat("pypi", "python3-dateutil", "python-dateutil");
    expectSquat("pypi", "jeIlyfish", "jellyfish", "homoglyph");
    expectSquat("pypi", "colourama", "colorama", "extra-character");
  });
});

describe("checkName: techniques", () => {
  it("finds look-alike characters: rn for m, 0 for o, 1 for l, vv for w, Cyrillic letters", () => {
    expectSquat("npm", "rnocha", "mocha", "homoglyph");
    expectSquat("npm", "l0dash", "lodash", "homoglyph");
    expectSquat("npm", "1odash", "lodash", "homoglyph");
    expectSquat("npm", "vvebpack", "webpack", "homoglyph");
    expectSquat("pypi", "r\u0435quests", "requests", "homoglyph");
    expectSquat("npm", "\u0430xios", "axios", "homoglyph");
  });

  it("finds doubled, dropped and added characters", () => {
    expectSquat("npm", "expresss", "express", "repeated-character");
    expectSquat("npm", "expres", "express", "omitted-character");
    expectSquat("pypi", "numpyy", "numpy", "repeated-character");
    expectSquat("pypi", "pandsa", "pandas", "transposition");
    // In a short word of a longer name only a doubled or swapped letter counts.
    expectSquat("npm", "react-domm", "react-dom", "repeated-character");
    expectSquat("npm", "react-dmo", "react-dom", "transposition");
  });

  it("reads two slips in a long name as the same name", () => {
    expectSquat("npm", "typescirpt-eslint", "typescript-eslint");
    expectSquat("npm", "typescrpit", "typescript");
  });

  it("finds language and tool words glued to a popular name", () => {
    expectSquat("npm", "lodash-js", "lodash", "affix");
    expectSquat("npm", "node-lodash", "lodash", "affix");
    expectSquat("npm", "axios-cli", "axios", "affix");
    expectSquat("npm", "expressjs", "express", "affix");
    expectSquat("pypi", "py-numpy", "numpy", "affix");
    expectSquat("pypi", "python-requests", "requests", "affix");
    expectSquat("pypi", "py-dateutil", "python-dateutil", "affix");
  });

  it("finds a popular name with a reassuring word added", () => {
    expectSquat("npm", "lodash-secure", "lodash", "combosquat");
    expectSquat("npm", "official-axios", "axios", "combosquat");
    expectSquat("pypi", "requests-updated", "requests", "combosquat");
  });

  it("finds npm scope tricks: a misspelt scope, an impersonating scope, @types run into the name", () => {
    expectSquat("npm", "@babell/core", "@babel/core", "scope");
    expectSquat("npm", "@type/node", "@types/node", "scope");
    // The scope is wrong even when the package under the real scope is not on the list.
    expectSquat("npm", "@typess/left-pad", "@types", "scope");
    expectSquat("npm", "@typescript_eslinter/eslint", "@typescript-eslint", "scope");
    expectSquat("npm", "@lodash/lodash", "lodash", "scope");
    expectSquat("npm", "@official/express", "express", "scope");
    expectSquat("npm", "types-node", "@types/node", "scope");
    expectSquat("npm", "typesnode", "@types/node", "scope");
  });

  it("compares Go module paths, Maven coordinates and Packagist names by the owner that differs", () => {
    expectSquat("go", "github.com/strechr/testify", "github.com/stretchr/testify", "omitted-character");
    expectSquat("go", "github.com/boltdb-go/bolt", "github.com/boltdb/bolt", "affix");
    expectSquat("go", "github.com/sirupsen-go/logrus", "github.com/sirupsen/logrus", "affix");
    expectSquat("maven", "com.fasterxm1.jackson.core:jackson-databind", "com.fasterxml.jackson.core:jackson-databind", "homoglyph");
    expectSquat("packagist", "guzzlehtp/guzzle", "guzzlehttp/guzzle", "omitted-character");
    expectSquat("packagist", "larave1/framework", "laravel/framework", "homoglyph");
  });

  it("checks crates.io and RubyGems names", () => {
    expectSquat("cargo", "reqwset", "reqwest", "transposition");
    expectSquat("cargo", "serde_jsonn", "serde_json", "repeated-character");
    expectSquat("cargo", "tokioutil", "tokio-util", "separator");
    expectSquat("rubygems", "nokogirl", "nokogiri");
    expectSquat("rubygems", "sidekiqq", "sidekiq", "repeated-character");
  });
});

describe("checkName: what is not a typosquat", () => {
  it("never reports a popular name, in whatever form the registry treats as the same", () => {
    expectClean("npm", "lodash");
    expectClean("npm", "@types/node");
    expectClean("pypi", "Python_Dateutil");
    expectClean("cargo", "serde-json");
    expectClean("cargo", "tokio_util");
    expectClean("go", "github.com/BurntSushi/toml");
  });

  it("leaves short names alone: every short name is a keystroke from another", () => {
    for (const name of ["ms", "rx", "qs", "ini", "uid", "pg"]) expectClean("npm", name);
  });

  it("does not report names below the same owner, which nobody else can publish", () => {
    expectClean("npm", "@babel/c0re");
    expectClean("npm", "@types/lodahs");
    expectClean("go", "github.com/stretchr/testfy");
    expectClean("go", "golang.org/x/nett");
    expectClean("maven", "org.springframework:spring-cor");
    expectClean("packagist", "laravel/framwork");
  });

  it("does not mistake different words for slips of the finger", () => {
    // Each differs from a popular name in a whole short word, a non-adjacent key, or the first letter.
    expectClean("npm", "lodash.set");
    expectClean("npm", "pug-parser");
    expectClean("npm", "jsdoc");
    expectClean("npm", "gaxios-mock");
    expectClean("pypi", "numpy-financial-x");
  });

  it("honours the allow-list, for one pair or for a name altogether", () => {
    const allow = parseAllowList("# comment\nloadsh lodash\nexpresss\n");
    const popular = buildPopularIndex("npm", ["lodash", "express", "lodash-es"], allow);
    assert.equal(checkName("npm", "loadsh", popular), undefined);
    assert.equal(checkName("npm", "expresss", popular), undefined);
    assert.equal(checkName("npm", "lodahs", popular)?.target, "lodash");
  });

  it("refuses a missing popular list rather than passing every name", () => {
    assert.throws(() => loadPopularIndex("npm", new URL("file:///nonexistent/custody/popular/")), { code: "file-unreadable" });
  });

  it("refuses an index built for another ecosystem", () => {
    assert.throws(() => checkName("pypi", "reqeusts", loadPopularIndex("npm")), /npm, not pypi/);
  });
});
