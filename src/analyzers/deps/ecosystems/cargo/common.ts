// Helpers the PyPI, Go, Cargo and Maven parsers share: the one error shape for an unreadable file,
// guards against input that is not a manifest at all, line lookup, URL cleaning and purl building.
// Files come from repositories Custody does not trust, so every loop over entries is bounded.
import { CustodyError, isCustodyError } from "../../../../core/errors.js";
import { stripCredentials } from "../../../../git/repo.js";
import type { ParseDiagnostic, ParseResult } from "../../types.js";

/** Entries read from one file at most; a real lockfile is far below this, a hostile one is not. */
export const MAX_ENTRIES = 200_000;

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
    throw invalid(path, lineOfOffset(body, nul), `binary content where a ${format} was expected`, "check that the file is a text file and not a build artefact committed by mistake");
  }
  const replacement = body.indexOf("\uFFFD");
  if (replacement !== -1 && countOf(body, "\uFFFD", 8) >= 8) {
    throw invalid(path, lineOfOffset(body, replacement), `the file is not UTF-8 text`, `save the ${format} as UTF-8 or regenerate it`);
  }
  const conflict = /^(?:<{7}|>{7})(?: |$)/m.exec(body);
  if (conflict !== null) {
    throw invalid(path, lineOfOffset(body, conflict.index), "unresolved merge conflict marker", `resolve the conflict and regenerate the ${format}`);
  }
  return body;
}

function countOf(text: string, needle: string, limit: number): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1 && count < limit; at = text.indexOf(needle, at + 1)) count++;
  return count;
}

/** The 1-based line of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at !== -1 && at < offset; at = text.indexOf("\n", at + 1)) line++;
  return line;
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

/** Percent-encodes one purl segment (namespace part, name or version) per the package-url spec. */
function encodeSegment(segment: string): string {
  // A lone surrogate (reachable through JSON `\ud800` or XML `&#xD800;`) would make encodeURIComponent throw.
  const wellFormed = segment.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  return encodeURIComponent(wellFormed).replace(/%3A/gi, ":");
}

/**
 * `pkg:<type>/<namespace>/<name>@<version>?<qualifiers>`. The namespace may hold several
 * `/`-separated segments (a Go module path); each is encoded on its own.
 */
export function buildPurl(
  type: string,
  namespace: string | undefined,
  name: string,
  version?: string,
  qualifiers?: Readonly<Record<string, string | undefined>>,
): string {
  const parts = namespace === undefined || namespace === "" ? [] : namespace.split("/").map(encodeSegment);
  parts.push(encodeSegment(name));
  let purl = `pkg:${type}/${parts.join("/")}`;
  if (version !== undefined && version !== "") purl += `@${encodeSegment(version)}`;
  const pairs = Object.entries(qualifiers ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "")
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${encodeSegment(value)}`);
  if (pairs.length > 0) purl += `?${pairs.join("&")}`;
  return purl;
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

/** Whether a value is a plain object (a TOML table, a JSON object), not an array or scalar. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string property, or undefined when absent or of another type. */
export function stringField(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = record[key];
  return typeof value === "string" ? value : undefined;
}
