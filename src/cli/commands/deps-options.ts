// How the CLI sets up the dependency stage: the local advisory database, if one was imported, and
// the package assessor (typosquat lists, registries unless --offline).
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { DepsOptions, PackageAssessor } from "../../analyzers/deps/analyze.js";
import { assessPackage, createRegistryClient } from "../../analyzers/deps/registry/index.js";
import { loadPopularIndex } from "../../analyzers/deps/typosquat/index.js";
import type { DepsSummary } from "../../core/pipeline.js";
import { openOsv } from "../../analyzers/deps/osv/index.js";
import type { Io } from "../io.js";

export interface DepsFlags {
  osvDb?: string;
  offline?: boolean;
}

export function cacheDir(io: Io): string {
  return join(io.env.XDG_CACHE_HOME ?? join(io.env.HOME ?? homedir(), ".cache"), "custody");
}

/** `--osv-db`, else `$XDG_CACHE_HOME/custody/osv.db`, else `~/.cache/custody/osv.db`. */
export function osvDbPath(io: Io, flag: string | undefined): string {
  return flag !== undefined ? resolve(io.cwd, flag) : join(cacheDir(io), "osv.db");
}

/**
 * The advisory database when there is one, and an assessor that checks names against the shipped
 * popular-package lists and, unless --offline, asks the registries whether they exist and since when
 * (answers cached for a day beside the advisory database).
 */
export function depsOptions(io: Io, flags: DepsFlags): DepsOptions {
  const path = osvDbPath(io, flags.osvDb);
  const registry = createRegistryClient({ offline: flags.offline === true, cachePath: join(cacheDir(io), "registry-cache.json") });
  const assess: PackageAssessor = async (d) => {
    const result = await assessPackage(d.ecosystem, d.name, { registry, popular: loadPopularIndex(d.ecosystem) });
    const risks = result.risks.map((r) => ({ kind: r.kind === "very-new" ? ("new-package" as const) : r.kind, severity: r.severity, detail: r.message }));
    if (result.registry?.status === "unknown") return { risks, unverified: result.registry.reason };
    // The license analyzer reads the license from the same answer.
    const { license, licenseByVersion } = result.registry?.status === "exists" ? result.registry : {};
    return license === undefined ? { risks } : { risks, license: { license, ...(licenseByVersion ? { licenseByVersion } : {}) } };
  };
  return { ...(existsSync(path) ? { osv: openOsv(path) } : {}), assess, finish: () => registry.save() };
}

/** Says on stderr what a run could not check, so that nothing passes silently. */
export function reportDepsGaps(io: Io, flags: DepsFlags, deps: DepsSummary | undefined): void {
  if (!deps || deps.checked === 0) return;
  if (!deps.advisories) {
    const path = osvDbPath(io, flags.osvDb);
    io.err(`custody: note: ${deps.checked} dependencies were not checked for known vulnerabilities: no advisory database at ${path} (run \`custody db import <osv export>\`)\n`);
  }
  if (deps.unverified.count > 0) {
    io.err(`custody: note: ${deps.unverified.count} package name(s) could not be checked against their registries (${deps.unverified.reason ?? "unknown reason"}); they may not exist\n`);
  }
}
