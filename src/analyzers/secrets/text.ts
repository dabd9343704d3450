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

export interface LineIndex {
  /** 1-based line and column (code points) of a UTF-16 offset. */
  position(offset: number): { line: number; column: number };
}

export function buildLineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return {
    position(offset: number) {
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if ((starts[mid] ?? 0) <= offset) low = mid;
        else high = mid - 1;
      }
      const lineStart = starts[low] ?? 0;
      return { line: low + 1, column: codePointCount(text, lineStart, offset) + 1 };
    },
  };
}

function codePointCount(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i += 1) {
    const code = text.charCodeAt(i);
    // The second half of a surrogate pair is not a character of its own.
    if (code < 0xdc00 || code > 0xdfff) count += 1;
  }
  return count;
}
