// Cargo.toml: `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`, their
// `[target.<cfg>.…]` variants and `[workspace.dependencies]`. Entries are either a requirement
// string or a table with `version`, `git`, `path`, `package` (a rename) or `workspace = true`.
import type { Dependency, DependencySource, EcosystemParser, ParseDiagnostic, ParseResult } from "../../types.js";
import { baseName, buildPurl, capDiagnostic, cleanUrl, guarded, insideFolder, INSTALLED_CRATES, invalid, isRecord, MAX_ENTRIES, stringField } from "./common.js";
import { parseTomlFile, TomlLines } from "./toml.js";

type Kind = "normal" | "dev" | "build";

/** The dependency tables of one target, with the older underscore spellings Cargo still accepts. */
const KIND_TABLES: readonly (readonly [string, Kind])[] = [
  ["dependencies", "normal"],
  ["dev-dependencies", "dev"],
  ["dev_dependencies", "dev"],
  ["build-dependencies", "build"],
  ["build_dependencies", "build"],
];

interface Section {
  path: string[];
  entries: Record<string, unknown>;
  kind: Kind;
}

export const cargoTomlParser: EcosystemParser = {
  ecosystem: "cargo",
  name: "Cargo.toml",
  matches: (path) => baseName(path) === "Cargo.toml" && !insideFolder(path, INSTALLED_CRATES),
  parse: guarded("Cargo.toml", parseCargoToml),
};

function parseCargoToml(path: string, text: string): ParseResult {
  const { table, text: body } = parseTomlFile(path, text, "Cargo.toml", "fix the TOML syntax");
  const lines = new TomlLines(body);
  const sections = dependencySections(path, table, lines);
  const workspace = isRecord(table.workspace) && isRecord(table.workspace.dependencies) ? table.workspace.dependencies : undefined;
  const dependencies: Dependency[] = [];
  const diagnostics: ParseDiagnostic[] = [];
  for (const section of sections) {
    for (const [key, value] of Object.entries(section.entries)) {
      const line = lines.lineOf([...section.path, key]) ?? lines.lineOf(section.path) ?? 1;
      if (dependencies.length + diagnostics.length >= MAX_ENTRIES) {
        diagnostics.push(capDiagnostic(path, line));
        return { dependencies, diagnostics };
      }
      const declared = readDeclaration(key, value, section.path[0] === "workspace" ? undefined : workspace);
      if (typeof declared === "string") {
        diagnostics.push({ path, line, message: `${key}: ${declared}` });
        continue;
      }
      dependencies.push(toDependency(path, line, key, declared, section.kind));
    }
  }
  return { dependencies, diagnostics };
}

/** Every dependency table in the manifest, in a stable order. A table of the wrong type is an error, as it is for Cargo. */
function dependencySections(path: string, table: Readonly<Record<string, unknown>>, lines: TomlLines): Section[] {
  const sections: Section[] = [];
  const add = (sectionPath: string[], value: unknown, kind: Kind): void => {
    if (value === undefined) return;
    if (!isRecord(value)) {
      throw invalid(path, lines.lineOf(sectionPath) ?? 1, `[${sectionPath.join(".")}] is not a table`, "declare dependencies as `name = \"version\"` or `name = { … }` entries");
    }
    sections.push({ path: sectionPath, entries: value, kind });
  };
  for (const [name, kind] of KIND_TABLES) add([name], table[name], kind);
  if (isRecord(table.target)) {
    for (const [cfg, targetTable] of Object.entries(table.target)) {
      if (!isRecord(targetTable)) continue;
      for (const [name, kind] of KIND_TABLES) add(["target", cfg, name], targetTable[name], kind);
    }
  }
  if (isRecord(table.workspace)) add(["workspace", "dependencies"], table.workspace.dependencies, "normal");
  // `[patch.<registry or git URL>]` swaps where a crate comes from for the whole build, often to a fork.
  if (isRecord(table.patch)) {
    for (const [registry, patches] of Object.entries(table.patch)) add(["patch", registry], patches, "normal");
  }
  return sections;
}

interface Declaration {
  name: string;
  requirement?: string;
  source: DependencySource;
  resolved?: string;
}

/** What one entry declares, or why it was skipped. `workspace` resolves `{ workspace = true }` in the same file. */
function readDeclaration(key: string, value: unknown, workspace: Readonly<Record<string, unknown>> | undefined): Declaration | string {
  if (typeof value === "string") return { name: key, requirement: value, source: "registry" };
  if (!isRecord(value)) return "neither a version string nor a table; skipped";
  const name = stringField(value, "package") ?? key;
  if (value.workspace === true) {
    const inherited = workspace?.[key];
    if (inherited === undefined) return { name, source: "workspace" };
    // The member may only add features; version and location come from the workspace entry.
    const resolved = readDeclaration(key, inherited, undefined);
    return typeof resolved === "string" ? { name, source: "workspace" } : { ...resolved, name: stringField(value, "package") ?? resolved.name };
  }
  const requirement = stringField(value, "version");
  const git = stringField(value, "git");
  const localPath = stringField(value, "path");
  const base = requirement === undefined ? { name } : { name, requirement };
  if (git !== undefined) return { ...base, source: "git", resolved: cleanUrl(git) };
  // With both `path` and `version`, the local copy is what gets built here; the version is for publishing.
  if (localPath !== undefined) return { ...base, source: "path", resolved: localPath };
  if (requirement === undefined) return "no version, git or path; skipped";
  return { ...base, source: "registry" };
}

/** `=1.2.3` pins one release; any other requirement leaves the version open. */
function exactVersion(requirement: string | undefined): string | undefined {
  const match = /^\s*=\s*(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?)\s*$/.exec(requirement ?? "");
  return match?.[1];
}

function toDependency(path: string, line: number, key: string, declared: Declaration, kind: Kind): Dependency {
  const version = exactVersion(declared.requirement);
  return {
    ecosystem: "cargo",
    name: declared.name,
    ...(version === undefined ? {} : { version }),
    ...(declared.requirement === undefined ? {} : { requirement: declared.requirement }),
    direct: true,
    dev: kind === "dev",
    source: declared.source,
    ...(declared.name === key ? {} : { alias: key }),
    ...(declared.resolved === undefined ? {} : { resolved: declared.resolved }),
    purl: buildPurl("cargo", undefined, declared.name, version),
    path,
    line,
  };
}
