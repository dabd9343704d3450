// Turns hidden-character runs into findings with messages a reviewer can act on.
import { createSecretScanner, maskSecret, SECRET_RULES, sha256Hex } from "../secrets/index.js";
import type { AnalyzerFinding, RuleMeta } from "../types.js";
import { BIDI_RULE, UNICODE_TAG_RULE, ZERO_WIDTH_RULE } from "./rules.js";
import type { HiddenRun } from "./scan.js";
import { codePointLabel, decodeTags } from "./unicode.js";
import type { HiddenKind } from "./unicode.js";

const RULE_BY_KIND: Record<HiddenKind, RuleMeta> = {
  tag: UNICODE_TAG_RULE,
  "zero-width": ZERO_WIDTH_RULE,
  bidi: BIDI_RULE,
};

const MAX_DECODED_SHOWN = 160;
const secretScanner = createSecretScanner(SECRET_RULES);

/** Hidden text is shown to the reviewer, except any secret inside it. */
export function revealHiddenText(decoded: string): string {
  let shown = "";
  let from = 0;
  for (const match of secretScanner.scan(decoded)) {
    if (match.start < from) continue;
    shown += decoded.slice(from, match.start) + maskSecret(match.secret, match.rule.visiblePrefix);
    from = match.end;
  }
  shown += decoded.slice(from);
  return shown.length > MAX_DECODED_SHOWN ? `${shown.slice(0, MAX_DECODED_SHOWN)}…` : shown;
}

/** "U+200B ZERO WIDTH SPACE ×3, U+2060 WORD JOINER" in order of first appearance. */
function describeCodePoints(codePoints: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const cp of codePoints) counts.set(cp, (counts.get(cp) ?? 0) + 1);
  const labels = [...counts].map(([cp, count]) => (count > 1 ? `${codePointLabel(cp)} ×${count}` : codePointLabel(cp)));
  return labels.length > 4 ? `${labels.slice(0, 4).join(", ")}, …` : labels.join(", ");
}

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase()}`;
}

function evidence(run: HiddenRun): string {
  if (run.kind !== "tag") return describeCodePoints(run.codePoints);
  const first = run.codePoints[0] ?? 0;
  const last = run.codePoints.at(-1) ?? first;
  const span = run.codePoints.length > 1 ? `${hex(first)}…${hex(last)}` : hex(first);
  return `${plural(run.codePoints.length, "tag character")} ${span}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function message(run: HiddenRun): string {
  const count = run.codePoints.length;
  if (run.kind === "tag") {
    const decoded = decodeTags(run.codePoints);
    const spelled = decoded.length > 0 ? `; they spell ${JSON.stringify(revealHiddenText(decoded))}` : "";
    return `${plural(count, "invisible Unicode tag character")} hidden in agent instructions${spelled}. Agents read this text; reviewers cannot see it.`;
  }
  if (run.kind === "zero-width") {
    return `${plural(count, "zero-width character")} (${describeCodePoints(run.codePoints)}) hidden in agent instructions.`;
  }
  const balance = run.balanced
    ? "the line's bidi controls are balanced"
    : "the line's bidi controls are unbalanced, so the reordering runs on to the end of the line";
  const verb = count === 1 ? "changes" : "change";
  return `${plural(count, "bidirectional control character")} (${describeCodePoints(run.codePoints)}) ${verb} how this line of agent instructions is displayed; ${balance}.`;
}

export function toFinding(path: string, run: HiddenRun): AnalyzerFinding {
  const rule = RULE_BY_KIND[run.kind];
  const runText = String.fromCodePoint(...run.codePoints);
  return {
    ruleId: rule.id,
    severity: rule.severity,
    cwe: [...rule.cwe],
    message: message(run),
    location: { path, startLine: run.line, startColumn: run.column, endLine: run.line, endColumn: run.endColumn },
    evidence: `${evidence(run)} at column ${run.column}`,
    // Hashed: tag runs can spell a secret.
    fingerprintText: sha256Hex(`${run.kind}\0${runText}\0${run.visibleLine}`),
  };
}
