// The risk score: a 0–100 summary that orders review queues and appears beside every decision. It
// never decides an outcome by itself (rules do, and can read it as `risk.score`).
//
// Formula. Each factor gives whole points, capped per factor; the score is the sum, capped at 100:
//   ai-share           round(25 × AI share of added lines)                          max 25
//   ai-critical-lines  0 if none, else 10 + AI lines in critical paths               max 30
//   ai-high-lines      0 if none, else 5 + ⌊AI lines in high paths / 5⌋              max 15
//   findings-critical  25 per critical finding                                        max 50
//   findings-high      10 per high finding                                            max 30
//   findings-medium    4 per medium finding                                           max 12
//   findings-low       1 per low finding                                              max 5
//   new-dependencies   3 per added dependency                                         max 15
//   suspicious-dependencies  20 per malicious, hallucinated or typosquat package        max 40
//   change-size        added + deleted lines: <50 → 0, <200 → 3, <500 → 6, <1000 → 8, else 10
// Every factor is always listed (with 0 points when it does not apply) so two decisions compare line by line.

import type { RiskFactor, Severity } from "../core/types.js";
import type { ChangeFacts } from "./facts.js";

export const MAX_RISK_SCORE = 100;

export interface RiskAssessment {
  score: number;
  factors: RiskFactor[];
}

const FINDING_POINTS: ReadonlyArray<{ severity: Severity; each: number; max: number }> = [
  { severity: "critical", each: 25, max: 50 },
  { severity: "high", each: 10, max: 30 },
  { severity: "medium", each: 4, max: 12 },
  { severity: "low", each: 1, max: 5 },
];

const SIZE_TIERS: ReadonlyArray<{ below: number; points: number }> = [
  { below: 50, points: 0 },
  { below: 200, points: 3 },
  { below: 500, points: 6 },
  { below: 1000, points: 8 },
];

export function scoreRisk(facts: ChangeFacts): RiskAssessment {
  const { ai, change, deps } = facts;
  const suspicious = deps.malicious.length + deps.hallucinated.length + deps.typosquat.length;
  const size = change.addedLines + change.deletedLines;
  const factors: RiskFactor[] = [
    { name: "ai-share", value: ai.share, points: Math.min(25, Math.round(25 * ai.share)) },
    { name: "ai-critical-lines", value: ai.criticalLines, points: ai.criticalLines === 0 ? 0 : Math.min(30, 10 + ai.criticalLines) },
    { name: "ai-high-lines", value: ai.highLines, points: ai.highLines === 0 ? 0 : Math.min(15, 5 + Math.floor(ai.highLines / 5)) },
    ...FINDING_POINTS.map(({ severity, each, max }) => {
      const count = facts.findings.filter((finding) => finding.severity === severity).length;
      return { name: `findings-${severity}`, value: count, points: Math.min(max, each * count) };
    }),
    { name: "new-dependencies", value: deps.added.length, points: Math.min(15, 3 * deps.added.length) },
    { name: "suspicious-dependencies", value: suspicious, points: Math.min(40, 20 * suspicious) },
    { name: "change-size", value: size, points: SIZE_TIERS.find((tier) => size < tier.below)?.points ?? 10 },
  ];
  const total = factors.reduce((sum, factor) => sum + factor.points, 0);
  return { score: Math.min(MAX_RISK_SCORE, total), factors };
}
