// pnpm-lock.yaml, in the three key formats pnpm has written:
//   5.x (pnpm 5–7)  `/name/1.0.0` and `/name/1.0.0_peer@2.0.0` under `packages`;
//   6.x (pnpm 8)    `/name@1.0.0` and `/name@1.0.0(peer@2.0.0)` under `packages`;
//   9.0 (pnpm 9+)   `name@1.0.0` under `packages` (resolution) and, with peer suffixes, under
//                   `snapshots` (the dependency graph); dev flags are no longer written.
// Importers (`.` and each workspace) say what the project declares; the graph from them gives
// which packages are direct and which only serve development.

import { posix } from "node:path";
import { valid } from "semver";
import type { Dependency, DependencySource, EcosystemParser, ParseResult } from "../../types.js";
import { isInstalledCopy } from "./package-json.js";
import { isGitArchiveUrl, npmPurl, splitAtName } from "./spec.js";
import { atCapacity, cleanUrl, diagnostic, invalidFile, isRecord, stringField } from "./support.js";
import { parseYamlFile } from "./yaml-file.js";
import type { YamlFile } from "./yaml-file.js";

const REMEDY = 'regenerate it with "pnpm install"';
const FORMATS = [5, 6, 9] as const;
type Format = (typeof FORMATS)[number];

const PROD_SECTIONS = ["dependencies", "optionalDependencies"] as const;
const ALL_SECTIONS = ["dependencies", "optionalDependencies", "devDependencies"] as const;

export const pnpmLockParser: EcosystemParser = {
  ecosystem: "npm",
  name: "pnpm-lock.yaml",
  matches: (path) => /(?:^|\/)pnpm-lock\.yaml$/.test(path) && !isInstalledCopy(path),
  parse: parsePnpmLock,
};

/** A dependency an importer declares, with the reference pnpm resolved it to. */
interface Declared {
  importer: string;
  name: string;
  ref: string;
  specifier?: string;
  dev: boolean;
  line: number;
}

interface Lock {
  path: string;
  format: Format;
  file: YamlFile;
  /** Entries carrying resolution and metadata, the ones reported. */
  packages: Record<string, unknown>;
  /** Entries carrying the dependency edges: `snapshots` in 9.0, `packages` before. */
  graph: Record<string, unknown>;
}

export function parsePnpmLock(path: string, text: string): ParseResult {
  const file = parseYamlFile(path, text, "pnpm lockfile", REMEDY);
  const root = file.value;
  if (!isRecord(root)) throw invalidFile(path, 1, "not a pnpm lockfile: the YAML is not a mapping", REMEDY);
  const format = formatOf(root.lockfileVersion);
  if (format === undefined) {
    const line = file.keyLines([]).get("lockfileVersion") ?? 1;
    const what = root.lockfileVersion === undefined ? "not a pnpm lockfile: no lockfileVersion" : `lockfileVersion ${JSON.stringify(root.lockfileVersion)} is not one Custody reads (5.x, 6.x or 9.0)`;
    throw invalidFile(path, line, what, `${REMEDY} using pnpm 7 or later`);
  }
  const packages = isRecord(root.packages) ? root.packages : {};
  const graph = format === 9 ? (isRecord(root.snapshots) ? root.snapshots : {}) : packages;
  const lock: Lock = { path, format, file, packages, graph };
  const declared = declaredDependencies(lock, root);
  const result: ParseResult = { dependencies: [], diagnostics: [] };
  reportLinks(lock, declared, importerIds(root), result);
  reportPackages(lock, declared, result);
  return result;
}

function formatOf(version: unknown): Format | undefined {
  const major = typeof version === "number" || typeof version === "string" ? Number.parseInt(String(version), 10) : Number.NaN;
  return FORMATS.find((f) => f === major);
}

function importerIds(root: Record<string, unknown>): Set<string> {
  return new Set(isRecord(root.importers) ? Object.keys(root.importers) : ["."]);
}

// ---- importers ---------------------------------------------------------------------------------

/** Every importer's declared dependencies; a single-project 5.x/6.x lockfile keeps them at the top. */
function declaredDependencies(lock: Lock, root: Record<string, unknown>): Declared[] {
  const importers: [string, Record<string, unknown>, string[]][] = isRecord(root.importers)
    ? Object.entries(root.importers).flatMap(([id, value]) => (isRecord(value) ? [[id, value, ["importers", id]] as [string, Record<string, unknown>, string[]]] : []))
    : [[".", root, []]];
  const declared: Declared[] = [];
  for (const [importer, entry, at] of importers) {
    // 5.x keeps the ranges in a separate `specifiers` map.
    const specifiers = isRecord(entry.specifiers) ? entry.specifiers : {};
    for (const section of ALL_SECTIONS) {
      const deps = entry[section];
      if (!isRecord(deps)) continue;
      const lines = lock.file.keyLines([...at, section]);
      for (const [name, value] of Object.entries(deps)) {
        const ref = isRecord(value) ? stringField(value, "version") : typeof value === "string" ? value : undefined;
        if (ref === undefined) continue;
        const specifier = isRecord(value) ? stringField(value, "specifier") : stringField(specifiers, name);
        const item: Declared = { importer, name, ref, dev: section === "devDependencies", line: lines.get(name) ?? 1 };
        if (specifier !== undefined) item.specifier = specifier;
        declared.push(item);
      }
    }
  }
  return declared;
}

/** `link:` dependencies point at a folder, a workspace or not, and have no package entry. */
function reportLinks(lock: Lock, declared: readonly Declared[], importers: ReadonlySet<string>, result: ParseResult): void {
  for (const item of declared) {
    if (!item.ref.startsWith("link:") || atCapacity(result, lock.path)) continue;
    const target = item.ref.slice("link:".length);
    const folder = posix.normalize(posix.join(item.importer, target));
    const source: DependencySource = importers.has(folder) || importers.has(`./${folder}`) ? "workspace" : "path";
    const dependency: Dependency = { ecosystem: "npm", name: item.name, direct: true, dev: item.dev, source, resolved: target, purl: npmPurl(item.name), path: lock.path, line: item.line };
    if (item.specifier !== undefined) dependency.requirement = item.specifier;
    result.dependencies.push(dependency);
  }
}

// ---- the graph ---------------------------------------------------------------------------------

/** The graph key a reference points at: `1.0.0`, `1.0.0_peer@2`, `1.0.0(peer@2)`, an alias or a depPath. */
function graphKey(lock: Lock, name: string, ref: string): string | undefined {
  const candidates = lock.format === 5 ? [ref, `/${name}/${ref}`] : lock.format === 6 ? [ref, `/${name}@${ref}`] : [`${name}@${ref}`, ref];
  return candidates.find((key) => key in lock.graph);
}

/** The reported `packages` key a graph key belongs to: 9.0 drops the peer suffix, earlier formats are the same map. */
function packageKey(lock: Lock, key: string): string {
  if (lock.format !== 9) return key;
  const at = key.indexOf("@", key.startsWith("@") ? 1 : 0);
  const peers = key.indexOf("(", at);
  return peers === -1 ? key : key.slice(0, peers);
}

interface Reach {
  direct: Set<string>;
  /** The name an importer gave a package it installs under another name (`npm:` aliases). */
  aliases: Map<string, string>;
  prod: Set<string>;
  dev: Set<string>;
}

/** Which packages keys the importers reach directly, and through production or development edges. */
function reachability(lock: Lock, declared: readonly Declared[]): Reach {
  const reach: Reach = { direct: new Set(), aliases: new Map(), prod: new Set(), dev: new Set() };
  for (const dev of [false, true]) {
    const seen = dev ? reach.dev : reach.prod;
    const queue: string[] = [];
    for (const item of declared) {
      if (item.dev !== dev) continue;
      const key = graphKey(lock, item.name, item.ref);
      if (key === undefined) continue;
      reach.direct.add(packageKey(lock, key));
      reach.aliases.set(packageKey(lock, key), item.name);
      queue.push(key);
    }
    const visited = new Set<string>();
    // Iterative: a hostile lockfile can chain entries arbitrarily deep.
    while (queue.length > 0) {
      const key = queue.pop();
      if (key === undefined || visited.has(key)) continue;
      visited.add(key);
      seen.add(packageKey(lock, key));
      const entry = lock.graph[key];
      if (!isRecord(entry)) continue;
      for (const section of PROD_SECTIONS) {
        const deps = entry[section];
        if (!isRecord(deps)) continue;
        for (const [name, ref] of Object.entries(deps)) {
          if (typeof ref !== "string") continue;
          const next = graphKey(lock, name, ref);
          if (next !== undefined && !visited.has(next)) queue.push(next);
        }
      }
    }
  }
  return reach;
}

// ---- packages ----------------------------------------------------------------------------------

function reportPackages(lock: Lock, declared: readonly Declared[], result: ParseResult): void {
  const lines = lock.file.keyLines(["packages"]);
  const reach = reachability(lock, declared);
  // 5.x and 6.x repeat a package once per set of peers; it is reported once.
  const reported = new Map<string, Dependency>();
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (atCapacity(result, lock.path)) return;
    const line = lines.get(key) ?? 1;
    if (!isRecord(entry)) {
      result.diagnostics.push(diagnostic(lock.path, line, `"${key}" is not a mapping; it was skipped`));
      continue;
    }
    const identity = identify(lock.format, key, entry);
    if (identity === undefined) {
      result.diagnostics.push(diagnostic(lock.path, line, `"${key}" names no package and version; it was skipped`));
      continue;
    }
    const direct = reach.direct.has(key);
    // 5.x and 6.x write `dev: true|false`; 9.0 leaves it to the graph.
    const dev = typeof entry.dev === "boolean" ? entry.dev : reach.dev.has(key) && !reach.prod.has(key);
    const id = `${identity.name}@${identity.version ?? key}`;
    const earlier = reported.get(id);
    if (earlier !== undefined) {
      earlier.direct = earlier.direct === true || direct;
      earlier.dev = earlier.dev === true && dev;
      continue;
    }
    const dependency = lockedPackage(lock.path, line, identity, entry, direct, dev);
    const alias = reach.aliases.get(key);
    if (alias !== undefined && alias !== identity.name) dependency.alias = alias;
    reported.set(id, dependency);
    result.dependencies.push(dependency);
  }
}

interface Identity {
  name: string;
  version?: string;
  /** A key in the registry's own form (`/name/1.0.0`, `name@1.0.0`), as opposed to a git, tarball or folder key. */
  registryKey: boolean;
}

function identify(format: Format, key: string, entry: Record<string, unknown>): Identity | undefined {
  const parsed = format === 5 ? fromV5Key(key) : fromAtKey(format === 6 ? key.replace(/^\//, "") : key);
  const registryKey = format === 9 ? parsed?.version !== undefined && valid(parsed.version) !== null : key.startsWith("/");
  const name = stringField(entry, "name") ?? parsed?.name;
  if (name === undefined) return undefined;
  const version = stringField(entry, "version") ?? (registryKey ? parsed?.version : undefined);
  return version === undefined ? { name, registryKey } : { name, version, registryKey };
}

/** `/name/1.0.0_peer@2`, `/@scope/name/1.0.0`. Non-registry keys name their package in `name:`. */
function fromV5Key(key: string): { name: string; version?: string } | undefined {
  if (!key.startsWith("/")) return undefined;
  const segments = key.slice(1).split("/");
  const scoped = segments[0]?.startsWith("@") === true;
  const name = scoped ? `${segments[0] ?? ""}/${segments[1] ?? ""}` : segments[0];
  const version = segments[scoped ? 2 : 1]?.split("_", 1)[0];
  if (name === undefined || name === "" || version === undefined) return undefined;
  return { name, version };
}

/** `name@1.0.0(peer@2)`, `@scope/name@1.0.0`, `name@https://…`. */
function fromAtKey(key: string): { name: string; version: string } | undefined {
  const split = splitAtName(key);
  if (split === undefined) return undefined;
  const peers = split.rest.indexOf("(");
  return { name: split.name, version: peers === -1 ? split.rest : split.rest.slice(0, peers) };
}

function lockedPackage(path: string, line: number, identity: Identity, entry: Record<string, unknown>, direct: boolean, dev: boolean): Dependency {
  const resolution = isRecord(entry.resolution) ? entry.resolution : {};
  const { source, resolved } = sourceOf(identity.registryKey, resolution);
  const dependency: Dependency = { ecosystem: "npm", name: identity.name, direct, dev, source, purl: npmPurl(identity.name, identity.version), path, line };
  if (identity.version !== undefined) dependency.version = identity.version;
  if (resolved !== undefined) dependency.resolved = cleanUrl(resolved);
  const integrity = stringField(resolution, "integrity");
  if (integrity !== undefined) dependency.integrity = integrity;
  return dependency;
}

function sourceOf(registryKey: boolean, resolution: Record<string, unknown>): { source: DependencySource; resolved?: string } {
  const directory = stringField(resolution, "directory");
  if (directory !== undefined || resolution.type === "directory") return directory === undefined ? { source: "path" } : { source: "path", resolved: directory };
  const repo = stringField(resolution, "repo");
  if (resolution.type === "git" && repo !== undefined) {
    const commit = stringField(resolution, "commit");
    return { source: "git", resolved: commit === undefined ? repo : `${repo}#${commit}` };
  }
  const tarball = stringField(resolution, "tarball");
  if (tarball === undefined) return { source: "registry" };
  if (tarball.startsWith("file:")) return { source: "path", resolved: tarball };
  // Registries other than npmjs.org get their tarball URL written out; the key says it is a registry package.
  if (registryKey) return { source: "registry", resolved: tarball };
  return { source: isGitArchiveUrl(tarball) ? "git" : "url", resolved: tarball };
}
