// What the npm, Packagist and RubyGems parsers share: the one error a malformed file raises, the
// bounds that keep a hostile file cheap, line lookups, URL cleaning and purl encoding.

import { CustodyError } from "../../../../core/errors.js";
import { stripCredentials } from "../../../../git/repo.js";
import type { ParseDiagnostic, ParseResult } from "../../types.js";
import { buildPurl, isRecord, lineAt, MAX_ENTRIES, stringField } from "../shared.js";

export { buildPurl as purl, isRecord, lineAt, MAX_ENTRIES, stringField };


/** Deeper than any real lockfile nests (npm v1 trees rarely pass 20); deeper entries are skipped. */
export const MAX_NESTING = 100;

export function invalidFile(path: string, line: number, problem: string, remedy: string): CustodyError {
  return new CustodyError("lockfile-invalid", `${path}:${line}: ${problem}; ${remedy}`);
}

/** Number of the last line, where a truncated file stops. */
export function lastLine(text: string): number {
  const trimmed = text.replace(/\s+$/, "");
  return lineAt(trimmed, trimmed.length);
}

/** Far larger than any real lockfile (big monorepos reach tens of megabytes); bounds parse time. */
export const MAX_TEXT_CHARS = 64 * 1024 * 1024;

const CONFLICT_MARKER = /^(?:<{7}|>{7})(?: |$)/m;

/**
 * Rejects what no format parser should be handed: binary data and unresolved merge conflicts. Each
 * parser would otherwise fail on them with a message about some unrelated character.
 */
export function rejectUnreadable(path: string, text: string, what: string, remedy: string): void {
  if (text.length > MAX_TEXT_CHARS) {
    throw invalidFile(path, 1, `the ${what} is larger than ${MAX_TEXT_CHARS / 1024 / 1024} MiB, far beyond any real one`, `check what wrote it, then ${remedy}`);
  }
  const sample = text.slice(0, 8192);
  const nul = sample.indexOf("\u0000");
  let replaced = 0;
  for (let i = sample.indexOf("\uFFFD"); i !== -1; i = sample.indexOf("\uFFFD", i + 1)) replaced += 1;
  if (nul !== -1 || replaced > 8) {
    throw invalidFile(path, nul === -1 ? 1 : lineAt(text, nul), `binary data, not a ${what}`, remedy);
  }
  const conflict = CONFLICT_MARKER.exec(text);
  if (conflict) {
    throw invalidFile(path, lineAt(text, conflict.index), "an unresolved merge conflict marker", `resolve the conflict, then ${remedy}`);
  }
}

const CAP_MESSAGE = "more than";

/** The cap diagnostic is added once; callers stop reading when this returns true. */
export function atCapacity(result: ParseResult, path: string): boolean {
  if (result.dependencies.length < MAX_ENTRIES) return false;
  if (!result.diagnostics.some((d) => d.message.startsWith(CAP_MESSAGE))) {
    result.diagnostics.push({ path, message: `${CAP_MESSAGE} ${MAX_ENTRIES} entries; the rest of the file was not read` });
  }
  return true;
}

export function diagnostic(path: string, line: number | undefined, message: string): ParseDiagnostic {
  return line === undefined ? { path, message } : { path, line, message };
}

/**
 * A URL as written, minus credentials and query. Unlike `stripCredentials` it keeps the `#fragment`:
 * in lockfiles it carries the git commit or the tarball checksum, never a secret.
 */
export function cleanUrl(url: string): string {
  const hash = url.indexOf("#");
  if (hash === -1) return stripCredentials(url);
  return stripCredentials(url.slice(0, hash)) + url.slice(hash);
}


