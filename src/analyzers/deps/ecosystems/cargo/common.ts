// Helpers the PyPI, Go, Cargo and Maven parsers share: the one error shape for an unreadable file,
// guards against input that is not a manifest at all, line lookup, URL cleaning and purl building.
// Files come from repositories Custody does not trust, so every loop over entries is bounded.
import { CustodyError, isCustodyError } from "../../../../core/errors.js";
import { stripCredentials } from "../../../../git/repo.js";
import type { ParseDiagnostic, ParseResult } from "../../types.js";
import { buildPurl, isRecord, lineAt, MAX_ENTRIES, stringField } from "../shared.js";

export { buildPurl, isRecord, MAX_ENTRIES, stringField };
export { lineAt as lineOfOffset };


/** `<path>:<line>: <problem>; <remedy>`, the message shape every `lockfile-invalid` error uses. */
export function invalid(path: string, line: number | undefined, problem: string, remedy: string): CustodyError {
  const where = line === undefined ? path : `${path}:${line}`;
  return new CustodyError("lockfile-invalid", `${where}: ${problem}; ${remedy}`);
}

/**
 * Wraps a parse function so that it only ever throws `lockfile-invalid`: the parsers are written not
 * to fail otherwise, and this keeps a slip on hostile input from surfacing as a crash.
 */
export function guarded(format: string, parse: (path: string, text: string) => ParseResult): (path: string, text: string) => ParseResult {
  return (path, text) => {
    try {
      return parse(path, text);
    } catch (error) {
      if (isCustodyError(error)) throw error;
      const detail = error instanceof Error ? error.message.slice(0, 200) : "unknown failure";
      throw invalid(path, undefined, `the ${format} could not be read (${detail})`, `check that it is a valid ${format}`);
    }
  };
}

/** The diagnostic recorded when a file holds more entries than Custody reads. */
export function capDiagnostic(path: string, line: number): ParseDiagnostic {
  return { path, line, message: `more than ${MAX_ENTRIES.toLocaleString("en-US")} entries; the rest of the file is not read` };
}

/**
 * Rejects text no tool would have written: binary content (a NUL byte, or text that was not UTF-8)
 * and unresolved merge conflicts, which every parser would otherwise report as a confusing syntax error.
 * Returns the text without a byte-order mark.
 */
export function checkText(path: string, text: string, format: string): string {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const nul = body.indexOf("\u0000");
  if (nul !== -1) {
    throw invalid(path, lineAt(body, nul), `binary content where a ${format} was expected`, "check that the file is a text file and not a build artefact committed by mistake");
  }
  const replacement = body.indexOf("\uFFFD");
  if (replacement !== -1 && countOf(body, "\uFFFD", 8) >= 8) {
    throw invalid(path, lineAt(body, replacement), `the file is not UTF-8 text`, `save the ${format} as UTF-8 or regenerate it`);
  }
  const conflict = /^(?:<{7}|>{7})(?: |$)/m.exec(body);
  if (conflict !== null) {
    throw invalid(path, lineAt(body, conflict.index), "unresolved merge conflict marker", `resolve the conflict and regenerate the ${format}`);
  }
  return body;
}

function countOf(text: string, needle: string, limit: number): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1 && count < limit; at = text.indexOf(needle, at + 1)) count++;
  return count;
}

/** Line lookups for many offsets in one text, without rescanning it each time. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) this.starts.push(at + 1);
  }

  /** The 1-based line holding `offset`. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}

/**
 * A URL as the file wrote it, minus credentials, query and fragment (see `stripCredentials`), but
 * keeping a fragment that is a commit id: `git+https://…#<sha>` names exactly what was locked.
 * Text that is not a URL (a relative path, `git@host:org/repo`) comes back unchanged.
 */
export function cleanUrl(url: string): string {
  const cleaned = stripCredentials(url);
  const fragment = /#([0-9a-f]{7,64})$/i.exec(url);
  if (cleaned === url || fragment?.[1] === undefined) return cleaned;
  return `${cleaned}#${fragment[1]}`;
}

/**
 * Whether a path lies in one of `folders` (at any depth): installed or vendored third-party code,
 * whose manifests describe those packages rather than the project.
 */
export function insideFolder(path: string, folders: readonly string[]): boolean {
  return path.split("/").slice(0, -1).some((segment) => folders.includes(segment));
}

/** `cargo vendor` output and `cargo package` staging hold other crates' manifests. */
export const INSTALLED_CRATES: readonly string[] = ["vendor", "target", "node_modules"];

/** The last path segment of a repository-relative path. */
export function baseName(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? path : path.slice(slash + 1);
}

