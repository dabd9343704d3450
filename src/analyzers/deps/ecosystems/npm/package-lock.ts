// package-lock.json and npm-shrinkwrap.json. Versions 2 and 3 list every installed folder under
// `packages`, keyed by its path (`node_modules/a/node_modules/b`), with the project and its
// workspaces under their own folders; version 1 nests `dependencies` as the node_modules tree does.

import picomatch from "picomatch";
import type { Dependency, DependencySource, EcosystemParser, ParseResult } from "../../types.js";
import { keyLines, parseJsonFile } from "./json.js";
import type { JsonPath } from "./json.js";
import { isInstalledCopy } from "./package-json.js";
import { classifySpec, isGitArchiveUrl, isRegistryTarball, npmPurl, splitAtName } from "./spec.js";
import { MAX_NESTING, atCapacity, cleanUrl, diagnostic, invalidFile, isRecord, stringField } from "./support.js";

const REMEDY = 'regenerate it with "npm install"';
const DECLARING_FIELDS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"] as const;
const NODE_MODULES = "node_modules/";

function lockParser(file: string): EcosystemParser {
  const pattern = new RegExp(`(?:^|/)${file.replaceAll(".", "\\.")}$`);
  return {
    ecosystem: "npm",
    name: file,
    matches: (path) => pattern.test(path) && !isInstalledCopy(path),
    parse: parsePackageLock,
  };
}

export const packageLockParser = lockParser("package-lock.json");
export const shrinkwrapParser = lockParser("npm-shrinkwrap.json");

export function parsePackageLock(path: string, text: string): ParseResult {
  const lock = parseJsonFile(path, text, "lockfile", REMEDY);
  if (!isRecord(lock)) throw invalidFile(path, 1, "the lockfile is not a JSON object", REMEDY);
  const version = lock.lockfileVersion;
  const result: ParseResult = { dependencies: [], diagnostics: [] };
  if ((version === 2 || version === 3) && isRecord(lock.packages)) {
    readPackages(path, text, lock.packages, result);
    return result;
  }
  if (version === 1 || (version === undefined && isRecord(lock.dependencies))) {
    if (version === undefined) result.diagnostics.push(diagnostic(path, 1, "no lockfileVersion; read as version 1, the format npm 6 and older wrote"));
    if (isRecord(lock.dependencies)) readTree(path, text, lock.dependencies, result);
    return result;
  }
  const line = keyLines(text, (parents, key) => (parents.length === 0 && key === "lockfileVersion" ? key : undefined)).get("lockfileVersion") ?? 1;
  const what = version === undefined ? "no lockfileVersion and no dependencies" : `lockfileVersion ${JSON.stringify(version)} is not one Custody reads (1, 2 or 3)`;
  throw invalidFile(path, line, what, `${REMEDY} using npm 7 or later`);
}

// ---- lockfileVersion 2 and 3 -------------------------------------------------------------------

function readPackages(path: string, text: string, packages: Record<string, unknown>, result: ParseResult): void {
  const lines = keyLines(text, (parents, key) => (parents.length === 1 && parents[0] === "packages" ? key : undefined));
  const root = isRecord(packages[""]) ? packages[""] : {};
  const isWorkspace = workspaceMatcher(root.workspaces);
  const direct = directLocations(packages, isWorkspace);
  for (const [location, entry] of Object.entries(packages)) {
    // The project and its workspace or `file:` folders are sources, not installed packages.
    const at = location.lastIndexOf(NODE_MODULES);
    if (at === -1) continue;
    if (atCapacity(result, path)) return;
    const line = lines.get(location) ?? 1;
    if (!isRecord(entry)) {
      result.diagnostics.push(diagnostic(path, line, `"${location}" is not an object; it was skipped`));
      continue;
    }
    const installedAs = location.slice(at + NODE_MODULES.length);
    result.dependencies.push(installedPackage(path, line, installedAs, entry, packages, isWorkspace, direct.has(location)));
  }
}

function installedPackage(
  path: string,
  line: number,
  installedAs: string,
  entry: Record<string, unknown>,
  packages: Record<string, unknown>,
  isWorkspace: (folder: string) => boolean,
  direct: boolean,
): Dependency {
  const resolved = stringField(entry, "resolved");
  const link = entry.link === true;
  // A link's name and version live on the folder it points at.
  const target = link && resolved !== undefined && isRecord(packages[resolved]) ? packages[resolved] : entry;
  const name = stringField(target, "name") ?? stringField(entry, "name") ?? installedAs;
  const version = stringField(target, "version");
  const source: DependencySource = link ? (resolved !== undefined && isWorkspace(resolved) ? "workspace" : "path") : sourceOfResolved(resolved, name);
  const dependency: Dependency = { ecosystem: "npm", name, direct, dev: entry.dev === true, source, purl: npmPurl(name, version), path, line };
  if (version !== undefined) dependency.version = version;
  if (name !== installedAs) dependency.alias = installedAs;
  if (resolved !== undefined) dependency.resolved = cleanUrl(resolved);
  const integrity = stringField(entry, "integrity");
  if (integrity !== undefined) dependency.integrity = integrity;
  const license = stringField(entry, "license");
  if (license !== undefined) dependency.license = license;
  return dependency;
}

/** Where a `resolved` value says the package came from. */
function sourceOfResolved(resolved: string | undefined, name: string): DependencySource {
  // npm leaves `resolved` out for registry packages when asked to (omit-lockfile-registry-resolved).
  if (resolved === undefined) return "registry";
  if (isGitArchiveUrl(resolved)) return "git";
  const { source } = classifySpec(resolved);
  if (source === "url" && isRegistryTarball(resolved, name)) return "registry";
  return source;
}

function workspaceMatcher(workspaces: unknown): (folder: string) => boolean {
  const globs = Array.isArray(workspaces) ? workspaces : isRecord(workspaces) && Array.isArray(workspaces.packages) ? workspaces.packages : [];
  const patterns = globs.filter((g): g is string => typeof g === "string").map((g) => g.replace(/^\.\//, "").replace(/\/$/, ""));
  if (patterns.length === 0) return () => false;
  const match = picomatch(patterns, { dot: true });
  return (folder) => match(folder);
}

/**
 * The `node_modules` locations that satisfy what the project or one of its workspaces declares,
 * found the way Node resolves a name: the nearest `node_modules` up from the declaring folder.
 */
function directLocations(packages: Record<string, unknown>, isWorkspace: (folder: string) => boolean): Set<string> {
  const direct = new Set<string>();
  for (const [folder, entry] of Object.entries(packages)) {
    if (folder.includes(NODE_MODULES) || !isRecord(entry)) continue;
    if (folder !== "" && !isWorkspace(folder)) continue;
    for (const field of DECLARING_FIELDS) {
      const declared = entry[field];
      if (!isRecord(declared)) continue;
      for (const name of Object.keys(declared)) {
        const location = nearestInstall(packages, folder, name);
        if (location !== undefined) direct.add(location);
      }
    }
  }
  return direct;
}

function nearestInstall(packages: Record<string, unknown>, folder: string, name: string): string | undefined {
  let base = folder;
  for (;;) {
    const candidate = base === "" ? `${NODE_MODULES}${name}` : `${base}/${NODE_MODULES}${name}`;
    if (candidate in packages) return candidate;
    if (base === "") return undefined;
    const slash = base.lastIndexOf("/");
    base = slash === -1 ? "" : base.slice(0, slash);
  }
}

// ---- lockfileVersion 1 -------------------------------------------------------------------------

/** The id a v1 entry's line is recorded under: the names from the top of the tree down to it. */
function treeId(names: readonly string[]): string {
  return names.join("\u0000");
}

function treeKey(parents: JsonPath, key: string): string | undefined {
  // Entries sit at dependencies.<a>.dependencies.<b>…: an odd-length path alternating with names.
  if (parents.length % 2 === 0) return undefined;
  const names: string[] = [];
  for (const [index, segment] of parents.entries()) {
    if (index % 2 === 0 && segment !== "dependencies") return undefined;
    if (index % 2 === 1) names.push(String(segment));
  }
  names.push(key);
  return treeId(names);
}

function readTree(path: string, text: string, top: Record<string, unknown>, result: ParseResult): void {
  const lines = keyLines(text, treeKey);
  const visit = (entries: Record<string, unknown>, names: readonly string[]): void => {
    for (const [installedAs, entry] of Object.entries(entries)) {
      if (atCapacity(result, path)) return;
      const here = [...names, installedAs];
      const line = lines.get(treeId(here)) ?? 1;
      if (!isRecord(entry)) {
        result.diagnostics.push(diagnostic(path, line, `"${here.join(" > ")}" is not an object; it was skipped`));
        continue;
      }
      result.dependencies.push(treeEntry(path, line, installedAs, entry));
      if (!isRecord(entry.dependencies)) continue;
      if (here.length >= MAX_NESTING) {
        result.diagnostics.push(diagnostic(path, line, `dependencies nested deeper than ${MAX_NESTING} levels under "${installedAs}" were skipped`));
        continue;
      }
      visit(entry.dependencies, here);
    }
  };
  visit(top, []);
}

/** A v1 entry, whose `version` holds the alias, git URL, tarball URL or `file:` path when not a version. */
function treeEntry(path: string, line: number, installedAs: string, entry: Record<string, unknown>): Dependency {
  const written = stringField(entry, "version") ?? "";
  const resolvedField = stringField(entry, "resolved");
  let name = installedAs;
  let version: string | undefined;
  let source: DependencySource;
  let resolved = resolvedField;
  if (written.startsWith("npm:")) {
    const aliased = splitAtName(written.slice(4));
    name = aliased?.name ?? installedAs;
    version = aliased?.rest;
    source = sourceOfResolved(resolvedField, name);
  } else if (/^\d/.test(written)) {
    version = written;
    source = sourceOfResolved(resolvedField, name);
  } else {
    source = isGitArchiveUrl(written) ? "git" : classifySpec(written).source;
    resolved = resolvedField ?? written;
  }
  const dependency: Dependency = { ecosystem: "npm", name, dev: entry.dev === true, source, purl: npmPurl(name, version), path, line };
  if (version !== undefined) dependency.version = version;
  if (name !== installedAs) dependency.alias = installedAs;
  if (resolved !== undefined && resolved !== "") dependency.resolved = cleanUrl(resolved);
  const integrity = stringField(entry, "integrity");
  if (integrity !== undefined) dependency.integrity = integrity;
  return dependency;
}
