// uv.lock (format version 1). Every package records its `source` (registry, git, path, directory,
// editable, virtual, url) and its dependency edges, so the workspace members' own lists tell which
// packages are direct, and walking the edges tells which ones only development groups pull in.
import type { Dependency, DependencySource, EcosystemParser, ParseDiagnostic, ParseResult } from "../../types.js";
import { baseName, capDiagnostic, cleanUrl, guarded, insideFolder, invalid, isRecord, MAX_ENTRIES, stringField } from "../cargo/common.js";
import { parseTomlFile, TomlLines } from "../cargo/toml.js";
import { INSTALLED_COPIES, normalizeName, pypiPurl } from "./names.js";

const SUPPORTED_VERSIONS = new Set([1]);

interface Edge {
  name: string;
  version?: string;
  extras: string[];
}

interface LockedPackage {
  name: string;
  version?: string;
  sourceTable: Readonly<Record<string, unknown>>;
  /** Runtime edges, and the edges of each extra. */
  dependencies: Edge[];
  extras: ReadonlyMap<string, Edge[]>;
  devGroups: Edge[];
  integrity?: string;
  line: number;
}

export const uvLockParser: EcosystemParser = {
  ecosystem: "pypi",
  name: "uv.lock",
  matches: (path) => baseName(path) === "uv.lock" && !insideFolder(path, INSTALLED_COPIES),
  parse: guarded("uv.lock", parseUvLock),
};

function parseUvLock(path: string, text: string): ParseResult {
  const { table, text: body } = parseTomlFile(path, text, "uv.lock");
  const lines = new TomlLines(body);
  const version = table.version;
  if (typeof version !== "number" || !SUPPORTED_VERSIONS.has(version)) {
    throw invalid(path, lines.lineOf(["version"]) ?? 1, `unknown uv.lock version ${JSON.stringify(version ?? null)}`, "regenerate it with a uv release that writes lockfile version 1 (`uv lock`)");
  }
  const entries = table.package ?? [];
  if (!Array.isArray(entries)) {
    throw invalid(path, lines.lineOf(["package"]) ?? 1, "`package` is not an array of tables", "regenerate the lockfile with `uv lock`");
  }
  const diagnostics: ParseDiagnostic[] = [];
  const packages: LockedPackage[] = [];
  for (const [index, entry] of entries.entries()) {
    const line = lines.lineOf(["package", String(index), "name"]) ?? lines.lineOf(["package", String(index)]) ?? 1;
    if (packages.length + diagnostics.length >= MAX_ENTRIES) {
      diagnostics.push(capDiagnostic(path, line));
      break;
    }
    const locked = readPackage(entry, line);
    if (locked === undefined) diagnostics.push({ path, line, message: "package entry without a name; skipped" });
    else packages.push(locked);
  }
  const members = workspaceMembers(table.manifest, packages);
  const reach = reachability(packages, members);
  const dependencies: Dependency[] = [];
  for (const [index, locked] of packages.entries()) {
    const kind = sourceKind(locked, members.has(index));
    // The project itself is not one of its dependencies.
    if (kind === "root") continue;
    dependencies.push(toDependency(path, locked, kind, reach.get(index)));
  }
  return { dependencies, diagnostics };
}

function readEdges(value: unknown): Edge[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).flatMap((edge) => {
    const name = stringField(edge, "name");
    if (name === undefined) return [];
    const version = stringField(edge, "version");
    const extras = Array.isArray(edge.extra) ? edge.extra.filter((extra): extra is string => typeof extra === "string") : [];
    return [{ name: normalizeName(name), extras, ...(version === undefined ? {} : { version }) }];
  });
}

function readGroups(value: unknown): Map<string, Edge[]> {
  const groups = new Map<string, Edge[]>();
  if (isRecord(value)) for (const [group, edges] of Object.entries(value)) groups.set(group, readEdges(edges));
  return groups;
}

function readPackage(entry: unknown, line: number): LockedPackage | undefined {
  if (!isRecord(entry)) return undefined;
  const name = stringField(entry, "name");
  if (name === undefined) return undefined;
  const version = stringField(entry, "version");
  const wheels: unknown[] = Array.isArray(entry.wheels) ? entry.wheels : [];
  const artifacts = [entry.sdist, ...wheels].filter(isRecord);
  const hashes = artifacts.map((artifact) => stringField(artifact, "hash")).filter((hash): hash is string => hash !== undefined);
  return {
    name: normalizeName(name),
    ...(version === undefined ? {} : { version }),
    sourceTable: isRecord(entry.source) ? entry.source : {},
    dependencies: readEdges(entry.dependencies),
    extras: readGroups(entry["optional-dependencies"]),
    devGroups: [...readGroups(entry["dev-dependencies"]).values()].flat(),
    ...(hashes.length === 0 ? {} : { integrity: hashes.join(" ") }),
    line,
  };
}

/** Indices of the workspace's own packages: `[manifest] members`, else the editable or virtual project at `.`. */
function workspaceMembers(manifest: unknown, packages: readonly LockedPackage[]): Set<number> {
  const listed = new Set(
    isRecord(manifest) && Array.isArray(manifest.members) ? manifest.members.filter((member): member is string => typeof member === "string").map(normalizeName) : [],
  );
  const members = new Set<number>();
  packages.forEach((locked, index) => {
    const local = stringField(locked.sourceTable, "editable") ?? stringField(locked.sourceTable, "virtual");
    if (listed.has(locked.name) || local === ".") members.add(index);
  });
  return members;
}

type Kind = DependencySource | "root";

function sourceKind(locked: LockedPackage, isMember: boolean): Kind {
  const source = locked.sourceTable;
  const local = stringField(source, "editable") ?? stringField(source, "virtual");
  if (isMember) return local === "." ? "root" : "workspace";
  if (source.registry !== undefined) return "registry";
  if (source.git !== undefined) return "git";
  if (source.url !== undefined) return "url";
  return "path";
}

interface Reach {
  direct: boolean;
  dev: boolean;
}

/**
 * Direct: listed by a workspace member. Dev: reachable from the members' development groups but not
 * from their runtime dependencies or extras. Without members nothing is known, and the map stays empty.
 */
function reachability(packages: readonly LockedPackage[], members: ReadonlySet<number>): Map<number, Reach> {
  const result = new Map<number, Reach>();
  if (members.size === 0) return result;
  // Edges name a package, plus its version when several versions are locked (uv forks by marker).
  const byKey = new Map<string, number[]>();
  packages.forEach((locked, index) => {
    for (const key of [locked.name, `${locked.name}\u0000${locked.version ?? ""}`]) {
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [index]);
      else list.push(index);
    }
  });
  const resolve = (edge: Edge): readonly number[] => byKey.get(edge.version === undefined ? edge.name : `${edge.name}\u0000${edge.version}`) ?? [];
  const runtimeRoots: Edge[] = [];
  const devRoots: Edge[] = [];
  for (const index of members) {
    const member = packages[index];
    if (member === undefined) continue;
    runtimeRoots.push(...member.dependencies, ...[...member.extras.values()].flat());
    devRoots.push(...member.devGroups);
  }
  const runtime = walk(runtimeRoots, packages, resolve);
  const development = walk(devRoots, packages, resolve);
  const directNames = new Set([...runtimeRoots, ...devRoots].map((edge) => edge.name));
  packages.forEach((locked, index) => {
    if (members.has(index)) return;
    result.set(index, { direct: directNames.has(locked.name), dev: !runtime.has(index) && development.has(index) });
  });
  return result;
}

/** Every package index reachable from `roots`, following runtime edges and the edges of requested extras. */
function walk(roots: readonly Edge[], packages: readonly LockedPackage[], resolve: (edge: Edge) => readonly number[]): Set<number> {
  const seen = new Set<number>();
  const expandedExtras = new Set<string>();
  const followed = new Set<string>();
  const queue = [...roots];
  // Each distinct edge is followed once and each package and extra expanded once, so the walk ends,
  // in time linear in the number of edges, even when a hostile file makes extras refer to themselves.
  for (let at = 0; at < queue.length; at++) {
    const edge = queue[at];
    if (edge === undefined) continue;
    const edgeKey = `${edge.name}\u0000${edge.version ?? ""}\u0000${edge.extras.join(",")}`;
    if (followed.has(edgeKey)) continue;
    followed.add(edgeKey);
    for (const index of resolve(edge)) {
      const locked = packages[index];
      if (locked === undefined) continue;
      if (!seen.has(index)) {
        seen.add(index);
        queue.push(...locked.dependencies);
      }
      for (const extra of edge.extras) {
        const key = `${index}\u0000${extra}`;
        if (expandedExtras.has(key)) continue;
        expandedExtras.add(key);
        queue.push(...(locked.extras.get(extra) ?? []));
      }
    }
  }
  return seen;
}

function resolvedOf(source: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of ["registry", "git", "url"]) {
    const value = stringField(source, key);
    if (value !== undefined) return cleanUrl(value);
  }
  return stringField(source, "path") ?? stringField(source, "directory") ?? stringField(source, "editable") ?? stringField(source, "virtual");
}

function toDependency(path: string, locked: LockedPackage, source: DependencySource, reach: Reach | undefined): Dependency {
  const resolved = resolvedOf(locked.sourceTable);
  return {
    ecosystem: "pypi",
    name: locked.name,
    ...(locked.version === undefined ? {} : { version: locked.version }),
    ...(reach === undefined ? {} : { direct: reach.direct, dev: reach.dev }),
    source,
    ...(resolved === undefined ? {} : { resolved }),
    ...(locked.integrity === undefined ? {} : { integrity: locked.integrity }),
    purl: pypiPurl(locked.name, locked.version),
    path,
    line: locked.line,
  };
}
