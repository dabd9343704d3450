// Positions and excerpts: where an offset sits as an editor shows it (1-based line, 1-based column
// in code points), and short quotations that never carry a secret or an invisible character.
import { defaultSecretScanner, maskSecret } from "../secrets/index.js";
import { hiddenKind } from "./unicode.js";

/** Past this many characters a line is quoted in part; whole minified bundles are never quoted. */
export const MAX_EXCERPT = 120;

export { buildLineIndex, codePointColumn, type LineIndex, type Position } from "../../core/text-position.js";


/** The text with every secret the secrets rules recognise replaced by its masked form. */
export function maskSecretsIn(text: string): string {
  let shown = "";
  let from = 0;
  for (const match of defaultSecretScanner().scan(text)) {
    if (match.start < from) continue;
    shown += text.slice(from, match.start) + maskSecret(match.secret, match.rule.visiblePrefix);
    from = match.end;
  }
  return shown + text.slice(from);
}

function visible(text: string): string {
  return Array.from(text)
    .filter((ch) => hiddenKind(ch.codePointAt(0) ?? 0) === undefined)
    .join("");
}

/** Lines longer than this are quoted from their first part only: the secrets scan stops there too. */
const MAX_MASKED_LINE = 4096;

interface MaskedSpan {
  start: number;
  end: number;
  maskedStart: number;
  maskedEnd: number;
}

/** The line with its secrets masked, and where each original offset lands in the masked text. */
function maskLine(line: string): { text: string; map: (offset: number) => number } {
  let text = "";
  let from = 0;
  const spans: MaskedSpan[] = [];
  for (const match of defaultSecretScanner().scan(line)) {
    if (match.start < from) continue;
    text += line.slice(from, match.start);
    const maskedStart = text.length;
    text += maskSecret(match.secret, match.rule.visiblePrefix);
    spans.push({ start: match.start, end: match.end, maskedStart, maskedEnd: text.length });
    from = match.end;
  }
  text += line.slice(from);
  const map = (offset: number): number => {
    let shift = 0;
    for (const span of spans) {
      if (offset < span.start) break;
      if (offset < span.end) return span.maskedStart;
      shift = span.maskedEnd - span.end;
    }
    return offset + shift;
  };
  return { text, map };
}

/**
 * A quotation of `line` around `[start, end)` (UTF-16 offsets): at most `MAX_EXCERPT` characters,
 * whitespace collapsed, hidden characters dropped and secrets masked. Secrets are masked on the
 * whole line before it is cut, so a token that straddles the cut is never half shown.
 */
export function excerpt(line: string, start: number, end: number): string {
  const truncated = line.length > MAX_MASKED_LINE;
  const masked = maskLine(truncated ? line.slice(0, MAX_MASKED_LINE) : line);
  const from = masked.map(Math.min(start, MAX_MASKED_LINE));
  const to = Math.max(from, masked.map(Math.min(end, MAX_MASKED_LINE)));
  const room = Math.max(0, MAX_EXCERPT - (to - from));
  const cutFrom = Math.max(0, from - Math.floor(room / 2));
  const cutTo = Math.min(masked.text.length, cutFrom + MAX_EXCERPT);
  const body = visible(masked.text.slice(cutFrom, cutTo)).replace(/\s+/g, " ").trim();
  return `${cutFrom > 0 ? "…" : ""}${body}${cutTo < masked.text.length || truncated ? "…" : ""}`;
}
