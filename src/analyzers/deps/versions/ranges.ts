// Whether a version falls inside an OSV `affected` entry, following the evaluation pseudocode of the
// OSV schema: a version is affected when it is listed in `versions` or lies inside any range. Inside
// a range the events are sorted by version and replayed as a timeline: `introduced` (with "0" before
// every version) turns the version affected, `fixed` at or below it and `last_affected` below it turn
// it back; `limit` events bound the whole range from above ("*" is infinity).
//
// `GIT` ranges are skipped: their bounds are commits, and placing a release among them needs the
// repository's commit graph, which a lockfile does not give. Databases that publish GIT ranges for a
// package ecosystem also publish the `versions` list, which is still consulted.
import type { Ecosystem } from "../types.js";
import { compareSemverRange, compareVersions, isValidVersion } from "./compare.js";
import { parseSemver } from "./semver.js";

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: string;
  events: readonly OsvEvent[];
}

/** The part of an OSV `affected` entry that says which versions it covers. */
export interface AffectedVersions {
  versions?: readonly string[];
  ranges?: readonly OsvRange[];
}

type Compare = (a: string, b: string) => number;

export function isAffected(ecosystem: Ecosystem, version: string, affected: AffectedVersions): boolean {
  const valid = isValidVersion(ecosystem, version);
  if (inVersions(ecosystem, version, valid, affected.versions ?? [])) return true;
  return (affected.ranges ?? []).some((range) => inRange(ecosystem, version, valid, range));
}

function inVersions(ecosystem: Ecosystem, version: string, valid: boolean, versions: readonly string[]): boolean {
  // Lists are written as the registry spells the release, but `1.0` and `1.0.0` are the same Maven
  // release and `v1.2.3` the same Go release as `1.2.3`; a version with no order only matches exactly.
  return versions.some(
    (listed) => listed === version || (valid && isValidVersion(ecosystem, listed) && compareVersions(ecosystem, version, listed) === 0),
  );
}

function inRange(ecosystem: Ecosystem, version: string, valid: boolean, range: OsvRange): boolean {
  let compare: Compare;
  if (range.type === "SEMVER") {
    // Go releases carry a `v` the OSV bounds omit; SemVer parsing accepts both spellings.
    if (!valid && parseSemver(version) === undefined) return false;
    compare = (a, b) => compareSemverRange(ecosystem, a, b);
  } else if (range.type === "ECOSYSTEM") {
    // A version the ecosystem cannot order has no place between two bounds.
    if (!valid) return false;
    compare = (a, b) => compareVersions(ecosystem, a, b);
  } else {
    return false;
  }
  if (!beforeLimits(version, range.events, compare)) return false;
  let vulnerable = false;
  for (const event of sortEvents(range.events, compare)) {
    if (event.introduced !== undefined) {
      if (event.introduced === "0" || compare(version, event.introduced) >= 0) vulnerable = true;
    } else if (event.fixed !== undefined) {
      if (compare(version, event.fixed) >= 0) vulnerable = false;
    } else if (event.last_affected !== undefined) {
      if (compare(version, event.last_affected) > 0) vulnerable = false;
    }
  }
  return vulnerable;
}

function beforeLimits(version: string, events: readonly OsvEvent[], compare: Compare): boolean {
  const limits = events.flatMap((event) => (event.limit === undefined ? [] : [event.limit]));
  // No limit event means an implicit "*".
  if (limits.length === 0) return true;
  return limits.some((limit) => limit.includes("*") || compare(version, limit) < 0);
}

/** The version an event sits at; `undefined` for the introduced-"0" that precedes everything. */
function eventVersion(event: OsvEvent): string | undefined {
  if (event.introduced !== undefined) return event.introduced === "0" ? undefined : event.introduced;
  return event.fixed ?? event.last_affected ?? event.limit;
}

function sortEvents(events: readonly OsvEvent[], compare: Compare): OsvEvent[] {
  // The sort is stable, so events at one version keep the order the database wrote them in.
  return [...events].sort((x, y) => {
    const a = eventVersion(x);
    const b = eventVersion(y);
    if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
    return compare(a, b);
  });
}
