// How the CLI sets up the dependency stage: the local advisory database, if one was imported, and
// the package assessor (typosquat lists, registries unless --offline).
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { DepsOptions } from "../../analyzers/deps/analyze.js";
import type { DepsSummary } from "../../core/pipeline.js";
import { openOsv } from "../../analyzers/deps/osv/index.js";
import type { Io } from "../io.js";

export interface DepsFlags {
  osvDb?: string;
  offline?: boolean;
}

/** `--osv-db`, else `$XDG_CACHE_HOME/custody/osv.db`, else `~/.cache/custody/osv.db`. */
export function osvDbPath(io: Io, flag: string | undefined): string {
  if (flag !== undefined) return resolve(io.cwd, flag);
  const cache = io.env.XDG_CACHE_HOME ?? join(io.env.HOME ?? homedir(), ".cache");
  return join(cache, "custody", "osv.db");
}

/** Opens the advisory database when there is one. */
export function depsOptions(io: Io, flags: DepsFlags): DepsOptions {
  const path = osvDbPath(io, flags.osvDb);
  return existsSync(path) ? { osv: openOsv(path) } : {};
}

/** Says on stderr what a run could not check, so that nothing passes silently. */
export function reportDepsGaps(io: Io, flags: DepsFlags, deps: DepsSummary | undefined): void {
  if (!deps || deps.checked === 0) return;
  if (!deps.advisories) {
    const path = osvDbPath(io, flags.osvDb);
    io.err(`custody: note: ${deps.checked} dependencies were not checked for known vulnerabilities: no advisory database at ${path} (run \`custody db import <osv export>\`)\n`);
  }
  if (!deps.assessed) io.err(`custody: note: ${deps.checked} dependencies were not checked against package registries (offline)\n`);
}
