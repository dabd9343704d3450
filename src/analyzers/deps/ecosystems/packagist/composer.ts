// Composer's composer.json (what the project requires) and composer.lock (what it installed).
// Package names are `vendor/name`, case-insensitive and lower-cased by Composer; requirements
// without a slash (`php`, `ext-json`, `lib-curl`, `composer-plugin-api`) are platform checks, not
// packages, and are left out.

import type { Dependency, DependencySource, EcosystemParser, ParseResult } from "../../types.js";
import { keyLines, parseJsonFile } from "../npm/json.js";
import { atCapacity, cleanUrl, diagnostic, invalidFile, isRecord, purl, stringField } from "../npm/support.js";

const MANIFEST_REMEDY = "fix the JSON syntax of composer.json";
const LOCK_REMEDY = 'regenerate it with "composer update --lock"';
const VCS_TYPES = new Set(["git", "hg", "svn", "fossil"]);

/** Packages installed under vendor/ carry their own composer.json; they are not the project's. */
function isInstalledCopy(path: string): boolean {
  return /(?:^|\/)vendor\//.test(path);
}

export const composerJsonParser: EcosystemParser = {
  ecosystem: "packagist",
  name: "composer.json",
  matches: (path) => /(?:^|\/)composer\.json$/.test(path) && !isInstalledCopy(path),
  parse: parseComposerJson,
};

export const composerLockParser: EcosystemParser = {
  ecosystem: "packagist",
  name: "composer.lock",
  matches: (path) => /(?:^|\/)composer\.lock$/.test(path) && !isInstalledCopy(path),
  parse: parseComposerLock,
};

export function composerPurl(name: string, version?: string): string {
  const [vendor, ...rest] = name.toLowerCase().split("/");
  return purl("composer", vendor, rest.join("/"), version);
}

function isPlatform(name: string): boolean {
  return !name.includes("/");
}

// ---- composer.json -----------------------------------------------------------------------------

export function parseComposerJson(path: string, text: string): ParseResult {
  const manifest = parseJsonFile(path, text, "composer.json", MANIFEST_REMEDY);
  if (!isRecord(manifest)) throw invalidFile(path, 1, "composer.json is not a JSON object", MANIFEST_REMEDY);
  const lines = keyLines(text, (parents, key) => (parents.length === 0 ? key : parents.length === 1 ? `${String(parents[0])}\u0000${key}` : undefined));
  const result: ParseResult = { dependencies: [], diagnostics: [] };
  const inline = inlinePackages(manifest.repositories);
  for (const [field, dev] of [["require", false], ["require-dev", true]] as const) {
    const section = manifest[field];
    if (section === undefined) continue;
    if (!isRecord(section)) {
      result.diagnostics.push(diagnostic(path, lines.get(field), `"${field}" is not an object of package/constraint pairs; it was skipped`));
      continue;
    }
    for (const [written, constraint] of Object.entries(section)) {
      if (isPlatform(written)) continue;
      if (atCapacity(result, path)) return result;
      const line = lines.get(`${field}\u0000${written}`) ?? lines.get(field) ?? 1;
      if (typeof constraint !== "string") {
        result.diagnostics.push(diagnostic(path, line, `"${field}.${written}" is not a version constraint; it was skipped`));
        continue;
      }
      const name = written.toLowerCase();
      const origin = inline.get(name);
      const dependency: Dependency = { ecosystem: "packagist", name, requirement: constraint, direct: true, dev, source: origin?.source ?? "registry", purl: composerPurl(name), path, line };
      if (origin?.resolved !== undefined) dependency.resolved = origin.resolved;
      result.dependencies.push(dependency);
    }
  }
  result.diagnostics.push(...repositoryNotes(path, manifest.repositories, lines.get("repositories")));
  return result;
}

function repositoryList(repositories: unknown): unknown[] {
  return Array.isArray(repositories) ? repositories : isRecord(repositories) ? Object.values(repositories) : [];
}

/** A `package` repository defines its package inline, so the manifest alone says where it comes from. */
function inlinePackages(repositories: unknown): Map<string, { source: DependencySource; resolved?: string }> {
  const found = new Map<string, { source: DependencySource; resolved?: string }>();
  for (const repository of repositoryList(repositories)) {
    if (!isRecord(repository) || repository.type !== "package") continue;
    const definitions = Array.isArray(repository.package) ? repository.package : [repository.package];
    for (const definition of definitions) {
      if (!isRecord(definition)) continue;
      const name = stringField(definition, "name")?.toLowerCase();
      if (name === undefined) continue;
      const source = isRecord(definition.source) ? definition.source : {};
      const dist = isRecord(definition.dist) ? definition.dist : {};
      const origin: DependencySource = stringField(dist, "url") === undefined && stringField(source, "url") !== undefined ? "git" : "url";
      const resolved = resolvedOf(origin, source, dist);
      found.set(name, resolved === undefined ? { source: origin } : { source: origin, resolved });
    }
  }
  return found;
}

/**
 * composer.json does not say which repository serves which package; composer.lock does. The
 * manifest's extra repositories are reported so a reader knows the registry is not the only source.
 */
function repositoryNotes(path: string, repositories: unknown, line: number | undefined): ParseResult["diagnostics"] {
  return repositoryList(repositories).flatMap((repository) => {
    if (!isRecord(repository)) return [];
    const type = stringField(repository, "type");
    const url = stringField(repository, "url");
    // Composer repositories are registries; `package` ones were matched to their package above.
    if (type === undefined || type === "composer" || type === "package") return [];
    const where = url === undefined ? "" : ` ${cleanUrl(url)}`;
    return [diagnostic(path, line, `packages may come from the ${type} repository${where} rather than Packagist; composer.lock records which`)];
  });
}

// ---- composer.lock -----------------------------------------------------------------------------

export function parseComposerLock(path: string, text: string): ParseResult {
  const lock = parseJsonFile(path, text, "composer.lock", LOCK_REMEDY);
  if (!isRecord(lock)) throw invalidFile(path, 1, "composer.lock is not a JSON object", LOCK_REMEDY);
  if (!Array.isArray(lock.packages)) {
    throw invalidFile(path, 1, 'not a Composer lockfile: there is no "packages" list', LOCK_REMEDY);
  }
  // The line of each entry's "name", where a reader finds the package; for an entry without one,
  // the line of its first other key.
  const lines = keyLines(text, (parents, key) => {
    if (parents.length !== 2 || (parents[0] !== "packages" && parents[0] !== "packages-dev")) return undefined;
    return `${parents[0]}\u0000${String(parents[1])}${key === "name" ? "" : "\u0000other"}`;
  });
  const result: ParseResult = { dependencies: [], diagnostics: [] };
  for (const [field, dev] of [["packages", false], ["packages-dev", true]] as const) {
    const list = lock[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      result.diagnostics.push(diagnostic(path, undefined, `"${field}" is not a list; it was skipped`));
      continue;
    }
    for (const [index, entry] of list.entries()) {
      if (atCapacity(result, path)) return result;
      const id = `${field}\u0000${String(index)}`;
      const line = lines.get(id) ?? lines.get(`${id}\u0000other`) ?? 1;
      const dependency = isRecord(entry) ? lockedPackage(path, line, entry, dev) : undefined;
      if (dependency === undefined) {
        result.diagnostics.push(diagnostic(path, line, `entry ${String(index)} of "${field}" has no package name; it was skipped`));
        continue;
      }
      result.dependencies.push(dependency);
    }
  }
  return result;
}

function lockedPackage(path: string, line: number, entry: Record<string, unknown>, dev: boolean): Dependency | undefined {
  const written = stringField(entry, "name");
  if (written === undefined || written === "") return undefined;
  const name = written.toLowerCase();
  const version = stringField(entry, "version");
  const source = isRecord(entry.source) ? entry.source : {};
  const dist = isRecord(entry.dist) ? entry.dist : {};
  const origin = originOf(entry, source, dist);
  const dependency: Dependency = { ecosystem: "packagist", name, dev, source: origin, purl: composerPurl(name, version), path, line };
  if (version !== undefined) dependency.version = version;
  const resolved = resolvedOf(origin, source, dist);
  if (resolved !== undefined) dependency.resolved = resolved;
  const shasum = stringField(dist, "shasum");
  if (shasum !== undefined && shasum !== "") dependency.integrity = `sha1:${shasum}`;
  const license = licenseOf(entry.license);
  if (license !== undefined) dependency.license = license;
  return dependency;
}

/**
 * Composer records the download, not the repository. A `notification-url` is set only by Composer
 * repositories (Packagist, Private Packagist); a `path` dist is a local folder; a package with only
 * a VCS checkout, or a branch version (`dev-main`), came from a VCS repository.
 */
function originOf(entry: Record<string, unknown>, source: Record<string, unknown>, dist: Record<string, unknown>): DependencySource {
  if (dist.type === "path") return "path";
  const vcs = typeof source.type === "string" && VCS_TYPES.has(source.type);
  const branch = stringField(entry, "version")?.startsWith("dev-") === true;
  if (stringField(entry, "notification-url") !== undefined && !branch) return "registry";
  if (vcs) return "git";
  if (stringField(dist, "url") !== undefined) return "url";
  return "registry";
}

function resolvedOf(origin: DependencySource, source: Record<string, unknown>, dist: Record<string, unknown>): string | undefined {
  const sourceUrl = stringField(source, "url");
  const reference = stringField(source, "reference");
  if (origin === "git" && sourceUrl !== undefined) return cleanUrl(reference === undefined || reference === "" ? sourceUrl : `${sourceUrl}#${reference}`);
  const distUrl = stringField(dist, "url");
  if (distUrl !== undefined) return origin === "path" ? distUrl : cleanUrl(distUrl);
  return sourceUrl === undefined ? undefined : cleanUrl(sourceUrl);
}

/** Composer lists alternatives the user may pick from (dual licensing). */
function licenseOf(license: unknown): string | undefined {
  if (typeof license === "string") return license;
  if (!Array.isArray(license)) return undefined;
  const names = license.filter((l): l is string => typeof l === "string" && l !== "");
  if (names.length === 0) return undefined;
  return names.length === 1 ? names[0] : `(${names.join(" OR ")})`;
}
