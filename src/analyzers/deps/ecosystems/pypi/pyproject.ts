// pyproject.toml: PEP 621 `[project]` dependencies and extras, `[build-system] requires`, PEP 735
// `[dependency-groups]`, uv's `dev-dependencies` and `[tool.uv.sources]`, and Poetry's
// `[tool.poetry.*dependencies]` tables with their group, git, path and url forms.
import type { Dependency, DependencySource, EcosystemParser, ParseDiagnostic, ParseResult } from "../../types.js";
import { baseName, capDiagnostic, cleanUrl, guarded, insideFolder, isRecord, MAX_ENTRIES, stringField } from "../cargo/common.js";
import { parseTomlFile, TomlLines } from "../cargo/toml.js";
import { INSTALLED_COPIES, isDevName, normalizeName, pypiPurl } from "./names.js";
import { parseRequirement, pinnedVersion } from "./pep508.js";

interface Location {
  source: DependencySource;
  resolved?: string;
}

interface Context {
  path: string;
  lines: TomlLines;
  dependencies: Dependency[];
  diagnostics: ParseDiagnostic[];
  /** `[tool.uv.sources]` by normalised name: where uv fetches a package from instead of the index. */
  uvSources: ReadonlyMap<string, Location>;
  /** Named package indexes (`[[tool.uv.index]]`, `[[tool.poetry.source]]`) by name. */
  indexes: ReadonlyMap<string, string>;
}

interface Declared {
  rawName: string;
  requirement?: string;
  version?: string;
  location: Location;
  dev: boolean;
  line: number;
}

export const pyprojectParser: EcosystemParser = {
  ecosystem: "pypi",
  name: "pyproject.toml",
  matches: (path) => baseName(path) === "pyproject.toml" && !insideFolder(path, INSTALLED_COPIES),
  parse: guarded("pyproject.toml", parsePyproject),
};

function parsePyproject(path: string, text: string): ParseResult {
  const { table, text: body } = parseTomlFile(path, text, "pyproject.toml", "fix the TOML syntax");
  const tool = record(table.tool);
  const uv = record(tool.uv);
  const poetry = record(tool.poetry);
  const indexes = namedIndexes([uv.index, poetry.source]);
  const context: Context = {
    path,
    lines: new TomlLines(body),
    dependencies: [],
    diagnostics: [],
    uvSources: uvSources(record(uv.sources), indexes),
    indexes,
  };
  readPep621(context, table);
  const buildSystem = record(table["build-system"]);
  if (buildSystem.requires !== undefined) addSpecifierList(context, ["build-system", "requires"], buildSystem.requires, false);
  for (const [group, list] of Object.entries(record(table["dependency-groups"]))) {
    // PEP 735 groups are never part of the published package: development by definition.
    addSpecifierList(context, ["dependency-groups", group], list, true);
  }
  if (uv["dev-dependencies"] !== undefined) addSpecifierList(context, ["tool", "uv", "dev-dependencies"], uv["dev-dependencies"], true);
  readPoetry(context, poetry);
  if (context.dependencies.length > MAX_ENTRIES) {
    context.diagnostics.push(capDiagnostic(path, context.dependencies[MAX_ENTRIES]?.line ?? 1));
    context.dependencies.length = MAX_ENTRIES;
  }
  return { dependencies: context.dependencies, diagnostics: context.diagnostics };
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function readPep621(context: Context, table: Readonly<Record<string, unknown>>): void {
  const project = record(table.project);
  if (project.dependencies !== undefined) {
    addSpecifierList(context, ["project", "dependencies"], project.dependencies, false);
  } else if (Array.isArray(project.dynamic) && project.dynamic.includes("dependencies")) {
    const line = context.lines.lineOf(["project", "dynamic"]) ?? 1;
    context.diagnostics.push({ path: context.path, line, message: "dependencies are dynamic (computed by the build backend); they are not written in this file" });
  }
  for (const [extra, list] of Object.entries(record(project["optional-dependencies"]))) {
    addSpecifierList(context, ["project", "optional-dependencies", extra], list, isDevName(extra));
  }
}

function namedIndexes(lists: readonly unknown[]): Map<string, string> {
  const indexes = new Map<string, string>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!isRecord(entry)) continue;
      const name = stringField(entry, "name");
      const url = stringField(entry, "url");
      if (name !== undefined && url !== undefined) indexes.set(name, cleanUrl(url));
    }
  }
  return indexes;
}

function uvSources(sources: Readonly<Record<string, unknown>>, indexes: ReadonlyMap<string, string>): Map<string, Location> {
  const locations = new Map<string, Location>();
  for (const [name, value] of Object.entries(sources)) {
    // A list of sources selects one per platform marker; the first stands for all of them.
    const entry: unknown = Array.isArray(value) ? value[0] : value;
    if (!isRecord(entry)) continue;
    const location = locationOf(entry, indexes, "index");
    if (location !== undefined) locations.set(normalizeName(name), location);
  }
  return locations;
}

/** Where a uv source or Poetry table fetches from; `indexKey` names the field that picks a named index. */
function locationOf(entry: Readonly<Record<string, unknown>>, indexes: ReadonlyMap<string, string>, indexKey: string): Location | undefined {
  if (entry.workspace === true) return { source: "workspace" };
  const git = stringField(entry, "git");
  if (git !== undefined) return { source: "git", resolved: cleanUrl(git) };
  const localPath = stringField(entry, "path");
  if (localPath !== undefined) return { source: "path", resolved: localPath };
  const url = stringField(entry, "url");
  if (url !== undefined) return { source: "url", resolved: cleanUrl(url) };
  const index = stringField(entry, indexKey);
  if (index !== undefined) {
    const resolved = indexes.get(index);
    return resolved === undefined ? { source: "registry" } : { source: "registry", resolved };
  }
  return undefined;
}

/** Adds each PEP 508 string of an array (`dependencies = ["requests>=2", …]`), locating each on its own line. */
function addSpecifierList(context: Context, keyPath: readonly string[], list: unknown, dev: boolean): void {
  const { path, lines, diagnostics } = context;
  const keyLine = lines.lineOf(keyPath) ?? 1;
  if (!Array.isArray(list)) {
    diagnostics.push({ path, line: keyLine, message: `${keyPath.join(".")} is not a list of requirements; skipped` });
    return;
  }
  let cursor = keyLine;
  for (const item of list) {
    // `{ include-group = "test" }` in dependency groups pulls in another group, read on its own.
    if (typeof item !== "string") continue;
    const requirement = parseRequirement(item);
    const line = lines.findFrom(cursor, [JSON.stringify(item), `'${item}'`]) ?? lines.findFrom(cursor, [requirement?.name ?? item]) ?? keyLine;
    cursor = line;
    if (requirement === undefined) {
      diagnostics.push({ path, line, message: `"${item.slice(0, 120)}" is not a valid requirement; skipped` });
      continue;
    }
    const direct: Location | undefined =
      requirement.url === undefined ? undefined : { source: /^git\+/i.test(requirement.url) ? "git" : /^file:/i.test(requirement.url) ? "path" : "url", resolved: cleanUrl(requirement.url) };
    const version = pinnedVersion(requirement.specifier);
    add(context, {
      rawName: requirement.name,
      ...(requirement.specifier === "" ? {} : { requirement: requirement.specifier }),
      ...(version === undefined ? {} : { version }),
      location: direct ?? context.uvSources.get(normalizeName(requirement.name)) ?? { source: "registry" },
      dev,
      line,
    });
  }
}

function readPoetry(context: Context, poetry: Readonly<Record<string, unknown>>): void {
  addPoetryTable(context, ["tool", "poetry", "dependencies"], poetry.dependencies, false);
  // Before Poetry 1.2 development dependencies had their own table.
  addPoetryTable(context, ["tool", "poetry", "dev-dependencies"], poetry["dev-dependencies"], true);
  for (const [group, value] of Object.entries(record(poetry.group))) {
    // Poetry documents every group but `main` as development-only.
    addPoetryTable(context, ["tool", "poetry", "group", group, "dependencies"], record(value).dependencies, group !== "main");
  }
}

function addPoetryTable(context: Context, tablePath: readonly string[], table: unknown, dev: boolean): void {
  if (table === undefined) return;
  const { path, lines, diagnostics } = context;
  if (!isRecord(table)) {
    diagnostics.push({ path, line: lines.lineOf(tablePath) ?? 1, message: `[${tablePath.join(".")}] is not a table; skipped` });
    return;
  }
  for (const [name, value] of Object.entries(table)) {
    // The interpreter constraint sits among the packages but is not one.
    if (name.toLowerCase() === "python") continue;
    const line = lines.lineOf([...tablePath, name]) ?? lines.lineOf(tablePath) ?? 1;
    const declared = readPoetryValue(context, value);
    if (declared === undefined) {
      diagnostics.push({ path, line, message: `${name}: neither a version string nor a dependency table; skipped` });
      continue;
    }
    add(context, { rawName: name, ...declared, dev, line });
  }
}

/** A Poetry constraint: `"^2.31"`, `{ version = …, git/path/url/source = … }`, or a list of those per marker. */
function readPoetryValue(context: Context, value: unknown): Pick<Declared, "requirement" | "version" | "location"> | undefined {
  if (typeof value === "string") return withConstraint(value, { source: "registry" });
  const alternatives = Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [value] : [];
  const first = alternatives[0];
  if (first === undefined) return undefined;
  const constraints = alternatives.map((entry) => stringField(entry, "version")).filter((entry): entry is string => entry !== undefined);
  const location = locationOf(first, context.indexes, "source") ?? { source: "registry" };
  return withConstraint(constraints.join(" || "), location);
}

function withConstraint(constraint: string, location: Location): Pick<Declared, "requirement" | "version" | "location"> {
  const trimmed = constraint.trim();
  // In Poetry a bare `1.2.3` is an exact pin, the same as `==1.2.3`.
  const exact = /^(?:==)?\s*(\d[A-Za-z0-9.+!-]*)$/.exec(trimmed)?.[1];
  return {
    location,
    ...(trimmed === "" || trimmed === "*" ? {} : { requirement: trimmed }),
    ...(exact === undefined ? {} : { version: exact }),
  };
}

function add(context: Context, declared: Declared): void {
  const name = normalizeName(declared.rawName);
  const { location } = declared;
  context.dependencies.push({
    ecosystem: "pypi",
    name,
    ...(declared.version === undefined ? {} : { version: declared.version }),
    ...(declared.requirement === undefined ? {} : { requirement: declared.requirement }),
    direct: true,
    dev: declared.dev,
    source: location.source,
    ...(location.resolved === undefined ? {} : { resolved: location.resolved }),
    purl: pypiPurl(name, declared.version),
    path: context.path,
    line: declared.line,
  });
}
