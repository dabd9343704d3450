// Which dependencies a change brings in: those the head version of a manifest or lockfile lists and
// the base version did not, by name and version. A bumped version counts as new; a moved entry
// does not.
import type { Dependency, ParseResult } from "./types.js";

function key(d: Dependency): string {
  return `${d.ecosystem}\0${d.name}\0${d.version ?? d.requirement ?? ""}\0${d.source}`;
}

/** Dependencies in `head` that `base` (absent for a new file) does not have, in head order, once each. */
export function addedDependencies(base: ParseResult | undefined, head: ParseResult): Dependency[] {
  const before = new Set((base?.dependencies ?? []).map(key));
  const seen = new Set<string>();
  return head.dependencies.filter((d) => {
    const k = key(d);
    if (before.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** `npm:left-pad@1.3.0`: how policies and reports name a package. */
export function packageId(d: Pick<Dependency, "ecosystem" | "name" | "version" | "requirement">): string {
  const version = d.version ?? d.requirement;
  return `${d.ecosystem}:${d.name}${version === undefined ? "" : `@${version}`}`;
}
