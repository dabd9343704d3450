// Parsers for `git diff-tree` output: the NUL-separated raw and numstat listings, and the -U0 patch,
// read as a stream so a huge patch is never held in memory as text.
import type { FileStatus, Hunk } from "../core/types.js";
import { lineSplitter, newSidePath, parseHunkHeader } from "./patch.js";

export interface RawEntry {
  oldMode: string;
  newMode: string;
  status: FileStatus;
  path: string;
  oldPath?: string;
}

export interface NumstatEntry {
  path: string;
  binary: boolean;
  added: number;
  deleted: number;
}

const STATUS_LETTERS: Record<string, FileStatus> = {
  A: "added",
  M: "modified",
  D: "deleted",
  R: "renamed",
  C: "copied",
  T: "type-changed",
};

/** NUL-terminated fields; a trailing field without its NUL is incomplete and dropped. */
export function splitNul(output: Buffer): string[] {
  const fields: string[] = [];
  let start = 0;
  for (let end = output.indexOf(0, start); end !== -1; end = output.indexOf(0, start)) {
    fields.push(output.subarray(start, end).toString("utf8"));
    start = end + 1;
  }
  return fields;
}

/** `git diff-tree -r -z --raw`: `:oldmode newmode oldsha newsha S[score]` then one path, or two for R/C. */
export function parseRaw(output: Buffer): RawEntry[] {
  const fields = splitNul(output);
  const entries: RawEntry[] = [];
  let i = 0;
  while (i < fields.length) {
    const header = fields[i] ?? "";
    if (!header.startsWith(":")) break;
    const [oldMode = "", newMode = "", , , statusField = ""] = header.slice(1).split(" ");
    const letter = statusField.charAt(0);
    const status = STATUS_LETTERS[letter] ?? "modified";
    const twoPaths = letter === "R" || letter === "C";
    const first = fields[i + 1];
    const second = twoPaths ? fields[i + 2] : first;
    if (first === undefined || second === undefined) break;
    entries.push(twoPaths ? { oldMode, newMode, status, path: second, oldPath: first } : { oldMode, newMode, status, path: first });
    i += twoPaths ? 3 : 2;
  }
  return entries;
}

function count(field: string): number {
  const value = Number.parseInt(field, 10);
  return Number.isFinite(value) ? value : 0;
}

/** `git diff-tree -r -z --numstat`: `added\tdeleted\tpath`, or `added\tdeleted\t` then old and new path. */
export function parseNumstat(output: Buffer): NumstatEntry[] {
  const fields = splitNul(output);
  const entries: NumstatEntry[] = [];
  let i = 0;
  while (i < fields.length) {
    const field = fields[i] ?? "";
    const firstTab = field.indexOf("\t");
    const secondTab = field.indexOf("\t", firstTab + 1);
    if (firstTab === -1 || secondTab === -1) break;
    const added = field.slice(0, firstTab);
    const deleted = field.slice(firstTab + 1, secondTab);
    const inlinePath = field.slice(secondTab + 1);
    const path = inlinePath === "" ? fields[i + 2] : inlinePath;
    if (path === undefined) break;
    const binary = added === "-" && deleted === "-";
    entries.push({ path, binary, added: binary ? 0 : count(added), deleted: binary ? 0 : count(deleted) });
    i += inlinePath === "" ? 3 : 1;
  }
  return entries;
}

export interface PatchResult {
  /** Added ranges by head path. */
  hunks: Map<string, Hunk[]>;
  /** Hunks past the per-file limit, by path. */
  dropped: Map<string, number>;
  /** Paths whose section was read to its end. */
  complete: Set<string>;
  /** The path whose section was being read when the output stopped. */
  cut?: string;
}

export interface PatchReader {
  push(chunk: Buffer): void;
  finish(truncated: boolean): PatchResult;
}

const PLUS = 0x2b;
const MINUS = 0x2d;
const BACKSLASH = 0x5c;

/** Reads `git diff-tree -p -U0 --dst-prefix=b/` output: only the added ranges of the new side matter. */
export function createPatchReader(maxHunksPerFile: number): PatchReader {
  const result: PatchResult = { hunks: new Map(), dropped: new Map(), complete: new Set() };
  let path: string | undefined;
  let oldLeft = 0;
  let newLeft = 0;

  function closeSection(): void {
    if (path !== undefined) result.complete.add(path);
    path = undefined;
    oldLeft = 0;
    newLeft = 0;
  }

  function addHunk(start: number, length: number): void {
    if (path === undefined || length === 0) return;
    const list = result.hunks.get(path) ?? [];
    if (list.length >= maxHunksPerFile) {
      result.dropped.set(path, (result.dropped.get(path) ?? 0) + 1);
      return;
    }
    list.push({ added: { start, end: start + length - 1 } });
    result.hunks.set(path, list);
  }

  function onLine(line: Buffer): void {
    const first = line[0];
    // Inside a hunk the header told us how many lines follow, so file content is never mistaken
    // for a header however it looks.
    if (oldLeft + newLeft > 0 && (first === PLUS || first === MINUS)) {
      if (first === PLUS) newLeft -= 1;
      else oldLeft -= 1;
      return;
    }
    if (first === BACKSLASH) return;
    const text = line.toString("utf8");
    if (text.startsWith("diff --git ")) {
      closeSection();
      return;
    }
    if (text.startsWith("+++ ")) {
      path = newSidePath(text);
      return;
    }
    const header = parseHunkHeader(text);
    if (!header) return;
    oldLeft = header.removed;
    newLeft = header.added;
    addHunk(header.start, newLeft);
  }

  const lines = lineSplitter(onLine);

  return {
    push(chunk: Buffer): void {
      lines.push(chunk);
    },
    finish(truncated: boolean): PatchResult {
      if (truncated) {
        if (path !== undefined) result.cut = path;
        return result;
      }
      lines.end();
      closeSection();
      return result;
    },
  };
}
