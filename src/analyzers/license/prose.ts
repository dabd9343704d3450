// A file's text as prose: comment markers stripped from each line, whitespace collapsed, lines joined
// by single spaces, so a license notice reads the same whether it sits in `/* … */`, `#` or `//`
// comments or in a plain text file. Offsets in the prose map back to 1-based lines.

// Leading markers, longest first; repeated (` * //` and `#'` both occur).
const LEADER = /^(?:\/\*+!?|\*+\/|\/{2,3}!?|\*+|#+'?|--+|;+|%+|<!--|-->|"""|'''|\(\*|\*\)|\{-|-\}|'|!|dnl\b|REM\b|::)\s*/i;
const TRAILER = /\s*(?:\*+\/|-->|\*\)|-\}|"""|''')\s*$/;

export interface Prose {
  text: string;
  /** Offset in `text` where each line (index 0 = line 1) starts. */
  starts: number[];
}

export function stripCommentMarkers(line: string): string {
  let rest = line.trim();
  for (let i = 0; i < 4; i += 1) {
    const match = LEADER.exec(rest);
    if (!match || match[0] === "") break;
    rest = rest.slice(match[0].length);
  }
  return rest.replace(TRAILER, "").replace(/\s+/g, " ").trim();
}

export function toProse(text: string): Prose {
  const lines = text.split("\n");
  const parts: string[] = [];
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    const stripped = stripCommentMarkers(line);
    starts.push(offset);
    parts.push(stripped);
    offset += stripped.length + 1;
  }
  return { text: parts.join(" "), starts };
}

/** The 1-based line an offset of the prose falls on. */
export function lineAt(prose: Prose, offset: number): number {
  let low = 0;
  let high = prose.starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((prose.starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}
