// One entry point for version order across Custody's ecosystems. Each ecosystem has its own rules;
// a string the ecosystem's grammar rejects still gets a deterministic place through the fallback
// order, so sorting never fails, but `isValidVersion` lets callers refuse to reason about it.
import type { Ecosystem } from "../types.js";
import { compareComposer, isComposerVersion } from "./composer.js";
import { compareFallback, sign } from "./generic.js";
import { compareMaven } from "./maven.js";
import { comparePep440, isPep440 } from "./pep440.js";
import { compareGem, isGemVersion } from "./rubygems.js";
import { compareSemver, parseSemver } from "./semver.js";

// Real versions are short; refusing long strings keeps every parser's work small.
const MAX_VERSION_LENGTH = 256;

interface VersionScheme {
  valid(version: string): boolean;
  /** `undefined` when the scheme cannot place one of the two. */
  compare(a: string, b: string): number | undefined;
}

const SEMVER: VersionScheme = { valid: (v) => parseSemver(v) !== undefined, compare: compareSemver };

const SCHEMES: Readonly<Record<Ecosystem, VersionScheme>> = {
  npm: SEMVER,
  cargo: SEMVER,
  go: SEMVER,
  pypi: { valid: isPep440, compare: comparePep440 },
  // Maven has no invalid versions, but a string without a digit is no release.
  maven: { valid: (v) => /\d/.test(v), compare: compareMaven },
  rubygems: { valid: isGemVersion, compare: compareGem },
  packagist: { valid: isComposerVersion, compare: compareComposer },
};

export function isValidVersion(ecosystem: Ecosystem, version: string): boolean {
  return version.length <= MAX_VERSION_LENGTH && version.trim() !== "" && SCHEMES[ecosystem].valid(version);
}

/** Negative, zero or positive as `a` sorts before, with or after `b` in the ecosystem's order. */
export function compareVersions(ecosystem: Ecosystem, a: string, b: string): number {
  if (a === b) return 0;
  if (a.length > MAX_VERSION_LENGTH || b.length > MAX_VERSION_LENGTH) return compareFallback(a, b);
  return sign(SCHEMES[ecosystem].compare(a, b) ?? compareFallback(a, b));
}

/** SemVer 2.0 precedence as OSV `SEMVER` ranges define it, whatever the ecosystem. */
export function compareSemverRange(ecosystem: Ecosystem, a: string, b: string): number {
  if (a === b) return 0;
  if (a.length > MAX_VERSION_LENGTH || b.length > MAX_VERSION_LENGTH) return compareFallback(a, b);
  const order = compareSemver(a, b);
  // A database that wrote a non-SemVer bound into a SEMVER range most likely meant its ecosystem's order.
  return order === undefined ? compareVersions(ecosystem, a, b) : sign(order);
}
