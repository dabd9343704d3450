// Builds or refreshes the snippet index from a directory tree. A file whose size and modification time
// are unchanged is not read again, nor is one whose content hash is unchanged re-fingerprinted; files
// gone from the tree leave the index. Each file is labelled with its license: its own SPDX tag or
// notice, else `--license`, else the nearest LICENSE/COPYING file above it in the tree.
import { createHash } from "node:crypto";
import { lstat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { DEFAULT_FILE_LIMITS, readTextFile, walkFiles, type FileLimits, type SkipReason } from "../../core/files.js";
import type { LicenseIndex } from "./index-store.js";
import { classifyLicenseText } from "./license-texts.js";
import { toProse } from "./prose.js";
import { licenseMentions } from "./text.js";
import { fingerprints } from "./winnow.js";

/** License files describe a tree; they are read for its license, not indexed as code. */
const LICENSE_FILE = /^(?:LICEN[CS]E|COPYING|UNLICENSE)(?:[.-][\w.-]*)?$/i;
/** Files written to the index per transaction: large enough to be fast, small enough to show progress. */
const BATCH = 200;

export interface IndexBuildOptions {
  /** SPDX expression for files that do not state their own license (overrides LICENSE files). */
  license?: string;
  limits?: FileLimits;
  onProgress?: (done: number, total: number) => void;
}

export interface IndexBuildSummary {
  root: string;
  /** Text files now in the index for this tree. */
  files: number;
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Files not indexed, by reason (binary, too large, unreadable, symbolic links, the file limit). */
  skipped: Partial<Record<SkipReason, number>>;
  /** Files of this tree with no license found. */
  unlicensed: number;
  fingerprints: number;
}

/** The license a file states about itself: an SPDX tag first, then a notice or license text. */
export function ownLicense(text: string): string | undefined {
  const mentions = licenseMentions(text);
  const order = ["spdx-tag", "header", "license-text", "notice"] as const;
  for (const kind of order) {
    const found = mentions.find((m) => m.kind === kind);
    if (found) return found.license;
  }
  return undefined;
}

/** Finds the nearest LICENSE/COPYING file above a path, reading each directory's once. */
function treeLicenses(root: string, files: readonly string[], limits: FileLimits) {
  const byDir = new Map<string, string[]>();
  for (const file of files.filter((f) => LICENSE_FILE.test(basename(f)))) {
    const dir = dirname(file);
    byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
  }
  const classified = new Map<string, Promise<{ license: string; file: string } | undefined>>();
  const ofDir = (dir: string): Promise<{ license: string; file: string } | undefined> => {
    let pending = classified.get(dir);
    if (!pending) {
      pending = (async () => {
        for (const file of (byDir.get(dir) ?? []).sort()) {
          const read = await readTextFile(join(root, file), limits);
          const license = read.ok ? classifyLicenseText(toProse(read.text).text) : undefined;
          if (license !== undefined) return { license, file };
        }
        return undefined;
      })();
      classified.set(dir, pending);
    }
    return pending;
  };
  return async (path: string): Promise<{ license: string; file: string } | undefined> => {
    for (let dir = dirname(path); ; dir = dirname(dir)) {
      const found = await ofDir(dir);
      if (found) return found;
      if (dir === "." || dir === "/" || dir === "") return undefined;
    }
  };
}

export async function buildLicenseIndex(index: LicenseIndex, dir: string, options: IndexBuildOptions = {}): Promise<IndexBuildSummary> {
  const limits = options.limits ?? DEFAULT_FILE_LIMITS;
  const walk = await walkFiles(dir, [], limits);
  const root = walk.root;
  const summary: IndexBuildSummary = { root, files: 0, added: 0, updated: 0, unchanged: 0, removed: 0, skipped: {}, unlicensed: 0, fingerprints: 0 };
  const skip = (reason: SkipReason, count = 1): void => {
    summary.skipped[reason] = (summary.skipped[reason] ?? 0) + count;
  };
  for (const s of walk.skipped) skip(s.reason, s.reason === "limit-reached" ? Number.parseInt(s.path, 10) || 1 : 1);
  const licenseOfTree = treeLicenses(root, walk.files, limits);
  const sources = walk.files.filter((f) => !LICENSE_FILE.test(basename(f)));
  const known = new Map(index.filesUnder(root).map((f) => [f.path, f]));
  const present = new Set<string>();
  for (let start = 0; start < sources.length; start += BATCH) {
    const writes: (() => void)[] = [];
    for (const path of sources.slice(start, start + BATCH)) {
      const info = await lstat(join(root, path)).catch(() => undefined);
      if (!info?.isFile()) {
        skip(info?.isSymbolicLink() ? "symlink" : "unreadable");
        continue;
      }
      const existing = known.get(path);
      const mtime = Math.trunc(info.mtimeMs);
      const tree = await licenseOfTree(path);
      const fallback = options.license !== undefined ? { license: options.license, source: "option" } : tree ? { license: tree.license, source: `license-file:${tree.file}` } : { license: null, source: "none" };
      if (existing && existing.size === info.size && existing.mtime_ms === mtime) {
        present.add(path);
        summary.unchanged += 1;
        if (existing.license_source !== "file" && (existing.license !== fallback.license || existing.license_source !== fallback.source)) {
          writes.push(() => {
            index.setLicense(existing.id, fallback.license, fallback.source);
          });
        }
        if ((existing.license_source === "file" ? existing.license : fallback.license) === null) summary.unlicensed += 1;
        continue;
      }
      const read = await readTextFile(join(root, path), limits);
      if (!read.ok) {
        skip(read.reason);
        continue;
      }
      present.add(path);
      const sha256 = createHash("sha256").update(read.text).digest("hex");
      const own = ownLicense(read.text);
      const license = own !== undefined ? { license: own, source: "file" } : fallback;
      if (license.license === null) summary.unlicensed += 1;
      if (existing && existing.sha256 === sha256) {
        summary.unchanged += 1;
        writes.push(() => {
          index.touch(existing.id, info.size, mtime);
          index.setLicense(existing.id, license.license, license.source);
        });
        continue;
      }
      const prints = fingerprints(read.text, path, { ignoreIdentifiers: index.settings.ignoreIdentifiers });
      summary[existing ? "updated" : "added"] += 1;
      const entry = { root, path, size: info.size, mtime_ms: mtime, sha256, license: license.license, license_source: license.source, tokens: prints.tokens };
      writes.push(() => {
        index.putFile(entry, prints.fingerprints, existing?.id);
      });
    }
    index.transaction(() => {
      for (const write of writes) write();
    });
    options.onProgress?.(Math.min(start + BATCH, sources.length), sources.length);
  }
  const gone = [...known.values()].filter((f) => !present.has(f.path));
  index.transaction(() => {
    for (const file of gone) index.removeFile(file.id);
  });
  summary.removed = gone.length;
  summary.files = present.size;
  summary.fingerprints = index.counts().fingerprints;
  return summary;
}
