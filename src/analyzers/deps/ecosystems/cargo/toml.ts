// TOML reading for Cargo and Python files: smol-toml parses, and a line scanner maps key paths back
// to the lines that declare them, since the parsed value carries no positions.
import { parse, TomlError } from "smol-toml";
import { checkText, invalid, isRecord } from "./common.js";

/** Inline arrays and tables nested deeper than this are refused; no manifest needs more than a handful. */
const MAX_TOML_DEPTH = 64;

/** Parses a TOML manifest or lockfile, turning every parser failure into `lockfile-invalid`. */
export function parseTomlFile(
  path: string,
  text: string,
  format: string,
  remedy = `regenerate the ${format}`,
): { table: Record<string, unknown>; text: string } {
  const body = checkText(path, text, format);
  let table: unknown;
  try {
    table = parse(body, { maxDepth: MAX_TOML_DEPTH, integersAsBigInt: false });
  } catch (error) {
    if (error instanceof TomlError) {
      const detail = (error.message.split("\n")[0] ?? "").replace(/^Invalid TOML document:\s*/, "").replace(/\.\s*$/, "");
      // An error past the last written line means the file stops mid-value: an interrupted write or a cut-off paste.
      const lastLine = body.trimEnd().split("\n").length;
      if (error.line > lastLine) {
        throw invalid(path, lastLine, "the file ends in the middle of a value, as if truncated", remedy);
      }
      throw invalid(path, error.line, `invalid TOML: ${detail || "syntax error"}`, remedy);
    }
    throw invalid(path, undefined, `the ${format} could not be read as TOML`, "check that it is a valid TOML file");
  }
  // A TOML document is always a table; the check only narrows the type.
  return { table: isRecord(table) ? table : {}, text: body };
}

const KEY_SEGMENT = /^(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')/;

/** Splits a dotted key (`a."b.c".d`) into its segments, or undefined when `text` is not one. */
function splitKey(text: string): { segments: string[]; rest: string } | undefined {
  const segments: string[] = [];
  let rest = text.trimStart();
  for (;;) {
    const match = KEY_SEGMENT.exec(rest);
    if (match === null) return undefined;
    segments.push(unquoteKey(match[0]));
    rest = rest.slice(match[0].length).trimStart();
    if (!rest.startsWith(".")) return { segments, rest };
    rest = rest.slice(1).trimStart();
  }
}

function unquoteKey(raw: string): string {
  if (raw.startsWith("'")) return raw.slice(1, -1);
  if (!raw.startsWith('"')) return raw;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "string" ? value : raw.slice(1, -1);
  } catch {
    return raw.slice(1, -1);
  }
}

const SEPARATOR = "\u0000";
/** Keys nested deeper than this are not indexed: no manifest needs them, and indexing costs their square. */
const MAX_KEY_SEGMENTS = 32;
/** Lines `findFrom` may examine over the whole document, so hostile arrays cannot make lookups quadratic. */
const SEARCH_BUDGET = 2_000_000;

/**
 * Where each key path of a TOML document is first written. Array-of-table elements get their index as
 * a path segment (`["package", "3", "name"]`), matching how the parsed value is indexed. The scanner
 * follows the TOML grammar far enough to skip multi-line strings and comments; it only has to agree
 * with smol-toml on documents that already parsed.
 */
export class TomlLines {
  private readonly first = new Map<string, number>();
  private readonly lines: string[];
  private budget = SEARCH_BUDGET;

  constructor(text: string) {
    this.lines = text.split("\n");
    this.scan();
  }

  /** The line of the first key or header at or below `path`, if any. */
  lineOf(path: readonly string[]): number | undefined {
    return this.first.get(path.join(SEPARATOR));
  }

  /**
   * The first line at or after `fromLine` that contains one of `needles`, for values inside an array
   * (`dependencies = ["requests>=2", …]`) whose positions a key path cannot name.
   */
  findFrom(fromLine: number, needles: readonly string[]): number | undefined {
    for (let index = Math.max(fromLine - 1, 0); index < this.lines.length && this.budget > 0; index++) {
      this.budget--;
      const line = this.lines[index] ?? "";
      if (needles.some((needle) => needle !== "" && line.includes(needle))) return index + 1;
    }
    return undefined;
  }

  private record(path: readonly string[], from: number, line: number): void {
    if (path.length > MAX_KEY_SEGMENTS) return;
    for (let length = Math.max(from, 1); length <= path.length; length++) {
      const key = path.slice(0, length).join(SEPARATOR);
      if (!this.first.has(key)) this.first.set(key, line);
    }
  }

  private scan(): void {
    const arrayCounts = new Map<string, number>();
    let table: string[] = [];
    let openString: string | undefined;
    this.lines.forEach((raw, index) => {
      const lineNumber = index + 1;
      const line = raw;
      if (openString !== undefined) {
        const close = line.indexOf(openString);
        if (close === -1) return;
        // The rest of the closing line can open another multi-line string, never a new key.
        openString = unclosedMultiline(line.slice(close + 3));
        return;
      }
      const trimmed = line.trimStart();
      if (trimmed.startsWith("[")) {
        const isArray = trimmed.startsWith("[[");
        const key = splitKey(trimmed.slice(isArray ? 2 : 1));
        if (key === undefined) return;
        table = resolveHeader(key.segments, isArray, arrayCounts);
        this.record(table, 1, lineNumber);
        return;
      }
      const key = splitKey(trimmed);
      if (key?.rest.startsWith("=") === true) {
        this.record([...table, ...key.segments], table.length + 1, lineNumber);
      }
      openString = unclosedMultiline(line);
    });
  }
}

/** Resolves a table header to its full path, inserting the current index of enclosing arrays of tables. */
function resolveHeader(segments: readonly string[], isArray: boolean, arrayCounts: Map<string, number>): string[] {
  if (segments.length > MAX_KEY_SEGMENTS) return [...segments];
  const resolved: string[] = [];
  segments.forEach((segment, position) => {
    resolved.push(segment);
    const key = resolved.join(SEPARATOR);
    const isLast = position === segments.length - 1;
    if (isLast && isArray) {
      const count = (arrayCounts.get(key) ?? 0) + 1;
      arrayCounts.set(key, count);
      resolved.push(String(count - 1));
      return;
    }
    const count = arrayCounts.get(key);
    if (count !== undefined) resolved.push(String(count - 1));
  });
  return resolved;
}

/** The delimiter of a multi-line string the line opens and leaves open, skipping ordinary strings and comments. */
function unclosedMultiline(line: string): string | undefined {
  let at = 0;
  while (at < line.length) {
    const char = line[at];
    if (char === "#") return undefined;
    if (char === '"' || char === "'") {
      const triple = char.repeat(3);
      if (line.startsWith(triple, at)) {
        const close = line.indexOf(triple, at + 3);
        if (close === -1) return triple;
        at = close + 3;
        continue;
      }
      at = endOfString(line, at, char);
      continue;
    }
    at++;
  }
  return undefined;
}

function endOfString(line: string, start: number, quote: string): number {
  for (let at = start + 1; at < line.length; at++) {
    const char = line[at];
    if (quote === '"' && char === "\\") {
      at++;
      continue;
    }
    if (char === quote) return at + 1;
  }
  return line.length;
}
