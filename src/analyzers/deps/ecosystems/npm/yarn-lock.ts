// yarn.lock, both formats, through `@yarnpkg/parsers`:
//   classic (Yarn 1)  `# yarn lockfile v1`, entries `"name@range", "name@range2":` with
//                     `version "1.0.0"`, `resolved "<url>#<sha1>"`, `integrity sha512-…`;
//   Berry (Yarn 2+)   YAML with `__metadata.version`, entries keyed by descriptors
//                     (`name@npm:^1.0.0`) with `resolution: "name@npm:1.0.0"`, `checksum`,
//                     `languageName`, `linkType`; workspaces are entries too (`name@workspace:.`).
// Neither format records which dependencies are dev-only; Berry's workspace entries do record
// what each workspace declares, which makes those packages direct.

import { parseSyml } from "@yarnpkg/parsers";
import type { Dependency, DependencySource, EcosystemParser, ParseResult } from "../../types.js";
import { isInstalledCopy } from "./package-json.js";
import { classifySpec, isGitArchiveUrl, isRegistryTarball, npmPurl, splitAtName } from "./spec.js";
import { atCapacity, cleanUrl, diagnostic, invalidFile, isRecord, lineAt, rejectUnreadable, stringField } from "./support.js";

const REMEDY = 'regenerate it with "yarn install"';
const CLASSIC_HEADER = /^#\s*yarn lockfile v1\s*$/m;
const BERRY_METADATA = /^__metadata:/m;
/** `__metadata.version` values Yarn 2 to 4 have written. */
const BERRY_VERSIONS = new Set([3, 4, 5, 6, 7, 8]);

export const yarnLockParser: EcosystemParser = {
  ecosystem: "npm",
  name: "yarn.lock",
  matches: (path) => /(?:^|\/)yarn\.lock$/.test(path) && !isInstalledCopy(path),
  parse: parseYarnLock,
};

export function parseYarnLock(path: string, text: string): ParseResult {
  rejectUnreadable(path, text, "yarn lockfile", REMEDY);
  const classic = CLASSIC_HEADER.test(text);
  // Without either marker `parseSyml` would read Yarn 1 entries as YAML and garble them.
  const headerless = !classic && !BERRY_METADATA.test(text);
  const lock = headerless ? readSyml(path, `# yarn lockfile v1\n${text}`, -1) : readSyml(path, text, 0);
  const lines = headerLines(text);
  const result: ParseResult = { dependencies: [], diagnostics: [] };
  const metadata = lock.__metadata;
  if (isRecord(metadata)) {
    const version = Number(metadata.version);
    if (!BERRY_VERSIONS.has(version)) {
      const what = `__metadata.version ${JSON.stringify(metadata.version)} is not one Custody reads (${[...BERRY_VERSIONS].join(", ")})`;
      throw invalidFile(path, lines.get("__metadata") ?? 1, what, `${REMEDY} using Yarn 2 to 4`);
    }
    readBerry(path, lock, lines, result);
    return result;
  }
  if (headerless) {
    if (Object.keys(lock).length === 0) throw invalidFile(path, 1, "not a yarn lockfile: no `# yarn lockfile v1` header and no __metadata", REMEDY);
    result.diagnostics.push(diagnostic(path, 1, "no `# yarn lockfile v1` header; read as a Yarn 1 lockfile"));
  }
  readClassic(path, lock, lines, result);
  return result;
}

/** `lineShift` corrects error lines when a header was added in front of the text. */
function readSyml(path: string, text: string, lineShift: number): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseSyml(text);
  } catch (error) {
    const line = Math.max(1, errorLine(text, error) + lineShift);
    throw invalidFile(path, line, `the yarn lockfile cannot be parsed (${errorSummary(error)})`, REMEDY);
  }
  if (!isRecord(parsed)) throw invalidFile(path, 1, "the yarn lockfile is not a mapping of entries", REMEDY);
  return parsed;
}

/** Both the PEG parser (Yarn 1 files) and js-yaml (Berry files) say where they stopped. */
function errorLine(text: string, error: unknown): number {
  if (!isRecord(error)) return 1;
  const location = error.location;
  if (isRecord(location) && isRecord(location.start) && typeof location.start.line === "number") return location.start.line;
  const mark = error.mark;
  if (isRecord(mark) && typeof mark.line === "number") return mark.line + 1;
  if (isRecord(mark) && typeof mark.position === "number") return lineAt(text, mark.position);
  return 1;
}

function errorSummary(error: unknown): string {
  if (error instanceof RangeError) return "it nests too deeply";
  // The Yarn 1 grammar lists every token it would have accepted; what it found says more.
  if (isRecord(error) && "found" in error && "expected" in error) {
    return error.found === null ? "unexpected end of file" : `unexpected ${JSON.stringify(error.found)}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  // js-yaml appends a code excerpt after the first line.
  return (message.split("\n", 1)[0] ?? message).replace(/\s*\(\d+:\d+\)$/, "").trim();
}

/**
 * The line of each entry header, under each descriptor it lists: `parseSyml` keeps no positions,
 * and headers are the only unindented lines besides comments.
 */
function headerLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    const end = text.indexOf("\n", start);
    const raw = text.slice(start, end === -1 ? text.length : end).replace(/\r$/, "");
    line += 1;
    if (raw !== "" && !/^[\s#]/.test(raw) && raw.endsWith(":")) {
      for (const descriptor of splitDescriptors(raw.slice(0, -1))) if (!lines.has(descriptor)) lines.set(descriptor, line);
    }
    if (end === -1) break;
    start = end + 1;
  }
  return lines;
}

/**
 * `"a@^1", a@^2` → `a@^1`, `a@^2`. Yarn 1 quotes each descriptor, Berry the whole list; neither
 * puts a comma inside a descriptor.
 */
function splitDescriptors(header: string): string[] {
  return header
    .split(",")
    .map((part) => part.trim().replace(/^"/, "").replace(/"$/, ""))
    .filter((part) => part !== "");
}

function lineOf(key: string, lines: ReadonlyMap<string, number>): number {
  const first = splitDescriptors(key)[0];
  return (first === undefined ? undefined : lines.get(first)) ?? 1;
}

// ---- Yarn 1 ------------------------------------------------------------------------------------

function readClassic(path: string, lock: Record<string, unknown>, lines: ReadonlyMap<string, number>, result: ParseResult): void {
  // `parseSyml` repeats an entry under each of its descriptors; one package is reported once.
  const reported = new Set<string>();
  for (const [descriptor, entry] of Object.entries(lock)) {
    if (atCapacity(result, path)) return;
    const line = lineOf(descriptor, lines);
    const split = splitAtName(descriptor);
    if (!isRecord(entry) || split === undefined) {
      result.diagnostics.push(diagnostic(path, line, `"${descriptor}" is not a package entry; it was skipped`));
      continue;
    }
    const spec = classifySpec(split.rest);
    const name = spec.target ?? split.name;
    const version = stringField(entry, "version");
    const resolved = stringField(entry, "resolved");
    const id = `${split.name}\u0000${name}\u0000${version ?? ""}\u0000${resolved ?? spec.requirement}`;
    if (reported.has(id)) continue;
    reported.add(id);
    const dependency: Dependency = { ecosystem: "npm", name, source: classicSource(spec.source, resolved, name), purl: npmPurl(name, version), path, line };
    if (version !== undefined) dependency.version = version;
    if (spec.target !== undefined) dependency.alias = split.name;
    if (resolved !== undefined) dependency.resolved = cleanUrl(resolved);
    const integrity = stringField(entry, "integrity");
    if (integrity !== undefined) dependency.integrity = integrity;
    result.dependencies.push(dependency);
  }
}

/** Git specs resolve to codeload tarballs; a plain range can still resolve to a non-registry URL. */
function classicSource(declared: DependencySource, resolved: string | undefined, name: string): DependencySource {
  if (declared !== "registry" || resolved === undefined) return declared;
  if (isGitArchiveUrl(resolved)) return "git";
  if (/^https?:\/\//i.test(resolved) && !isRegistryTarball(resolved, name)) return "url";
  return "registry";
}

// ---- Yarn 2+ -----------------------------------------------------------------------------------

function readBerry(path: string, lock: Record<string, unknown>, lines: ReadonlyMap<string, number>, result: ParseResult): void {
  const direct = declaredByWorkspaces(lock);
  const reported = new Set<string>();
  for (const [key, entry] of Object.entries(lock)) {
    if (key === "__metadata") continue;
    if (atCapacity(result, path)) return;
    const line = lineOf(key, lines);
    const resolution = isRecord(entry) ? stringField(entry, "resolution") : undefined;
    const locator = resolution === undefined ? undefined : splitAtName(resolution);
    if (!isRecord(entry) || locator === undefined) {
      result.diagnostics.push(diagnostic(path, line, `"${key}" has no resolution; it was skipped`));
      continue;
    }
    const source = berrySource(locator.rest);
    // The project itself; other workspaces are reported, as npm and pnpm lockfiles link them.
    if (source === "workspace" && locator.rest === "workspace:.") continue;
    const { name, version } = berryPackage(locator.name, locator.rest, entry);
    const id = `${name}\u0000${version ?? locator.rest}\u0000${source}`;
    // Yarn's built-in patches (typescript, fsevents, resolve) repeat the package they patch.
    if (reported.has(id)) continue;
    reported.add(id);
    const descriptors = splitDescriptors(key);
    const dependency: Dependency = {
      ecosystem: "npm",
      name,
      direct: descriptors.some((d) => direct.has(d)),
      source,
      purl: npmPurl(name, version),
      path,
      line,
    };
    if (version !== undefined) dependency.version = version;
    const alias = descriptors.map((d) => splitAtName(d)?.name).find((n) => n !== undefined && n !== name);
    if (alias !== undefined) dependency.alias = alias;
    const resolved = berryResolved(locator.rest);
    if (resolved !== undefined) dependency.resolved = cleanUrl(resolved);
    const checksum = stringField(entry, "checksum");
    if (checksum !== undefined) dependency.integrity = checksum;
    result.dependencies.push(dependency);
  }
}

/** Descriptors (`name@npm:^1.0.0`) that some workspace entry lists among its dependencies. */
function declaredByWorkspaces(lock: Record<string, unknown>): Set<string> {
  const declared = new Set<string>();
  for (const entry of Object.values(lock)) {
    if (!isRecord(entry) || !stringField(entry, "resolution")?.includes("@workspace:")) continue;
    for (const field of ["dependencies", "peerDependencies"]) {
      const deps = entry[field];
      if (!isRecord(deps)) continue;
      for (const [name, range] of Object.entries(deps)) if (typeof range === "string") declared.add(`${name}@${range}`);
    }
  }
  return declared;
}

/** The package a locator reference names; a patch wraps the locator of the package it patches. */
function berryPackage(name: string, reference: string, entry: Record<string, unknown>): { name: string; version?: string } {
  const version = stringField(entry, "version");
  if (reference.startsWith("patch:")) {
    const inner = patchedLocator(reference);
    if (inner !== undefined) return version === undefined ? { name: inner.name } : { name: inner.name, version };
  }
  // Workspaces and `link:`/`portal:` folders carry the placeholder `0.0.0-use.local`.
  if (version === undefined || version === "0.0.0-use.local") return { name };
  return { name, version };
}

function berrySource(reference: string): DependencySource {
  if (reference.startsWith("npm:")) return "registry";
  if (reference.startsWith("workspace:")) return "workspace";
  if (reference.startsWith("patch:")) {
    const inner = patchedLocator(reference);
    return inner === undefined ? "path" : berrySource(inner.rest);
  }
  if (isGitArchiveUrl(reference)) return "git";
  return classifySpec(stripLocatorParams(reference), { npmProtocolIsRange: true }).source;
}

/** Where the package came from, for the kinds that are not the default registry. */
function berryResolved(reference: string): string | undefined {
  if (reference.startsWith("npm:") || reference.startsWith("workspace:") || reference.startsWith("patch:")) return undefined;
  return stripLocatorParams(reference);
}

/** `patch:lodash@npm%3A4.17.21#./fix.patch::…` → lodash, `npm:4.17.21`. */
function patchedLocator(reference: string): { name: string; rest: string } | undefined {
  const encoded = reference.slice("patch:".length).split("#", 1)[0] ?? "";
  try {
    return splitAtName(decodeURIComponent(encoded));
  } catch {
    return undefined;
  }
}

/** `file:../x::locator=app%40workspace%3A.` → `file:../x`: the suffix names the workspace asking. */
function stripLocatorParams(reference: string): string {
  const at = reference.indexOf("::");
  return at === -1 ? reference : reference.slice(0, at);
}
