// Pieces every reader of git's unified-diff output needs: splitting a byte stream into lines, the
// `@@` hunk header and the new-side path of a `+++` line.
import { unquoteCPath } from "./quote.js";

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export interface HunkHeader {
  /** Lines the hunk removes from the old side. */
  removed: number;
  /** First line of the hunk on the new side (1-based). */
  start: number;
  /** Lines the hunk adds on the new side. */
  added: number;
}

function count(field: string | undefined): number {
  // A count left out of a hunk header means one line.
  if (field === undefined) return 1;
  const value = Number.parseInt(field, 10);
  return Number.isFinite(value) ? value : 0;
}

export function parseHunkHeader(line: string): HunkHeader | undefined {
  const match = HUNK_HEADER.exec(line);
  if (!match) return undefined;
  const start = Number.parseInt(match[2] ?? "0", 10);
  return { removed: count(match[1]), start: Number.isFinite(start) ? start : 0, added: count(match[3]) };
}

/** The path of a `+++ b/path` line (C-quoted when odd; git appends a tab after a name holding a space). */
export function newSidePath(line: string): string | undefined {
  const field = line.slice(4).replace(/\t$/, "");
  if (field === "/dev/null") return undefined;
  const path = unquoteCPath(field);
  return path.startsWith("b/") ? path.slice(2) : path;
}

export interface LineSplitter {
  push(chunk: Buffer): void;
  /** Hands over the last line when it had no newline. */
  end(): void;
}

/** Calls `onLine` with each newline-terminated line of a stream, without the newline. */
export function lineSplitter(onLine: (line: Buffer) => void): LineSplitter {
  let pending = Buffer.alloc(0);
  return {
    push(chunk) {
      const data = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let start = 0;
      for (let end = data.indexOf(0x0a, start); end !== -1; end = data.indexOf(0x0a, start)) {
        onLine(data.subarray(start, end));
        start = end + 1;
      }
      pending = Buffer.from(data.subarray(start));
    },
    end() {
      if (pending.length > 0) onLine(pending);
      pending = Buffer.alloc(0);
    },
  };
}
