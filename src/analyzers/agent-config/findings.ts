// Turns what the scans found into findings with messages a reviewer can act on.
import { sha256Hex } from "../secrets/index.js";
import type { AnalyzerFinding, RuleMeta } from "../types.js";
import type { Span } from "./config-tree.js";
import { LATIN_LOOKALIKES } from "./homoglyphs.js";
import type { HomoglyphWord } from "./homoglyphs.js";
import { BIDI_RULE, HOMOGLYPH_RULE, INVISIBLE_IN_CODE_RULE, TROJAN_SOURCE_RULE, UNICODE_TAG_RULE, ZERO_WIDTH_RULE } from "./rules.js";
import type { HiddenRun } from "./scan.js";
import { maskSecretsIn } from "./text.js";
import type { BidiReason, BidiRun } from "./trojan.js";
import { codePointLabel, decodeTags } from "./unicode.js";
import type { HiddenKind } from "./unicode.js";

const RULE_BY_KIND: Record<HiddenKind, RuleMeta> = {
  tag: UNICODE_TAG_RULE,
  "zero-width": ZERO_WIDTH_RULE,
  bidi: BIDI_RULE,
};

const MAX_DECODED_SHOWN = 160;

/** Hidden text is shown to the reviewer, except any secret inside it. */
export function revealHiddenText(decoded: string): string {
  const shown = maskSecretsIn(decoded);
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

/** One problem in a structured agent configuration, located at the value it is about. */
export interface SettingIssue {
  rule: RuleMeta;
  span: Span;
  message: string;
  /** Masked; safe to print. */
  evidence: string;
  /** What identifies the problem across edits: the setting's path and value, never a line number. */
  identity: string;
}

export function settingFinding(path: string, issue: SettingIssue): AnalyzerFinding {
  const { rule, span } = issue;
  return {
    ruleId: rule.id,
    severity: rule.severity,
    cwe: [...rule.cwe],
    message: issue.message,
    location: { path, ...span },
    evidence: issue.evidence,
    // Hashed: the identity may contain a credential.
    fingerprintText: sha256Hex(`${rule.id}\0${issue.identity}`),
  };
}

const BIDI_REASON_TEXT: Record<BidiReason, string> = {
  unbalanced: "it is never closed (or closes nothing), so the reordering runs on to the end of the line",
  override: "an override forces a direction onto the text, which right-to-left prose never needs",
  "no-rtl-text": "it wraps text with no right-to-left letters, so it only reorders code and punctuation",
  "mark-without-rtl": "there is no right-to-left text on the line for it to mark",
};

export function trojanFinding(path: string, run: BidiRun): AnalyzerFinding {
  const count = run.codePoints.length;
  return {
    ruleId: TROJAN_SOURCE_RULE.id,
    severity: TROJAN_SOURCE_RULE.severity,
    cwe: [...TROJAN_SOURCE_RULE.cwe],
    message: `${plural(count, "bidirectional control character")} (${describeCodePoints(run.codePoints)}) ${count === 1 ? "changes" : "change"} how this line is displayed: ${BIDI_REASON_TEXT[run.reason]}.`,
    location: { path, startLine: run.line, startColumn: run.column, endLine: run.line, endColumn: run.endColumn },
    evidence: `${describeCodePoints(run.codePoints)} at column ${run.column}`,
    fingerprintText: sha256Hex(`bidi\0${String.fromCodePoint(...run.codePoints)}\0${run.visibleLine}`),
  };
}

export function invisibleFinding(path: string, run: HiddenRun): AnalyzerFinding {
  const count = run.codePoints.length;
  const decoded = run.kind === "tag" ? decodeTags(run.codePoints) : "";
  const what =
    run.kind === "tag"
      ? `${plural(count, "invisible Unicode tag character")}${decoded.length > 0 ? ` spelling ${JSON.stringify(revealHiddenText(decoded))}` : ""}`
      : `${plural(count, "invisible character")} (${describeCodePoints(run.codePoints)})`;
  return {
    ruleId: INVISIBLE_IN_CODE_RULE.id,
    severity: INVISIBLE_IN_CODE_RULE.severity,
    cwe: [...INVISIBLE_IN_CODE_RULE.cwe],
    message:
      run.kind === "tag"
        ? `${what} hidden in this file: no editor shows them, but agents and other tools read them.`
        : `${what} inside a token: two names or strings that look the same here are different.`,
    location: { path, startLine: run.line, startColumn: run.column, endLine: run.line, endColumn: run.endColumn },
    evidence: `${evidence(run)} at column ${run.column}`,
    // Hashed: tag runs can spell a secret.
    fingerprintText: sha256Hex(`${run.kind}\0${String.fromCodePoint(...run.codePoints)}\0${run.visibleLine}`),
  };
}

function lookalikeLabel(cp: number): string {
  const ch = String.fromCodePoint(cp);
  const script = /\p{Script=Greek}/u.test(ch) ? "Greek" : "Cyrillic";
  return `${script} ${ch} (U+${cp.toString(16).toUpperCase().padStart(4, "0")}, looks like Latin ${LATIN_LOOKALIKES.get(cp) ?? "?"})`;
}

export function homoglyphFinding(path: string, word: HomoglyphWord): AnalyzerFinding {
  const labels = word.lookalikes.map(lookalikeLabel);
  return {
    ruleId: HOMOGLYPH_RULE.id,
    severity: HOMOGLYPH_RULE.severity,
    cwe: [...HOMOGLYPH_RULE.cwe],
    message: `\`${word.word}\` reads as \`${word.skeleton}\` but contains ${labels.join(", ")}: it is a different name from the one it imitates.`,
    location: { path, startLine: word.line, startColumn: word.column, endLine: word.line, endColumn: word.endColumn },
    evidence: `${word.word} → ${word.skeleton}`,
    fingerprintText: `homoglyph\0${word.word}`,
  };
}
