// Pipfile.lock (pipenv, `pipfile-spec` up to 6): `default` holds the runtime packages and `develop`
// the development ones, each pinned as `"version": "==x"` with its artifact hashes. Git, path and file
// entries carry their location instead of a version.
import type { Dependency, DependencySource, EcosystemParser, ParseDiagnostic, ParseResult } from "../../types.js";
import { baseName, capDiagnostic, checkText, cleanUrl, guarded, insideFolder, invalid, isRecord, MAX_ENTRIES, stringField } from "../cargo/common.js";
import { scanJson } from "./json-lines.js";
import { INSTALLED_COPIES, normalizeName, pypiPurl } from "./names.js";

const MAX_SPEC = 6;
const SECTIONS = [
  ["default", false],
  ["develop", true],
] as const;

export const pipfileLockParser: EcosystemParser = {
  ecosystem: "pypi",
  name: "Pipfile.lock",
  matches: (path) => baseName(path) === "Pipfile.lock" && !insideFolder(path, INSTALLED_COPIES),
  parse: guarded("Pipfile.lock", parsePipfileLock),
};

function parsePipfileLock(path: string, text: string): ParseResult {
  const body = checkText(path, text, "Pipfile.lock");
  const scan = scanJson(body, 2);
  if (scan.error !== undefined) {
    throw invalid(path, scan.error.line, `invalid JSON: ${scan.error.message}`, "regenerate it with `pipenv lock`");
  }
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    throw invalid(path, undefined, "invalid JSON", "regenerate it with `pipenv lock`");
  }
  if (!isRecord(document)) throw invalid(path, 1, "the top level is not a JSON object", "regenerate it with `pipenv lock`");
  const meta = isRecord(document._meta) ? document._meta : {};
  const spec = meta["pipfile-spec"];
  if (spec !== undefined && (typeof spec !== "number" || !Number.isInteger(spec) || spec < 1 || spec > MAX_SPEC)) {
    throw invalid(path, scan.keyLine(["_meta", "pipfile-spec"]) ?? 1, `unknown pipfile-spec ${JSON.stringify(spec)}`, `regenerate it with a pipenv release that writes pipfile-spec ${MAX_SPEC} or earlier`);
  }
  const indexes = sourceUrls(meta.sources);
  const dependencies: Dependency[] = [];
  const diagnostics: ParseDiagnostic[] = [];
  for (const [section, dev] of SECTIONS) {
    const packages = document[section];
    if (packages === undefined) continue;
    if (!isRecord(packages)) throw invalid(path, scan.keyLine([section]) ?? 1, `"${section}" is not an object`, "regenerate it with `pipenv lock`");
    for (const [name, entry] of Object.entries(packages)) {
      const line = scan.keyLine([section, name]) ?? scan.keyLine([section]) ?? 1;
      if (dependencies.length + diagnostics.length >= MAX_ENTRIES) {
        diagnostics.push(capDiagnostic(path, line));
        return { dependencies, diagnostics };
      }
      if (!isRecord(entry)) {
        diagnostics.push({ path, line, message: `${name}: entry is not an object; skipped` });
        continue;
      }
      // `"editable": true, "path": "."` is the project installing itself, not a dependency.
      if (stringField(entry, "path") === ".") continue;
      dependencies.push(toDependency(path, line, name, entry, dev, indexes));
    }
  }
  return { dependencies, diagnostics };
}

function sourceUrls(sources: unknown): Map<string, string> {
  const urls = new Map<string, string>();
  if (!Array.isArray(sources)) return urls;
  for (const source of sources) {
    if (!isRecord(source)) continue;
    const name = stringField(source, "name");
    const url = stringField(source, "url");
    if (name !== undefined && url !== undefined) urls.set(name, cleanUrl(url));
  }
  return urls;
}

function locationOf(entry: Readonly<Record<string, unknown>>, indexes: ReadonlyMap<string, string>): { source: DependencySource; resolved?: string } {
  const git = stringField(entry, "git");
  if (git !== undefined) {
    const ref = stringField(entry, "ref");
    const url = cleanUrl(git);
    return { source: "git", resolved: ref !== undefined && /^[0-9a-f]{7,64}$/i.test(ref) ? `${url}#${ref}` : url };
  }
  const file = stringField(entry, "file");
  if (file !== undefined) return /^[a-z][a-z0-9+.-]*:\/\//i.test(file) && !file.startsWith("file:") ? { source: "url", resolved: cleanUrl(file) } : { source: "path", resolved: file };
  const localPath = stringField(entry, "path");
  if (localPath !== undefined) return { source: "path", resolved: localPath };
  const index = stringField(entry, "index");
  const resolved = index === undefined ? undefined : indexes.get(index);
  return resolved === undefined ? { source: "registry" } : { source: "registry", resolved };
}

function toDependency(path: string, line: number, rawName: string, entry: Readonly<Record<string, unknown>>, dev: boolean, indexes: ReadonlyMap<string, string>): Dependency {
  const name = normalizeName(rawName);
  const pinned = stringField(entry, "version");
  const version = pinned === undefined ? undefined : /^(?:===|==)(.+)$/.exec(pinned.trim())?.[1];
  const hashes = Array.isArray(entry.hashes) ? entry.hashes.filter((hash): hash is string => typeof hash === "string") : [];
  const { source, resolved } = locationOf(entry, indexes);
  return {
    ecosystem: "pypi",
    name,
    ...(version === undefined ? {} : { version }),
    ...(pinned !== undefined && version === undefined ? { requirement: pinned } : {}),
    dev,
    source,
    ...(resolved === undefined ? {} : { resolved }),
    ...(hashes.length === 0 ? {} : { integrity: hashes.join(" ") }),
    purl: pypiPurl(name, version),
    path,
    line,
  };
}
