// Positions in scanned text: which part of a file is scanned, and where an offset sits as an
// editor shows it (1-based line, 1-based column in code points).

/** Minified bundles put megabytes on one line; past this many characters a line is not scanned. */
export const MAX_SCANNED_LINE = 4096;

/** The text with every line cut to `MAX_SCANNED_LINE` characters; line numbers are unchanged. */
export function scannableText(text: string): string {
  const parts: string[] = [];
  // Start of the stretch of text not yet copied into `parts`.
  let kept = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    if (lineEnd - lineStart > MAX_SCANNED_LINE) {
      parts.push(text.slice(kept, lineStart + MAX_SCANNED_LINE));
      kept = lineEnd;
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(kept));
  return parts.join("");
}

export { buildLineIndex, type LineIndex } from "../../core/text-position.js";
