// Where an offset in a text sits as an editor shows it: 1-based line, 1-based column counted in code
// points, so a line with emoji still lines up.

/** Code points in `text[from, to)`: the second half of a surrogate pair is not a character of its own. */
export function codePointCount(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to && i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff) count += 1;
  }
  return count;
}

/** The 1-based column of UTF-16 index `utf16Index` in `line`. */
export function codePointColumn(line: string, utf16Index: number): number {
  return codePointCount(line, 0, utf16Index) + 1;
}

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in code points. */
  column: number;
}

export interface LineIndex {
  position(offset: number): Position;
}

/** Binary search over line starts: one pass to build, logarithmic per look-up. */
export function buildLineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return {
    position(offset: number): Position {
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
