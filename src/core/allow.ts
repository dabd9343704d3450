// Policy allowlists: findings the policy accepts by path, rule and regex, each entry with a reason.
// They live in the policy (read from the base commit in a gate) so that a change cannot allowlist
// its own findings. A regex is matched against the text the finding points at — the secret itself
// for a secrets finding — on RE2, so a hostile pattern cannot stall a scan.
import picomatch from "picomatch";
import type { AllowEntry } from "../policy/schema.js";
import { compileUserRegex } from "./safe-regex.js";
import type { Finding } from "./types.js";

export interface AllowedFinding {
  ruleId: string;
  path: string;
  line: number;
  fingerprint: string;
  /** Masked, as everywhere. */
  evidence: string;
  /** The matching entry's reason. */
  reason: string;
}

export type Allowlist = (finding: Finding, text: string | undefined) => string | undefined;

/** Longer located text is cut here before a regex sees it; no secret or code span needs more. */
const MAX_MATCHED_TEXT = 4_096;

const splitCache = new Map<string, string[]>();

function linesOf(text: string): string[] {
  let lines = splitCache.get(text);
  if (!lines) {
    // One file at a time is enough: findings arrive grouped by file.
    splitCache.clear();
    lines = text.split("\n");
    splitCache.set(text, lines);
  }
  return lines;
}

/** The text between a finding's start and end (1-based lines, code-point columns, end exclusive). */
export function locatedText(text: string, location: Finding["location"]): string {
  const lines = linesOf(text);
  const picked: string[] = [];
  for (let line = location.startLine; line <= location.endLine && picked.join("\n").length < MAX_MATCHED_TEXT; line += 1) {
    const chars = Array.from((lines[line - 1] ?? "").replace(/\r$/, ""));
    const from = line === location.startLine ? location.startColumn - 1 : 0;
    const to = line === location.endLine ? location.endColumn - 1 : chars.length;
    picked.push(chars.slice(from, to).join(""));
  }
  return picked.join("\n").slice(0, MAX_MATCHED_TEXT);
}

export function compileAllowlist(entries: readonly AllowEntry[]): Allowlist {
  const compiled = entries.map((entry, index) => ({
    reason: entry.reason,
    path: entry.paths ? picomatch(entry.paths, { dot: true }) : undefined,
    rule: entry.rules ? picomatch(entry.rules) : undefined,
    regex: entry.regex === undefined ? undefined : compileUserRegex(entry.regex, `allow[${index}].regex`),
  }));
  return (finding, text) => {
    for (const entry of compiled) {
      if (entry.path && !entry.path(finding.location.path)) continue;
      if (entry.rule && !entry.rule(finding.ruleId)) continue;
      if (entry.regex && (text === undefined || !entry.regex.test(locatedText(text, finding.location)))) continue;
      return entry.reason;
    }
    return undefined;
  };
}
