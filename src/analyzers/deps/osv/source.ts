// Where OSV records come from: an export archive (`<Ecosystem>/all.zip`), a directory tree of `.json`
// files (a clone of an advisory repository), or one `.json` file. Each yields the text of every JSON
// document with a label for messages; the same size limits apply to all three.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { CustodyError } from "../../../core/errors.js";
import { openZip } from "./zip.js";
import type { ImportLimits } from "./zip.js";

export type SourceKind = "zip" | "directory" | "file";

export type SourceDocument = { file: string; text: string } | { file: string; error: string };

const isJsonName = (name: string): boolean => name.toLowerCase().endsWith(".json");
const decoder = new TextDecoder("utf-8", { fatal: true });

function unreadable(path: string, error: unknown): CustodyError {
  const detail = error instanceof Error ? error.message : String(error);
  return new CustodyError("file-unreadable", `cannot read OSV source ${path}: ${detail}`, { cause: error });
}

function tooLarge(path: string, what: string, limit: number): CustodyError {
  return new CustodyError("input-too-large", `${path}: ${what} exceeds the limit of ${limit.toLocaleString("en-US")}`);
}

function startsLikeZip(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    // A local file header, or the end record of an archive with no entries.
    return n === 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
  } finally {
    closeSync(fd);
  }
}

export function sourceKind(path: string): SourceKind {
  try {
    if (statSync(path).isDirectory()) return "directory";
    return startsLikeZip(path) ? "zip" : "file";
  } catch (error) {
    throw unreadable(path, error);
  }
}

function decode(file: string, bytes: Uint8Array): SourceDocument {
  try {
    return { file, text: decoder.decode(bytes) };
  } catch {
    return { file, error: "not UTF-8 text" };
  }
}

/** Every `.json` file under `root`, sorted; symbolic links are not followed, so the walk stays inside. */
function jsonFiles(root: string, limits: ImportLimits): string[] {
  const found: string[] = [];
  const pending = [root];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && isJsonName(entry.name)) found.push(path);
      if (found.length > limits.maxEntries) throw tooLarge(root, "the number of JSON files", limits.maxEntries);
    }
  }
  return found.sort();
}

export interface OsvSource {
  kind: SourceKind;
  /** How many documents `documents` will yield. */
  count: number;
  documents(): Generator<SourceDocument, void, undefined>;
}

/** Reads one file through a descriptor, so the size checked is the size read. */
function readBounded(path: string, followLink: boolean, room: number): Buffer | "too-large" {
  const flags = followLink ? constants.O_RDONLY : constants.O_RDONLY | constants.O_NOFOLLOW;
  const fd = openSync(path, flags);
  try {
    const size = fstatSync(fd).size;
    if (size > room) return "too-large";
    const bytes = Buffer.alloc(size);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, bytes, done, size - done, done);
      // The file shrank while being read; what was read is judged as it is.
      if (n === 0) break;
      done += n;
    }
    return bytes.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

function* readFiles(root: string, files: readonly string[], limits: ImportLimits, followLinks: boolean): Generator<SourceDocument, void, undefined> {
  let total = 0;
  for (const path of files) {
    const file = relative(root, path) || path;
    let bytes: Buffer | "too-large";
    try {
      bytes = readBounded(path, followLinks, limits.maxEntryBytes);
    } catch (error) {
      // A file that vanished or turned into a link since the walk is one unreadable record.
      yield { file, error: `cannot read: ${error instanceof Error ? error.message : String(error)}` };
      continue;
    }
    if (bytes === "too-large") throw tooLarge(path, "the file", limits.maxEntryBytes);
    total += bytes.length;
    if (total > limits.maxTotalBytes) throw tooLarge(root, "the total size of the JSON files", limits.maxTotalBytes);
    yield decode(file, bytes);
  }
}

/**
 * Opens an OSV source: a `.zip` export, a directory searched for `.json` files, or one `.json` file.
 * Throws `file-unreadable` when it cannot be read and `input-too-large` past a limit.
 */
export function openSource(path: string, limits: ImportLimits): OsvSource {
  const kind = sourceKind(path);
  if (kind === "zip") {
    const archive = openZip(path, isJsonName, limits);
    return {
      kind,
      count: archive.count,
      *documents() {
        for (const entry of archive.read()) yield "data" in entry ? decode(entry.name, entry.data) : { file: entry.name, error: entry.error };
      },
    };
  }
  // A file named on the command line is read wherever its link points; files found by the walk are not.
  if (kind === "file") return { kind, count: 1, documents: () => readFiles(path, [path], limits, true) };
  let files: string[];
  try {
    files = jsonFiles(path, limits);
  } catch (error) {
    if (error instanceof CustodyError) throw error;
    throw unreadable(path, error);
  }
  return { kind, count: files.length, documents: () => readFiles(path, files, limits, false) };
}
