// PEP 508 dependency specifiers (`name[extra1,extra2] (>=1.0,<2) ; python_version < "3.11"` and
// `name @ https://…`), as they appear in requirements files and pyproject.toml.

export interface Requirement {
  /** The name as written, not yet normalised. */
  name: string;
  extras: string[];
  /** Version clauses (`>=1.0,<2`), empty when any version is allowed or a URL is given. */
  specifier: string;
  url?: string;
  marker?: string;
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const CLAUSE = /^(?:~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9_.*+!-]+$/;

/** Parses one specifier, or returns undefined when the text is not one. */
export function parseRequirement(text: string): Requirement | undefined {
  const trimmed = text.trim();
  const name = NAME.exec(trimmed)?.[0];
  if (name === undefined) return undefined;
  let rest = trimmed.slice(name.length).trimStart();
  let extras: string[] = [];
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close === -1) return undefined;
    extras = rest
      .slice(1, close)
      .split(",")
      .map((extra) => extra.trim())
      .filter((extra) => extra !== "");
    rest = rest.slice(close + 1).trimStart();
  }
  if (rest.startsWith("@")) {
    // A URL has no whitespace but may contain `;`, so the marker starts at the first `;` after whitespace.
    const { location: url, marker } = splitLocation(rest.slice(1));
    if (url === "" || (marker === undefined && /\s/.test(rest.slice(1).trim()))) return undefined;
    return withMarker({ name, extras, specifier: "", url }, marker ?? "");
  }
  const semicolon = rest.indexOf(";");
  const specifier = (semicolon === -1 ? rest : rest.slice(0, semicolon)).trim().replace(/^\((.*)\)$/, "$1").trim();
  if (specifier !== "" && !specifier.split(",").every((clause) => CLAUSE.test(clause.trim()))) return undefined;
  return withMarker({ name, extras, specifier: specifier.replace(/\s+/g, "") }, semicolon === -1 ? "" : rest.slice(semicolon + 1));
}

/** Splits `url ; marker` (or `path ; marker`) in one pass; `marker` is undefined without a `;`. */
export function splitLocation(text: string): { location: string; marker?: string } {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  if (space === -1) return { location: trimmed };
  const rest = trimmed.slice(space).trimStart();
  return rest.startsWith(";") ? { location: trimmed.slice(0, space), marker: rest.slice(1) } : { location: trimmed.slice(0, space) };
}

function withMarker(requirement: Requirement, marker: string): Requirement {
  const trimmed = marker.trim();
  return trimmed === "" ? requirement : { ...requirement, marker: trimmed };
}

/** The single version a specifier pins (`==1.2.3`, `===1.2.3`), if it pins one. */
export function pinnedVersion(specifier: string): string | undefined {
  const match = /^(?:===|==)([^,*]+)$/.exec(specifier.trim());
  return match?.[1];
}
