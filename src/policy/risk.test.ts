import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { deriveFacts } from "./facts.js";
import { parsePolicy } from "./loader.js";
import { MAX_RISK_SCORE, scoreRisk } from "./risk.js";
import { aiLines, decideInput, file, finding } from "./test-support.js";

const POLICY = parsePolicy("version: 1\npaths:\n  critical: ['src/auth/**']\n  high: ['src/payments/**']\n", "policy.yaml");

function points(factors: { name: string; points: number }[], name: string): number | undefined {
  return factors.find((factor) => factor.name === name)?.points;
}

void describe("scoreRisk", () => {
  void test("a small human change scores zero and still lists every factor", () => {
    const risk = scoreRisk(deriveFacts(POLICY, decideInput([file("src/app.ts", 10)])));
    assert.equal(risk.score, 0);
    assert.deepEqual(
      risk.factors.map((factor) => factor.name),
      [
        "ai-share",
        "ai-critical-lines",
        "ai-high-lines",
        "findings-critical",
        "findings-high",
        "findings-medium",
        "findings-low",
        "new-dependencies",
        "suspicious-dependencies",
        "change-size",
      ],
    );
  });

  void test("the score is the sum of the factors' points", () => {
    const input = decideInput([file("src/auth/login.ts", 40), file("src/payments/pay.ts", 40), file("src/app.ts", 120)], {
      lines: [aiLines("src/auth/login.ts", 1, 5), aiLines("src/payments/pay.ts", 1, 12), aiLines("src/app.ts", 1, 83)],
      findings: [finding("sast/xss", "high", "src/app.ts", 3), finding("sast/weak-hash", "low", "src/app.ts", 9)],
      deps: { added: ["npm:left-pad@1.3.0"], malicious: [], hallucinated: [], typosquat: [] },
    });
    const risk = scoreRisk(deriveFacts(POLICY, input));
    // 100 of 200 added lines are AI: round(25 × 0.5) = 13 (12.5 rounds up).
    assert.equal(points(risk.factors, "ai-share"), 13);
    assert.equal(points(risk.factors, "ai-critical-lines"), 15);
    assert.equal(points(risk.factors, "ai-high-lines"), 7);
    assert.equal(points(risk.factors, "findings-high"), 10);
    assert.equal(points(risk.factors, "findings-low"), 1);
    assert.equal(points(risk.factors, "new-dependencies"), 3);
    assert.equal(points(risk.factors, "change-size"), 6);
    assert.equal(risk.score, 55);
    assert.equal(risk.score, risk.factors.reduce((sum, factor) => sum + factor.points, 0));
  });

  void test("each factor and the total are capped", () => {
    const criticals = Array.from({ length: 6 }, (_, index) => finding("sast/rce", "critical", "src/auth/login.ts", index + 1));
    const input = decideInput([file("src/auth/login.ts", 2000)], {
      lines: [aiLines("src/auth/login.ts", 1, 2000)],
      findings: criticals,
      deps: { added: ["npm:a@1", "npm:b@1", "npm:c@1", "npm:d@1", "npm:e@1", "npm:f@1"], malicious: ["npm:a@1"], hallucinated: ["npm:b@1"], typosquat: ["npm:c@1"] },
    });
    const risk = scoreRisk(deriveFacts(POLICY, input));
    assert.equal(points(risk.factors, "findings-critical"), 50);
    assert.equal(points(risk.factors, "ai-critical-lines"), 30);
    assert.equal(points(risk.factors, "new-dependencies"), 15);
    assert.equal(points(risk.factors, "suspicious-dependencies"), 40);
    assert.ok(risk.factors.reduce((sum, factor) => sum + factor.points, 0) > MAX_RISK_SCORE);
    assert.equal(risk.score, MAX_RISK_SCORE);
  });
});
