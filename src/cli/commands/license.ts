// `custody license index DIR`: builds the snippet index scans compare added code with; and how `scan`
// and `gate` find that index and the policy's license section.
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { buildLicenseIndex, type IndexBuildSummary } from "../../analyzers/license/index-build.js";
import { LicenseIndex } from "../../analyzers/license/index-store.js";
import { createSnippetMatcher } from "../../analyzers/license/snippets.js";
import { normalizeLicense } from "../../analyzers/license/spdx.js";
import type { LicenseStageOptions, LicenseSummary } from "../../analyzers/license/stage.js";
import { K, W } from "../../analyzers/license/winnow.js";
import { CustodyError } from "../../core/errors.js";
import type { LicensePolicy } from "../../policy/schema-licenses.js";
import type { Io } from "../io.js";
import { addOptions, emit, json, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";
import { progressReporter } from "./common.js";
import { cacheDir } from "./deps-options.js";

export interface LicenseFlags {
  licenseIndex?: string;
}

interface IndexFlags {
  index?: string;
  license?: string;
  ignoreIdentifiers?: boolean;
  format?: string;
  output?: string;
}

/** `--index`/`--license-index`, else `$XDG_CACHE_HOME/custody/license-index.db`, else `~/.cache/custody/…`. */
export function licenseIndexPath(io: Io, flag: string | undefined): string {
  return flag !== undefined ? resolve(io.cwd, flag) : join(cacheDir(io), "license-index.db");
}

/**
 * The license analyzer's options for scan and gate: the policy's `licenses:` section and, when an index
 * exists (or `--license-index` names one, which must then exist), a snippet matcher over it.
 */
export function licenseOptions(io: Io, flags: LicenseFlags, policy?: LicensePolicy): LicenseStageOptions {
  const path = licenseIndexPath(io, flags.licenseIndex);
  const options: LicenseStageOptions = policy ? { policy } : {};
  if (!existsSync(path)) {
    if (flags.licenseIndex !== undefined) throw new CustodyError("file-unreadable", `--license-index ${flags.licenseIndex}: no index at ${path}; build one with \`custody license index DIR --index ${flags.licenseIndex}\``);
    return options;
  }
  return { ...options, snippets: createSnippetMatcher(LicenseIndex.open(path, { readonly: true })) };
}

/** Says on stderr which dependency licenses could not be judged, so that nothing passes silently. */
export function reportLicenseGaps(io: Io, licenses: LicenseSummary | undefined): void {
  const count = licenses?.dependencies?.undetermined ?? 0;
  if (count === 0) return;
  const examples = (licenses?.dependencies?.undeterminedPackages ?? []).slice(0, 3).join(", ");
  io.err(
    `custody: note: the licenses of ${count} dependencies could not be judged: neither their files nor a registry answer state one (${examples}${count > 3 ? ", …" : ""})\n`,
  );
}

function skippedText(summary: IndexBuildSummary): string {
  const parts = Object.entries(summary.skipped).map(([reason, count]) => `${count} ${reason}`);
  return parts.length === 0 ? "" : `; skipped ${parts.join(", ")}`;
}

function indexText(path: string, summary: IndexBuildSummary): string {
  return (
    `Indexed ${summary.root} into ${path}: ${summary.files} files (${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.removed} removed)${skippedText(summary)}.\n` +
    (summary.unlicensed > 0 ? `${summary.unlicensed} files have no license Custody could find; give one with --license SPDX.\n` : "") +
    `${summary.fingerprints} fingerprints in the index (k=${K}, w=${W}).\n`
  );
}

function openForIndexing(path: string, ignoreIdentifiers: boolean): LicenseIndex {
  const index = LicenseIndex.open(path, { create: { k: K, w: W, ignoreIdentifiers } });
  if (index.settings.ignoreIdentifiers !== ignoreIdentifiers) {
    index.close();
    const built = index.settings.ignoreIdentifiers ? "with identifiers ignored" : "with identifiers kept";
    throw new CustodyError("usage", `${path} was built ${built}; every tree in one index is normalised the same way, so use another --index file`);
  }
  return index;
}

export function registerLicense(program: Command, { io }: CommandContext): void {
  const license = program.command("license").description("license analysis: the corpus of code that added code is compared with");
  const index = license
    .command("index")
    .description("index the source files under DIR (winnowed fingerprints and each file's license) for snippet matching; re-indexing skips unchanged files")
    .argument("<dir>", "directory tree to index, e.g. a checkout of a GPL project")
    .option("--index <file>", "index file to create or update (default: ~/.cache/custody/license-index.db)")
    .option("--license <spdx>", "license of files that state none themselves (instead of the LICENSE or COPYING file found above them)")
    .option("--ignore-identifiers", "match code with renamed variables too (set when the index is created)");
  addOptions(index, ["format", "output"]).action(async (dir: string, flags: IndexFlags) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    let declared: string | undefined;
    if (flags.license !== undefined) {
      const normalized = normalizeLicense(flags.license);
      if (!normalized.ok) throw new CustodyError("usage", `--license ${flags.license}: ${normalized.reason.replace(/^declares /, "")}; give an SPDX expression such as GPL-3.0-only`);
      declared = normalized.expression;
    }
    const tree = resolve(io.cwd, dir);
    if (!(await stat(tree).catch(() => undefined))?.isDirectory()) throw new CustodyError("file-unreadable", `${dir} is not a directory that can be read; give the directory to index`);
    const path = licenseIndexPath(io, flags.index);
    await mkdir(dirname(path), { recursive: true });
    const store = openForIndexing(path, flags.ignoreIdentifiers === true);
    let summary: IndexBuildSummary;
    try {
      const progress = progressReporter(io, "indexing");
      summary = await buildLicenseIndex(store, tree, { ...(declared ? { license: declared } : {}), ...(progress ? { onProgress: progress } : {}) });
    } finally {
      store.close();
    }
    await emit(io, format === "json" ? json({ index: path, k: K, w: W, ...summary }) : indexText(path, summary), flags.output);
  });
}
