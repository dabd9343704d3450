// Cargo.lock, format versions 1 to 4. Version 1 keeps checksums in a `[metadata]` table, version 2
// moved them onto each package, versions 3 and 4 add a top-level `version` key. Crates without a
// `source` are path crates: workspace members or `path = …` dependencies.
import type { Dependency, DependencySource, EcosystemParser, ParseDiagnostic, ParseResult } from "../../types.js";
import { baseName, buildPurl, capDiagnostic, cleanUrl, guarded, insideFolder, INSTALLED_CRATES, invalid, isRecord, MAX_ENTRIES, stringField } from "./common.js";
import { parseTomlFile, TomlLines } from "./toml.js";

const KNOWN_VERSIONS = new Set([1, 2, 3, 4]);

interface LockedCrate {
  name: string;
  version: string;
  source?: string;
  checksum?: string;
  dependencies: string[];
  line: number;
}

export const cargoLockParser: EcosystemParser = {
  ecosystem: "cargo",
  name: "Cargo.lock",
  matches: (path) => baseName(path) === "Cargo.lock" && !insideFolder(path, INSTALLED_CRATES),
  parse: guarded("Cargo.lock", parseCargoLock),
};

function parseCargoLock(path: string, text: string): ParseResult {
  const { table, text: body } = parseTomlFile(path, text, "Cargo.lock");
  const lines = new TomlLines(body);
  const version = table.version;
  if (version !== undefined && (typeof version !== "number" || !KNOWN_VERSIONS.has(version))) {
    throw invalid(path, lines.lineOf(["version"]) ?? 1, `unknown Cargo.lock format version ${JSON.stringify(version)}`, "regenerate it with a Cargo release Custody supports (format versions 1 to 4)");
  }
  const packages = table.package ?? [];
  if (!Array.isArray(packages)) {
    throw invalid(path, lines.lineOf(["package"]) ?? 1, "`package` is not an array of tables", "regenerate the lockfile with `cargo generate-lockfile`");
  }
  const diagnostics: ParseDiagnostic[] = [];
  const v1Checksums = isRecord(table.metadata) ? table.metadata : {};
  const crates: LockedCrate[] = [];
  // Lockfiles from before Cargo 1.0's format settled keep the root crate in a `[root]` table.
  const root = readCrate(table.root, lines.lineOf(["root", "name"]) ?? 1, v1Checksums);
  if (root !== undefined) crates.push(root);
  for (const [index, entry] of packages.entries()) {
    const line = lines.lineOf(["package", String(index), "name"]) ?? lines.lineOf(["package", String(index)]) ?? 1;
    if (crates.length + diagnostics.length >= MAX_ENTRIES) {
      diagnostics.push(capDiagnostic(path, line));
      break;
    }
    const crate = readCrate(entry, line, v1Checksums);
    if (crate === undefined) {
      diagnostics.push({ path, line, message: "package entry without a name and version; skipped" });
      continue;
    }
    crates.push(crate);
  }
  const direct = referencedBy(crates, (crate) => crate.source === undefined);
  const referenced = referencedBy(crates, () => true);
  const hasPathCrates = crates.some((crate) => crate.source === undefined);
  const dependencies: Dependency[] = [];
  crates.forEach((crate, index) => {
    // A path crate nothing depends on is the project itself (a package or workspace member), not a dependency.
    if (crate.source === undefined && !referenced.has(index)) return;
    // Without path crates (a hand-trimmed lockfile) nothing says what the project declared.
    const isDirect = direct.has(index) ? true : hasPathCrates ? false : undefined;
    dependencies.push(toDependency(path, crate, isDirect));
  });
  return { dependencies, diagnostics };
}

function readCrate(entry: unknown, line: number, v1Checksums: Readonly<Record<string, unknown>>): LockedCrate | undefined {
  if (!isRecord(entry)) return undefined;
  const name = stringField(entry, "name");
  const version = stringField(entry, "version");
  if (name === undefined || version === undefined) return undefined;
  const source = stringField(entry, "source");
  // Version 1 keys each checksum as `checksum <name> <version> (<source>)`.
  const checksum = stringField(entry, "checksum") ?? stringField(v1Checksums, `checksum ${name} ${version} (${source ?? ""})`);
  const listed = entry.dependencies;
  const dependencies = Array.isArray(listed) ? listed.filter((item): item is string => typeof item === "string") : [];
  return { name, version, line, dependencies, ...(source === undefined ? {} : { source }), ...(checksum === undefined ? {} : { checksum }) };
}

/**
 * Indices of the crates that crates matching `from` list as dependencies. From the path crates (the
 * workspace, or crates it points at on disk) that is what the project declared itself.
 */
function referencedBy(crates: readonly LockedCrate[], from: (crate: LockedCrate) => boolean): Set<number> {
  // First crate by `name` and by `name version`, so each reference is one lookup.
  const first = new Map<string, number>();
  crates.forEach((crate, index) => {
    for (const key of [crate.name, `${crate.name} ${crate.version}`]) if (!first.has(key)) first.set(key, index);
  });
  const found = new Set<number>();
  for (const crate of crates) {
    if (!from(crate)) continue;
    for (const reference of crate.dependencies) {
      // `name`, `name version` or `name version (source)`: only as much as needed to be unambiguous.
      const [name = "", version] = reference.split(" ");
      const match = first.get(version === undefined ? name : `${name} ${version}`);
      if (match !== undefined) found.add(match);
    }
  }
  return found;
}

function sourceKind(source: string | undefined): DependencySource {
  if (source === undefined || source.startsWith("path+")) return "path";
  if (source.startsWith("git+")) return "git";
  if (source.startsWith("registry+") || source.startsWith("sparse+")) return "registry";
  return "url";
}

function toDependency(path: string, crate: LockedCrate, isDirect: boolean | undefined): Dependency {
  const source = sourceKind(crate.source);
  return {
    ecosystem: "cargo",
    name: crate.name,
    version: crate.version,
    source,
    ...(isDirect === undefined ? {} : { direct: isDirect }),
    ...(crate.source === undefined ? {} : { resolved: cleanUrl(crate.source) }),
    ...(crate.checksum === undefined ? {} : { integrity: crate.checksum }),
    purl: buildPurl("cargo", undefined, crate.name, crate.version),
    path,
    line: crate.line,
  };
}
