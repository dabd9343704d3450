import { createHash } from "node:crypto";
import type { TaggedFinding } from "../analyzers/run.js";
import type { Finding, LineAttribution } from "./types.js";

/** Decides whether a location was written by an AI, from line attributions of the change. */
export type AiLineLookup = (path: string, startLine: number, endLine: number) => boolean;

export function aiLineLookup(lines: LineAttribution[]): AiLineLookup {
  const byPath = new Map<string, LineAttribution[]>();
  for (const l of lines) {
    // A heuristic hint alone never makes a line AI-written for decisions.
    const verified = l.attribution.evidence.some((e) => e.source !== "heuristic");
    if (!verified || (l.attribution.contributor !== "ai" && l.attribution.contributor !== "mixed")) continue;
    const list = byPath.get(l.path) ?? [];
    list.push(l);
    byPath.set(l.path, list);
  }
  return (path, startLine, endLine) =>
    (byPath.get(path) ?? []).some((l) => l.lines.start <= endLine && l.lines.end >= startLine);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.location.path.localeCompare(b.location.path) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

/**
 * Turns raw analyzer output into findings: fingerprints that survive line moves (rule, path, matched text
 * and the occurrence number of identical matches), AI attribution, duplicates removed, stable order.
 */
export function finalizeFindings(raw: TaggedFinding[], isAi: AiLineLookup = () => false): Finding[] {
  const sorted = raw
    .map(
      (f): Finding & { fingerprintText: string } => ({
        ruleId: f.ruleId,
        analyzer: f.analyzer,
        severity: f.severity,
        cwe: [...f.cwe].sort(),
        message: f.message,
        location: f.location,
        fingerprint: "",
        aiAttributed: isAi(f.location.path, f.location.startLine, f.location.endLine),
        evidence: f.evidence,
        fingerprintText: f.fingerprintText,
      }),
    )
    .sort(compareFindings);
  const seenLocations = new Set<string>();
  const occurrences = new Map<string, number>();
  const result: Finding[] = [];
  for (const { fingerprintText, ...finding } of sorted) {
    const where = `${finding.ruleId}\0${finding.location.path}\0${finding.location.startLine}\0${finding.location.startColumn}`;
    if (seenLocations.has(where)) continue;
    seenLocations.add(where);
    const base = `${finding.ruleId}\0${finding.location.path}\0${fingerprintText}`;
    const n = occurrences.get(base) ?? 0;
    occurrences.set(base, n + 1);
    finding.fingerprint = createHash("sha256").update(`${base}\0${n}`).digest("hex").slice(0, 32);
    result.push(finding);
  }
  return result;
}
