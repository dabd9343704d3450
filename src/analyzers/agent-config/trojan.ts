// "Trojan Source" (CVE-2021-42574) in ordinary files: bidirectional controls that make code display
// in another order than the compiler reads it, and invisible characters inside code tokens.
// Right-to-left prose, emoji sequences and scripts that spell with joiners are left alone.
import { findHiddenRuns } from "./scan.js";
import type { HiddenRun } from "./scan.js";
import { BIDI_MARKS, BIDI_OPENERS, BIDI_OVERRIDES, IDENTIFIER_FILLERS, RTL_LETTER } from "./unicode.js";

const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const PDF = 0x202c;
const PDI = 0x2069;

export const BIDI_REASONS = ["unbalanced", "override", "no-rtl-text", "mark-without-rtl"] as const;
export type BidiReason = (typeof BIDI_REASONS)[number];

export interface BidiRun {
  line: number;
  column: number;
  endColumn: number;
  codePoints: number[];
  reason: BidiReason;
  visibleLine: string;
}

const isEmbedding = (cp: number): boolean => cp === 0x202a || cp === 0x202b || cp === 0x202d || cp === 0x202e;

/**
 * The controls on one line that are not explained by right-to-left text, with why: a control that
 * is never closed (or closes nothing) reorders the rest of the line; an override forces a direction
 * onto text, which prose never needs; an embedding or isolate whose content has no right-to-left
 * letter reorders Latin text and punctuation; a direction mark on a line with no right-to-left
 * letter has nothing to mark.
 */
export function suspiciousBidi(chars: readonly string[]): Map<number, BidiReason> {
  const codePoints = chars.map((ch) => ch.codePointAt(0) ?? 0);
  const flagged = new Map<number, BidiReason>();
  const open: number[] = [];
  const pairs: [number, number][] = [];
  codePoints.forEach((cp, index) => {
    if (BIDI_OPENERS.has(cp)) {
      open.push(index);
    } else if (cp === PDF) {
      const top = open.at(-1);
      if (top !== undefined && isEmbedding(codePoints[top] ?? 0)) {
        open.pop();
        pairs.push([top, index]);
      } else {
        flagged.set(index, "unbalanced");
      }
    } else if (cp === PDI) {
      // A PDI closes its isolate and any embedding left open inside it.
      let isolate = -1;
      for (let k = open.length - 1; k >= 0; k -= 1) {
        if (!isEmbedding(codePoints[open[k] ?? 0] ?? 0)) {
          isolate = k;
          break;
        }
      }
      if (isolate === -1) {
        flagged.set(index, "unbalanced");
        return;
      }
      for (const unclosed of open.splice(isolate + 1)) flagged.set(unclosed, "unbalanced");
      const opener = open.pop();
      if (opener !== undefined) pairs.push([opener, index]);
    }
  });
  for (const unclosed of open) flagged.set(unclosed, "unbalanced");
  for (const [opener, closer] of pairs) {
    if (flagged.has(opener)) continue;
    const reason: BidiReason | undefined = BIDI_OVERRIDES.has(codePoints[opener] ?? 0)
      ? "override"
      : RTL_LETTER.test(chars.slice(opener + 1, closer).join(""))
        ? undefined
        : "no-rtl-text";
    if (reason) {
      flagged.set(opener, reason);
      if (!flagged.has(closer)) flagged.set(closer, reason);
    }
  }
  const lineHasRtl = RTL_LETTER.test(chars.join(""));
  codePoints.forEach((cp, index) => {
    if (BIDI_MARKS.has(cp) && !lineHasRtl) flagged.set(index, "mark-without-rtl");
  });
  return flagged;
}

// When a line has several suspicious controls, the one that explains the most is reported.
const REASON_ORDER: readonly BidiReason[] = ["unbalanced", "override", "no-rtl-text", "mark-without-rtl"];

/** One run per line: from the first suspicious control to the last, with all of them listed. */
function bidiRunOnLine(line: string, lineNumber: number): BidiRun[] {
  const chars = Array.from(line);
  const flagged = suspiciousBidi(chars);
  if (flagged.size === 0) return [];
  const indexes = [...flagged.keys()].sort((a, b) => a - b);
  const reasons = new Set(flagged.values());
  return [
    {
      line: lineNumber,
      column: (indexes[0] ?? 0) + 1,
      endColumn: (indexes.at(-1) ?? 0) + 2,
      codePoints: indexes.map((i) => chars[i]?.codePointAt(0) ?? 0),
      reason: REASON_ORDER.find((r) => reasons.has(r)) ?? "unbalanced",
      visibleLine: chars.filter((ch) => !BIDI_CONTROL.test(ch)).join("").trim(),
    },
  ];
}

/** Per line, the bidi controls that reorder code rather than lay out right-to-left prose. */
export function findTrojanBidi(text: string): BidiRun[] {
  if (!BIDI_CONTROL.test(text)) return [];
  return text.split("\n").flatMap((line, index) => (BIDI_CONTROL.test(line) ? bidiRunOnLine(line, index + 1) : []));
}

const WHITESPACE = /^\s$/u;
const ASCII_WORD = /^[A-Za-z0-9_$]$/;

/**
 * Whether an invisible run sits inside a token. In code, anything but a run between two blanks (or
 * a blank and the line's edge) does; Hangul fillers always do, because they are letters a variable
 * can be named with. In prose files only a run inside an ASCII word counts: zero-width spaces have
 * typographic uses there (breaking an @mention or a long URL).
 */
function insideToken(run: HiddenRun, chars: readonly string[], prose: boolean): boolean {
  if (run.kind === "tag") return true;
  const before = chars[run.column - 2] ?? "";
  const after = chars[run.endColumn - 1] ?? "";
  if (prose) return ASCII_WORD.test(before) && ASCII_WORD.test(after);
  if (run.codePoints.some((cp) => IDENTIFIER_FILLERS.has(cp))) return true;
  const blank = (ch: string): boolean => ch === "" || WHITESPACE.test(ch);
  return !(blank(before) && blank(after));
}

/** Tag and zero-width runs inside code tokens; emoji and script uses are filtered by `findHiddenRuns`. */
export function findInvisibleInCode(text: string, prose: boolean): HiddenRun[] {
  const runs = findHiddenRuns(text).filter((run) => run.kind !== "bidi");
  if (runs.length === 0) return [];
  const lines = text.split("\n");
  return runs.filter((run) => insideToken(run, Array.from(lines[run.line - 1] ?? ""), prose));
}
