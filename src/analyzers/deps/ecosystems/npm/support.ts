// What the npm, Packagist and RubyGems parsers share: the one error a malformed file raises, the
// bounds that keep a hostile file cheap, line lookups, URL cleaning and purl encoding.

import { CustodyError } from "../../../../core/errors.js";
import { stripCredentials } from "../../../../git/repo.js";
import type { ParseDiagnostic, ParseResult } from "../../types.js";

/** Far more packages than any real project locks; past it the rest of the file is not read. */
export const MAX_ENTRIES = 200_000;

/** Deeper than any real lockfile nests (npm v1 trees rarely pass 20); deeper entries are skipped. */
export const MAX_NESTING = 100;

export function invalidFile(path: string, line: number, problem: string, remedy: string): CustodyError {
  return new CustodyError("lockfile-invalid", `${path}:${line}: ${problem}; ${remedy}`);
}

/** 1-based line of a UTF-16 offset; for the odd error message, not for per-entry lookups. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) line += 1;
  return line;
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

/** One purl component, percent-encoded; `:` stays as is, as the purl spec allows. */
export function purlPart(value: string): string {
  return encodeURIComponent(value).replaceAll("%3A", ":");
}

/** `pkg:type/namespace/name@version?key=value`, each part encoded. */
export function purl(type: string, namespace: string | undefined, name: string, version?: string, qualifiers: Readonly<Record<string, string>> = {}): string {
  const prefix = namespace === undefined ? `pkg:${type}/` : `pkg:${type}/${purlPart(namespace)}/`;
  const at = version === undefined || version === "" ? "" : `@${purlPart(version)}`;
  const query = Object.entries(qualifiers)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${purlPart(value)}`)
    .join("&");
  return `${prefix}${purlPart(name)}${at}${query === "" ? "" : `?${query}`}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === "string" ? value : undefined;
}
