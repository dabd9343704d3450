// Pieces every ecosystem parser needs: caps on hostile input, plain-object checks, line numbers of
// offsets and package URLs.

/** Entries read from one file at most; a file with more is cut with a diagnostic. */
export const MAX_ENTRIES = 200_000;

/** Whether a value is a plain object (a JSON object, a TOML table), not an array or scalar. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string property, or undefined when absent or of another type. */
export function stringField(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = record[key];
  return typeof value === "string" ? value : undefined;
}

/** 1-based line of a UTF-16 offset; for the odd message, not for per-entry lookups. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) line += 1;
  return line;
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
