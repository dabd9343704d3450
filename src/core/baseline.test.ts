import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyBaseline, createBaseline, parseBaseline, serializeBaseline } from "./baseline.js";
import type { Finding } from "./types.js";

function finding(path: string, fingerprint: string, ruleId = "secrets/github-token"): Finding {
  return {
    ruleId,
    analyzer: "secrets",
    severity: "critical",
    cwe: [],
    message: "m",
    location: { path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
    fingerprint,
    aiAttributed: false,
    evidence: "ghp_… (sha256:12345678)",
  };
}

const A = "a".repeat(32);
const B = "b".repeat(32);

describe("baselines", () => {
  it("round-trip through the file sorted by path, with fingerprints but never evidence", () => {
    const text = serializeBaseline(createBaseline([finding("z.js", B), finding("a.js", A)]));
    assert.deepEqual(JSON.parse(text), {
      version: 1,
      findings: [
        { fingerprint: A, ruleId: "secrets/github-token", path: "a.js" },
        { fingerprint: B, ruleId: "secrets/github-token", path: "z.js" },
      ],
    });
    assert.ok(!text.includes("sha256:"));
    assert.deepEqual(parseBaseline(text, "b.json").findings.length, 2);
  });

  it("take out only findings whose fingerprint is accepted, wherever the path now is", () => {
    const baseline = parseBaseline(JSON.stringify({ version: 1, findings: [{ fingerprint: A, ruleId: "x", path: "old.js" }] }), "b.json");
    const split = applyBaseline([finding("new.js", A), finding("new.js", B)], baseline);
    assert.deepEqual(split.findings.map((f) => f.fingerprint), [B]);
    assert.deepEqual(split.baselined.map((f) => f.fingerprint), [A]);
  });

  it("refuse malformed files naming the file and the field", () => {
    assert.throws(() => parseBaseline("{", "base.json"), /base\.json: not valid JSON.*\n?/);
    assert.throws(() => parseBaseline(JSON.stringify({ version: 2, findings: [] }), "base.json"), /base\.json: .*version: expected version 1/);
    assert.throws(
      () => parseBaseline(JSON.stringify({ version: 1, findings: [{ fingerprint: "nothex", ruleId: "r", path: "p" }] }), "base.json"),
      (e: unknown) => e instanceof Error && /base\.json: .*findings\[0\]\.fingerprint/.test(e.message) && (e as { code?: string }).code === "baseline-invalid",
    );
  });
});
