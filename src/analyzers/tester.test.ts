import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parseAnnotations, testFixtures, uncoveredRules } from "./tester.js";
import type { Analyzer, AnalyzerFinding } from "./types.js";

// A one-rule analyzer: reports every line containing the word "danger".
const fake: Analyzer = {
  id: "sast",
  description: "test double",
  needsNetwork: false,
  appliesTo: (path) => path.endsWith(".txt"),
  rules: () => [{ id: "sast/danger", title: "danger", severity: "high", cwe: ["CWE-1"], owasp: [], help: "h" }],
  analyzeFile: (file) =>
    file.text.split("\n").flatMap((line, i): AnalyzerFinding[] =>
      line.includes("danger") && !/ruleid|ok:/.test(line)
        ? [
            {
              ruleId: "sast/danger",
              severity: "high",
              cwe: ["CWE-1"],
              message: "danger",
              location: { path: file.path, startLine: i + 1, startColumn: 1, endLine: i + 1, endColumn: line.length + 1 },
              evidence: line,
              fingerprintText: line,
            },
          ]
        : [],
    ),
};

const dirs: string[] = [];
function fixtures(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "custody-tester-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("fixture tester", () => {
  it("reads annotations that point at the next code line, stacked or comma-separated", () => {
    const found = parseAnnotations("# ruleid: a/x, a/y\n# ok: a/z\ncode\nother\n");
    assert.deepEqual(found, [
      { kind: "ruleid", ruleId: "a/x", line: 3 },
      { kind: "ruleid", ruleId: "a/y", line: 3 },
      { kind: "ok", ruleId: "a/z", line: 3 },
    ]);
  });

  it("passes a fixture whose annotations match the findings and records coverage", () => {
    const report = testFixtures(fake, fixtures({ "a.txt": "# ruleid: sast/danger\ndanger here\n# ok: sast/danger\nsafe here\n" }));
    assert.deepEqual(report.problems, []);
    assert.deepEqual(uncoveredRules(fake, report), []);
  });

  it("reports a missed case, an unexpected ok case and an unannounced finding", () => {
    const report = testFixtures(
      fake,
      fixtures({ "b.txt": "# ruleid: sast/danger\nsafe\n# ok: sast/danger\ndanger\ndanger again\n" }),
    );
    assert.deepEqual(
      report.problems.map((p) => `${p.line}:${p.problem}`),
      ["2:missed", "4:unexpected", "5:not-annotated"],
    );
  });

  it("rejects fixtures without annotations, unknown rule ids and files the analyzer does not scan", () => {
    const report = testFixtures(
      fake,
      fixtures({ "c.txt": "nothing\n", "d.txt": "# ruleid: sast/nope\ndanger\n", "e.md": "# ok: sast/danger\nx\n" }),
    );
    assert.deepEqual(
      report.problems.map((p) => `${p.fixture}:${p.problem}`),
      ["c.txt:no-annotations", "d.txt:unknown-rule", "d.txt:not-annotated", "e.md:not-scanned"],
    );
  });

  it("names rules that lack a ruleid or an ok case", () => {
    const report = testFixtures(fake, fixtures({ "f.txt": "# ruleid: sast/danger\ndanger\n" }));
    assert.deepEqual(uncoveredRules(fake, report), ["sast/danger"]);
  });
});
