// The collect stage: what a pull request from `head` into `base` shows, as plain data.
import { createHash } from "node:crypto";
import { join } from "node:path";
import { CustodyError } from "../core/errors.js";
import type { Change, ChangedFile } from "../core/types.js";
import { createPatchReader, parseNumstat, parseRaw } from "./diff-parse.js";
import type { NumstatEntry, PatchResult, RawEntry } from "./diff-parse.js";
import { readCommit, readCommitList } from "./log.js";
import { gitDir, mergeBase, repoName, resolveCommit, treeOf } from "./repo.js";
import { runGitPrefix, streamGit } from "./run.js";

export interface ChangeLimits {
  maxFiles: number;
  maxPatchBytes: number;
  maxHunksPerFile: number;
}

export const DEFAULT_CHANGE_LIMITS: ChangeLimits = {
  maxFiles: 5000,
  maxPatchBytes: 64 * 1024 * 1024,
  maxHunksPerFile: 10_000,
};

// A raw or numstat record is at most a header and two paths of PATH_MAX bytes.
const LISTING_BYTES_PER_FILE = 8400;
const NAMES_IN_A_NOTE = 5;
const GITLINK_MODE = "160000";

// runGit adds --no-ext-diff and --no-textconv to every diff-tree.
const DIFF_OPTIONS = ["-r", "-M", "--no-color", "--ignore-submodules=none", "--no-relative"];

/**
 * Diffs are read with the git directory as a bare repository and an empty index: git then takes no
 * .gitattributes from the checked-out tree, so the change under review cannot mark its own files as
 * binary (`-diff`) to hide the lines it adds.
 */
interface SealedGit {
  dir: string;
  prefix: string[];
  env: Record<string, string>;
}

function sealed(dir: string): SealedGit {
  return {
    dir,
    prefix: [`--git-dir=${dir}`, "--bare"],
    env: { GIT_INDEX_FILE: join(dir, "custody-no-index", "index") },
  };
}

function checkLimits(limits: ChangeLimits): void {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new CustodyError("usage", `change limit ${name} must be a positive integer, got ${String(value)}`);
    }
  }
}

function listNames(paths: string[]): string {
  const shown = paths.slice(0, NAMES_IN_A_NOTE).join(", ");
  return paths.length > NAMES_IN_A_NOTE ? `${shown}, …` : shown;
}

async function readListing(git: SealedGit, format: string, base: string, head: string, limits: ChangeLimits) {
  const budget = (limits.maxFiles + 1) * LISTING_BYTES_PER_FILE;
  return runGitPrefix(git.dir, [...git.prefix, "diff-tree", "-z", format, ...DIFF_OPTIONS, base, head], budget, git.env);
}

async function readPatch(git: SealedGit, base: string, head: string, limits: ChangeLimits) {
  const reader = createPatchReader(limits.maxHunksPerFile);
  const args = [
    ...git.prefix,
    "diff-tree",
    "-p",
    "-U0",
    ...DIFF_OPTIONS,
    "--submodule=short",
    "--diff-algorithm=myers",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    base,
    head,
  ];
  const { truncated } = await streamGit(git.dir, args, limits.maxPatchBytes, (chunk) => {
    reader.push(chunk);
  }, git.env);
  return { patch: reader.finish(truncated), truncated };
}

function toChangedFile(entry: RawEntry, stats: NumstatEntry | undefined, patch: PatchResult): ChangedFile {
  const submodule = entry.oldMode === GITLINK_MODE || entry.newMode === GITLINK_MODE;
  const binary = !submodule && (stats?.binary ?? false);
  const textual = !submodule && !binary;
  const file: ChangedFile = {
    path: entry.path,
    status: entry.status,
    binary,
    submodule,
    hunks: textual ? (patch.hunks.get(entry.path) ?? []) : [],
    addedLines: textual ? (stats?.added ?? 0) : 0,
    deletedLines: textual ? (stats?.deleted ?? 0) : 0,
  };
  if (entry.oldPath !== undefined) file.oldPath = entry.oldPath;
  return file;
}

function patchNotes(files: ChangedFile[], patch: PatchResult, truncated: boolean, limits: ChangeLimits): string[] {
  const notes: string[] = [];
  for (const file of files) {
    const dropped = patch.dropped.get(file.path);
    if (dropped !== undefined) {
      notes.push(`${file.path}: ${dropped} hunks past the limit of ${limits.maxHunksPerFile} per file were not read`);
    }
  }
  if (!truncated) return notes;
  if (patch.cut !== undefined) {
    notes.push(`${patch.cut}: hunks were read only in part; the patch is larger than ${limits.maxPatchBytes} bytes`);
  }
  const unread = files
    .filter((file) => file.addedLines > 0 && !patch.complete.has(file.path) && file.path !== patch.cut)
    .map((file) => file.path);
  if (unread.length > 0) {
    notes.push(
      `hunks of ${unread.length} files were not read because the patch is larger than ${limits.maxPatchBytes} bytes: ${listNames(unread)}`,
    );
  }
  return notes;
}

async function collectFiles(repo: string, base: string, head: string, limits: ChangeLimits) {
  const git = sealed(await gitDir(repo));
  const notes: string[] = [];
  const raw = await readListing(git, "--raw", base, head, limits);
  const entries = parseRaw(raw.stdout);
  const kept = entries.slice(0, limits.maxFiles);
  if (raw.truncated || entries.length > limits.maxFiles) {
    const total = raw.truncated ? `more than ${kept.length}` : String(entries.length);
    notes.push(`${total} files changed; only the first ${kept.length} (limit ${limits.maxFiles}) were collected`);
  }
  if (kept.length === 0) return { files: [], notes };

  const numstat = parseNumstat((await readListing(git, "--numstat", base, head, limits)).stdout);
  const stats = new Map(numstat.map((entry) => [entry.path, entry]));
  const { patch, truncated } = await readPatch(git, base, head, limits);
  const files = kept.map((entry) => toChangedFile(entry, stats.get(entry.path), patch));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notes: [...notes, ...patchNotes(files, patch, truncated, limits)] };
}

export function changeId(repo: string, base: string, headTree: string): string {
  return createHash("sha256").update(`${repo}\n${base}\n${headTree}`).digest("hex");
}

/**
 * Everything between the merge base of `baseRef` and `headRef`, and `headRef`: the files with the
 * line ranges head adds, the commits, and what was left out when a limit was reached.
 */
export async function collectChange(
  repo: string,
  baseRef: string,
  headRef: string,
  limits: Partial<ChangeLimits> = {},
): Promise<Change> {
  const bounds: ChangeLimits = {
    maxFiles: limits.maxFiles ?? DEFAULT_CHANGE_LIMITS.maxFiles,
    maxPatchBytes: limits.maxPatchBytes ?? DEFAULT_CHANGE_LIMITS.maxPatchBytes,
    maxHunksPerFile: limits.maxHunksPerFile ?? DEFAULT_CHANGE_LIMITS.maxHunksPerFile,
  };
  checkLimits(bounds);
  const [head, base, name] = await Promise.all([
    resolveCommit(repo, headRef),
    mergeBase(repo, baseRef, headRef),
    repoName(repo),
  ]);
  const [headTree, headCommit, history, collected] = await Promise.all([
    treeOf(repo, head),
    readCommit(repo, head),
    readCommitList(repo, base, head),
    collectFiles(repo, base, head, bounds),
  ]);
  const truncated = [...collected.notes];
  if (history.truncated) {
    truncated.push(`the range holds more than ${history.commits.length} commits; only the newest ${history.commits.length} were read`);
  }
  return {
    id: changeId(name, base, headTree),
    repo: name,
    base,
    head,
    headTree,
    files: collected.files,
    commits: history.commits,
    author: headCommit.author,
    truncated,
  };
}
