import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applySuppressions, parseSuppressions } from "./suppress.js";
import type { Finding } from "./types.js";

function finding(path: string, line: number, ruleId = "sast/js-code-injection"): Finding {
  return {
    ruleId,
    analyzer: "sast",
    severity: "high",
    cwe: [],
    message: "m",
    location: { path, startLine: line, startColumn: 1, endLine: line, endColumn: 2 },
    fingerprint: `${line}`.padStart(32, "0"),
    aiAttributed: false,
    evidence: "eval(x)",
  };
}

async function suppress(path: string, text: string, findings: Finding[]) {
  return applySuppressions(findings, (p) => Promise.resolve(p === path ? text : undefined));
}

describe("inline suppressions", () => {
  it("suppress a finding from the same line or from a comment alone on the line above", async () => {
    const text = [
      "eval(a); // custody-ignore sast/js-code-injection: input is a constant table key",
      "// custody-ignore sast/js-code-injection: test helper, never shipped",
      "eval(b);",
      "eval(c);",
    ].join("\n");
    const result = await suppress("a.js", text, [finding("a.js", 1), finding("a.js", 3), finding("a.js", 4)]);
    assert.deepEqual(result.findings.map((f) => f.location.startLine), [4]);
    assert.deepEqual(
      result.suppressed.map((s) => [s.line, s.reason]),
      [
        [1, "input is a constant table key"],
        [3, "test helper, never shipped"],
      ],
    );
  });

  it("do not reach past the next line, and a trailing comment does not cover the line below it", async () => {
    const text = "x(); // custody-ignore sast/js-code-injection: only this line\neval(a);\n// custody-ignore sast/js-code-injection: why\n\neval(b);\n";
    const result = await suppress("a.js", text, [finding("a.js", 2), finding("a.js", 5)]);
    assert.equal(result.suppressed.length, 0);
  });

  it("cover only the rules they name, several comma-separated, and stacked comments reach the code below", async () => {
    const text = "# custody-ignore sast/py-a, sast/py-b: reviewed by security\n# custody-ignore sast/py-c: also fine\nrun()\n";
    const result = await suppress("a.py", text, [finding("a.py", 3, "sast/py-a"), finding("a.py", 3, "sast/py-c"), finding("a.py", 3, "sast/py-d")]);
    assert.deepEqual(result.suppressed.map((s) => s.ruleId), ["sast/py-a", "sast/py-c"]);
    assert.deepEqual(result.findings.map((f) => f.ruleId), ["sast/py-d"]);
  });

  it("without a reason suppress nothing and are reported with their line", async () => {
    const text = "// custody-ignore sast/js-code-injection\neval(a);\n";
    const result = await suppress("a.js", text, [finding("a.js", 2)]);
    assert.equal(result.findings.length, 1);
    assert.equal(result.suppressed.length, 0);
    const [invalid] = result.invalid;
    assert.ok(invalid && result.invalid.length === 1);
    assert.equal(invalid.line, 1);
    assert.match(invalid.problem, /no reason/);
  });

  it("follow the file's comment syntax, so a `//` in Python is not a suppression", () => {
    assert.equal(parseSuppressions("a.py", "x = '//' # custody-ignore r/x: ok\n").suppressions.length, 1);
    assert.equal(parseSuppressions("a.py", "url = 'a' // custody-ignore r/x: no\n").suppressions.length, 0);
    assert.equal(parseSuppressions("q.sql", "-- custody-ignore r/x: fine\n").suppressions.length, 1);
    assert.equal(parseSuppressions("a.html", "<!-- custody-ignore r/x: fine -->\n").suppressions[0]?.reason, "fine");
    assert.equal(parseSuppressions("a.ts", "/* custody-ignore r/x: fine */ eval(a)\n").suppressions[0]?.reason, "fine");
  });

  it("keep a finding's masked evidence and mask a credential quoted in a reason", async () => {
    const key = ["AKIA", "QWERTYUIOPASDFGH"].join("");
    const text = `// custody-ignore sast/js-code-injection: rotated ${key} already\neval(a);\n`;
    const result = await suppress("a.js", text, [finding("a.js", 2)]);
    const [suppressed] = result.suppressed;
    assert.ok(suppressed);
    assert.equal(suppressed.evidence, "eval(x)");
    assert.ok(!suppressed.reason.includes(key), suppressed.reason);
    assert.match(suppressed.reason, /rotated AKIA… \(sha256:[0-9a-f]{8}\) already/);
  });
});
