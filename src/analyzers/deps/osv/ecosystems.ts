// OSV names ecosystems as their registries do (`PyPI`, `crates.io`); Custody names them by package
// manager family. Package names are compared in the form each registry treats as identical.
import type { Ecosystem } from "../types.js";

const FROM_OSV: Readonly<Record<string, Ecosystem>> = {
  npm: "npm",
  PyPI: "pypi",
  Go: "go",
  "crates.io": "cargo",
  Maven: "maven",
  RubyGems: "rubygems",
  Packagist: "packagist",
};

export const OSV_ECOSYSTEM_NAMES: Readonly<Record<Ecosystem, string>> = {
  npm: "npm",
  pypi: "PyPI",
  go: "Go",
  cargo: "crates.io",
  maven: "Maven",
  rubygems: "RubyGems",
  packagist: "Packagist",
};

/**
 * Custody's ecosystem for an OSV ecosystem string, or `undefined` for ecosystems Custody does not
 * parse (Debian, NuGet, …). Maven and Packagist may name a repository after a colon
 * (`Maven:https://maven.google.com`); the packages are still Maven and Composer packages.
 */
export function fromOsvEcosystem(osv: string): Ecosystem | undefined {
  const colon = osv.indexOf(":");
  const base = colon < 0 ? osv : osv.slice(0, colon);
  if (colon >= 0 && base !== "Maven" && base !== "Packagist") return undefined;
  return Object.hasOwn(FROM_OSV, base) ? FROM_OSV[base] : undefined;
}

/**
 * The name under which advisories are stored and looked up. PyPI names follow PEP 503; Composer
 * treats package names case-insensitively and Custody's composer parsers lower-case them, so
 * Packagist names are lower-cased too. Other registries' names are compared as written.
 */
export function normalizePackageName(ecosystem: Ecosystem, name: string): string {
  const trimmed = name.trim();
  if (ecosystem === "pypi") return trimmed.toLowerCase().replace(/[-_.]+/g, "-");
  if (ecosystem === "packagist") return trimmed.toLowerCase();
  return trimmed;
}
