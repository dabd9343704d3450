// File contents and listings as stored in a commit (never the working tree).
import { CustodyError } from "../core/errors.js";
import { splitNul } from "./diff-parse.js";
import { resolveCommit } from "./repo.js";
import { DEFAULT_MAX_OUTPUT_BYTES, runGit } from "./run.js";

export interface TreeEntry {
  path: string;
  mode: string;
  /** Bytes; 0 for a submodule. */
  size: number;
  type: "blob" | "commit";
}

interface ListedObject extends TreeEntry {
  sha: string;
}

// `git ls-tree -l -z`: `<mode> SP <type> SP <object> SP+ <size> TAB <path>`.
const LS_TREE_LINE = /^(\d{6}) (\w+) ([0-9a-f]+) +(-|\d+)\t([\s\S]*)$/;

function parseLsTree(output: Buffer): ListedObject[] {
  const entries: ListedObject[] = [];
  for (const field of splitNul(output)) {
    const match = LS_TREE_LINE.exec(field);
    if (!match) continue;
    const [, mode = "", type = "", sha = "", size = "-", path = ""] = match;
    if (type !== "blob" && type !== "commit") continue;
    entries.push({ path, mode, type, sha, size: size === "-" ? 0 : Number.parseInt(size, 10) });
  }
  return entries;
}

function relativePath(path: string): string {
  return path.replace(/^\/+/, "");
}

/**
 * The content of `path` at `rev`, or undefined when there is no file there (absent, a directory or a
 * submodule). A symbolic link yields its target. Larger than `maxBytes`: an `input-too-large` error.
 */
export async function readBlob(
  repo: string,
  rev: string,
  path: string,
  maxBytes = DEFAULT_MAX_OUTPUT_BYTES,
): Promise<Buffer | undefined> {
  const commit = await resolveCommit(repo, rev);
  const listing = await runGit(repo, ["ls-tree", "-z", "-l", "--full-tree", commit, "--", relativePath(path)]);
  const entry = parseLsTree(listing).find((candidate) => candidate.path === relativePath(path));
  if (entry?.type !== "blob") return undefined;
  if (entry.size > maxBytes) {
    throw new CustodyError("input-too-large", `${path} at ${rev} is ${entry.size} bytes, over the limit of ${maxBytes}`);
  }
  return runGit(repo, ["cat-file", "blob", entry.sha], { maxBytes: Math.max(entry.size, 1) });
}

/** Every file and submodule in the tree of `rev`, sorted by path. */
export async function listTree(repo: string, rev: string): Promise<TreeEntry[]> {
  const commit = await resolveCommit(repo, rev);
  const output = await runGit(repo, ["ls-tree", "-r", "-z", "-l", "--full-tree", commit]);
  return parseLsTree(output)
    .map(({ path, mode, size, type }) => ({ path, mode, size, type }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
