// poetry.lock, lock-version 1.x and 2.x. Version 1 kept file hashes in `[metadata.files]` and marked
// development packages with `category = "dev"`; 2.0 moved the hashes onto each package as `files`;
// 2.1 (Poetry 2) lists the dependency `groups` each package belongs to.
import type { Dependency, DependencySource, EcosystemParser, ParseDiagnostic, ParseResult } from "../../types.js";
import { baseName, capDiagnostic, cleanUrl, guarded, insideFolder, invalid, isRecord, MAX_ENTRIES, stringField } from "../cargo/common.js";
import { parseTomlFile, TomlLines } from "../cargo/toml.js";
import { INSTALLED_COPIES, normalizeName, pypiPurl } from "./names.js";

const SUPPORTED_MAJOR_VERSIONS = new Set(["1", "2"]);

export const poetryLockParser: EcosystemParser = {
  ecosystem: "pypi",
  name: "poetry.lock",
  matches: (path) => baseName(path) === "poetry.lock" && !insideFolder(path, INSTALLED_COPIES),
  parse: guarded("poetry.lock", parsePoetryLock),
};

function parsePoetryLock(path: string, text: string): ParseResult {
  const { table, text: body } = parseTomlFile(path, text, "poetry.lock");
  const lines = new TomlLines(body);
  const metadata = isRecord(table.metadata) ? table.metadata : {};
  const lockVersion = stringField(metadata, "lock-version");
  if (lockVersion !== undefined && !SUPPORTED_MAJOR_VERSIONS.has(lockVersion.split(".")[0] ?? "")) {
    throw invalid(path, lines.lineOf(["metadata", "lock-version"]) ?? 1, `unknown poetry.lock lock-version "${lockVersion}"`, "regenerate it with Poetry 1.x or 2.x (`poetry lock`)");
  }
  const packages = table.package ?? [];
  if (!Array.isArray(packages)) {
    throw invalid(path, lines.lineOf(["package"]) ?? 1, "`package` is not an array of tables", "regenerate the lockfile with `poetry lock`");
  }
  const legacyFiles = isRecord(metadata.files) ? metadata.files : {};
  const dependencies: Dependency[] = [];
  const diagnostics: ParseDiagnostic[] = [];
  for (const [index, entry] of packages.entries()) {
    const line = lines.lineOf(["package", String(index), "name"]) ?? lines.lineOf(["package", String(index)]) ?? 1;
    if (dependencies.length + diagnostics.length >= MAX_ENTRIES) {
      diagnostics.push(capDiagnostic(path, line));
      break;
    }
    const name = isRecord(entry) ? stringField(entry, "name") : undefined;
    const version = isRecord(entry) ? stringField(entry, "version") : undefined;
    if (!isRecord(entry) || name === undefined || version === undefined) {
      diagnostics.push({ path, line, message: "package entry without a name and version; skipped" });
      continue;
    }
    const normalized = normalizeName(name);
    const { source, resolved } = sourceOf(entry.source);
    const integrity = hashes(entry.files ?? legacyFiles[name] ?? legacyFiles[normalized]);
    const dev = isDev(entry);
    dependencies.push({
      ecosystem: "pypi",
      name: normalized,
      version,
      ...(dev === undefined ? {} : { dev }),
      source,
      ...(resolved === undefined ? {} : { resolved }),
      ...(integrity === undefined ? {} : { integrity }),
      purl: pypiPurl(normalized, version),
      path,
      line,
    });
  }
  return { dependencies, diagnostics };
}

/** `category` (lock 1.x) or `groups` (lock 2.1); lock 2.0 records neither, so it is unknown there. */
function isDev(entry: Readonly<Record<string, unknown>>): boolean | undefined {
  const category = stringField(entry, "category");
  if (category !== undefined) return category === "dev";
  const groups = entry.groups;
  if (Array.isArray(groups) && groups.length > 0) return !groups.includes("main");
  return undefined;
}

function sourceOf(value: unknown): { source: DependencySource; resolved?: string } {
  if (!isRecord(value)) return { source: "registry" };
  const type = stringField(value, "type");
  const url = stringField(value, "url");
  const commit = stringField(value, "resolved_reference");
  switch (type) {
    case "git":
      return { source: "git", ...(url === undefined ? {} : { resolved: commit === undefined ? cleanUrl(url) : `${cleanUrl(url)}#${commit}` }) };
    case "directory":
    case "file":
      return { source: "path", ...(url === undefined ? {} : { resolved: url }) };
    case "url":
      return { source: "url", ...(url === undefined ? {} : { resolved: cleanUrl(url) }) };
    default:
      // `legacy` and `explicit` sources are package indexes other than PyPI.
      return { source: "registry", ...(url === undefined ? {} : { resolved: cleanUrl(url) }) };
  }
}

/** The artifact hashes, space-separated, as the lockfile lists them (`sha256:…`). */
function hashes(files: unknown): string | undefined {
  if (!Array.isArray(files)) return undefined;
  const list = files.filter(isRecord).map((file) => stringField(file, "hash")).filter((hash): hash is string => hash !== undefined);
  return list.length === 0 ? undefined : list.join(" ");
}
