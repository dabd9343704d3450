// SemVer 2.0 precedence for npm, crates.io and Go, and for OSV ranges of type SEMVER.
// The registries are looser than the spec: old npm releases carry `v1.2.3`, `=1.2.3` or `1.2.3beta`,
// so parsing is loose. Build metadata (`+incompatible`, `+build.5`) never affects precedence.
// Go pseudo-versions (`v0.0.0-20200101120000-abcdefabcdef`, `v1.2.4-0.20200101120000-abcdef…`) are
// ordinary SemVer pre-releases whose fixed-width timestamp sorts them by base version, then by time.
import { SemVer } from "semver";

export function parseSemver(version: string): SemVer | undefined {
  try {
    return new SemVer(version.trim(), { loose: true });
  } catch {
    return undefined;
  }
}

/** `undefined` when either side is not SemVer, so the caller can choose another order. */
export function compareSemver(a: string, b: string): number | undefined {
  const left = parseSemver(a);
  const right = parseSemver(b);
  if (!left || !right) return undefined;
  return left.compare(right);
}
