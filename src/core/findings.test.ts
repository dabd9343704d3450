import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TaggedFinding } from "../analyzers/run.js";
import { aiLineLookup, finalizeFindings } from "./findings.js";
import type { LineAttribution } from "./types.js";

function raw(path: string, line: number, text = "eval(x)", ruleId = "sast/js-eval"): TaggedFinding {
  return {
    analyzer: "sast",
    ruleId,
    severity: "high",
    cwe: ["CWE-95"],
    message: "m",
    location: { path, startLine: line, startColumn: 1, endLine: line, endColumn: 8 },
    evidence: text,
    fingerprintText: text,
  };
}

describe("finalizeFindings", () => {
  it("keeps a finding's fingerprint when the code moves to another line", () => {
    const [before] = finalizeFindings([raw("a.js", 10)]);
    const [after] = finalizeFindings([raw("a.js", 42)]);
    assert.ok(before && after);
    assert.equal(before.fingerprint, after.fingerprint);
  });

  it("gives identical matches in one file distinct fingerprints and drops exact duplicates", () => {
    const findings = finalizeFindings([raw("a.js", 3), raw("a.js", 1), raw("a.js", 1)]);
    assert.equal(findings.length, 2);
    assert.notEqual(findings[0]?.fingerprint, findings[1]?.fingerprint);
    assert.deepEqual(findings.map((f) => f.location.startLine), [1, 3]);
  });

  it("sorts by path, line, column and rule", () => {
    const findings = finalizeFindings([raw("b.js", 1), raw("a.js", 9), raw("a.js", 2, "x", "sast/z"), raw("a.js", 2, "y", "sast/a")]);
    assert.deepEqual(
      findings.map((f) => `${f.location.path}:${f.location.startLine}:${f.ruleId}`),
      ["a.js:2:sast/a", "a.js:2:sast/z", "a.js:9:sast/js-eval", "b.js:1:sast/js-eval"],
    );
  });

  it("marks findings on AI-written lines, but not on lines only a heuristic calls AI", () => {
    const lines: LineAttribution[] = [
      { path: "a.js", lines: { start: 5, end: 9 }, commit: "c1", attribution: { contributor: "ai", tool: "claude-code", evidence: [{ source: "trailer", detail: "Co-Authored-By: Claude" }], confidence: 0.9 } },
      { path: "b.js", lines: { start: 1, end: 3 }, commit: "c2", attribution: { contributor: "ai", evidence: [{ source: "heuristic", detail: "style" }], confidence: 0.4 } },
    ];
    const findings = finalizeFindings([raw("a.js", 7), raw("a.js", 12), raw("b.js", 2)], aiLineLookup(lines));
    assert.deepEqual(findings.map((f) => f.aiAttributed), [true, false, false]);
  });
});
