// CVSS 3.x base scores, computed from the vector with the formula of the CVSS v3.1 specification
// (section 7.1, weights from section 7.4), and the qualitative rating scale of section 5.
// CVSS 3.0 vectors use the same metrics and weights; only the rounding function changed in 3.1 (to
// avoid floating-point artefacts), and the 3.1 rounding is applied to both.
import type { Severity } from "../../../core/types.js";

export type AdvisorySeverity = Exclude<Severity, "info">;

type Weights = Readonly<Record<string, number>>;

const ATTACK_VECTOR: Weights = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const ATTACK_COMPLEXITY: Weights = { L: 0.77, H: 0.44 };
const USER_INTERACTION: Weights = { N: 0.85, R: 0.62 };
const IMPACT: Weights = { H: 0.56, L: 0.22, N: 0 };
// Privileges weigh more when the impact crosses a security scope.
const PRIVILEGES_UNCHANGED: Weights = { N: 0.85, L: 0.62, H: 0.27 };
const PRIVILEGES_CHANGED: Weights = { N: 0.85, L: 0.68, H: 0.5 };

const BASE_METRICS = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"] as const;

function parseVector(vector: string): Map<string, string> | undefined {
  const [prefix, ...parts] = vector.trim().split("/");
  if (prefix !== "CVSS:3.0" && prefix !== "CVSS:3.1") return undefined;
  const metrics = new Map<string, string>();
  for (const part of parts) {
    const [metric, value, extra] = part.split(":");
    // A metric given twice makes the vector invalid under the specification.
    if (!metric || !value || extra !== undefined || metrics.has(metric)) return undefined;
    metrics.set(metric, value);
  }
  return BASE_METRICS.every((metric) => metrics.has(metric)) ? metrics : undefined;
}

/** The specification's Roundup: the smallest one-decimal number not below the input. */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

/** The base score (0.0 to 10.0) of a `CVSS:3.0/…` or `CVSS:3.1/…` vector; `undefined` if it is not one. */
export function cvss3BaseScore(vector: string): number | undefined {
  const metrics = parseVector(vector);
  if (!metrics) return undefined;
  const get = (metric: string, weights: Weights): number | undefined => {
    const value = metrics.get(metric);
    return value !== undefined && Object.hasOwn(weights, value) ? weights[value] : undefined;
  };
  const scope = metrics.get("S");
  if (scope !== "U" && scope !== "C") return undefined;
  const changed = scope === "C";
  const av = get("AV", ATTACK_VECTOR);
  const ac = get("AC", ATTACK_COMPLEXITY);
  const pr = get("PR", changed ? PRIVILEGES_CHANGED : PRIVILEGES_UNCHANGED);
  const ui = get("UI", USER_INTERACTION);
  const c = get("C", IMPACT);
  const i = get("I", IMPACT);
  const a = get("A", IMPACT);
  if (av === undefined || ac === undefined || pr === undefined || ui === undefined) return undefined;
  if (c === undefined || i === undefined || a === undefined) return undefined;

  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * av * ac * pr * ui;
  if (impact <= 0) return 0;
  return changed ? roundUp(Math.min(1.08 * (impact + exploitability), 10)) : roundUp(Math.min(impact + exploitability, 10));
}

/** The CVSS qualitative rating; a score of 0.0 ("None") has no severity. */
export function severityOfScore(score: number): AdvisorySeverity | undefined {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  if (score > 0) return "low";
  return undefined;
}

const DATABASE_SEVERITIES: Readonly<Record<string, AdvisorySeverity>> = {
  critical: "critical",
  high: "high",
  moderate: "medium",
  medium: "medium",
  low: "low",
};

/** A database's own label (`database_specific.severity`, e.g. GitHub's `MODERATE`). */
export function severityOfLabel(label: unknown): AdvisorySeverity | undefined {
  if (typeof label !== "string") return undefined;
  const key = label.trim().toLowerCase();
  return Object.hasOwn(DATABASE_SEVERITIES, key) ? DATABASE_SEVERITIES[key] : undefined;
}

export interface DerivedSeverity {
  severity?: AdvisorySeverity;
  /** The computed CVSS 3.x base score, when a 3.x vector was given. */
  cvssScore?: number;
  /** The vector the score came from, or the CVSS 4.0 vector when that is all there is. */
  cvssVector?: string;
}

/**
 * Severity from OSV `severity` entries and a database label. A CVSS 3.x vector wins because its score
 * is computed here; a CVSS 4.0 score needs the specification's macro-vector tables, so a 4.0-only
 * advisory takes the database's label and keeps its vector for display.
 */
export function deriveSeverity(scores: readonly { type: string; score: string }[], label: unknown): DerivedSeverity {
  for (const entry of scores) {
    if (entry.type !== "CVSS_V3") continue;
    const score = cvss3BaseScore(entry.score);
    if (score === undefined) continue;
    const severity = severityOfScore(score) ?? severityOfLabel(label);
    return { ...(severity ? { severity } : {}), cvssScore: score, cvssVector: entry.score.trim() };
  }
  const severity = severityOfLabel(label);
  const v4 = scores.find((entry) => entry.type === "CVSS_V4");
  return { ...(severity ? { severity } : {}), ...(v4 ? { cvssVector: v4.score.trim() } : {}) };
}
