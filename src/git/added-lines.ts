// The lines each commit of a range added, from one streamed `git log -U0`: hunk headers give the line
// numbers in the commit's own version of each file, and the lines' content is counted past, never kept.
import { CustodyError } from "../core/errors.js";
import type { Commit, LineRange } from "../core/types.js";
import { parseTrailers } from "./log.js";
import { isFullSha, resolveCommit } from "./repo.js";
import { lineSplitter, newSidePath, parseHunkHeader } from "./patch.js";
import { streamGit } from "./run.js";

export interface AddedFile {
  /** Path in the commit's tree. */
  path: string;
  /** Added lines, in the commit's version of the file, in hunk order. */
  ranges: LineRange[];
}

export interface CommitAdditions {
  /** Metadata without the message body (attribution reads identities and trailers only). */
  commit: Commit;
  files: AddedFile[];
}

export interface AddedLinesLog {
  /** Oldest first. */
  commits: CommitAdditions[];
  /** True when the range held more commits, or more output, than the limits allowed. */
  truncated: boolean;
}

export interface AddedLinesLimits {
  maxCommits: number;
  /** Bytes of `git log` output read (streamed, not held); the commit being read at the limit is dropped. */
  maxBytes: number;
}

export const DEFAULT_ADDED_LINES_LIMITS: AddedLinesLimits = { maxCommits: 100_000, maxBytes: 8 * 1024 ** 3 };

// One line per commit, starting with a NUL (which no patch line can hold): trailers are unfolded and
// joined with a unit separator so the header never spans lines. Merges print no patch (no -m).
const FORMAT = ["", "%H", "%P", "%an", "%ae", "%cn", "%ce", "%at", "%s", "%(trailers:unfold,only,separator=%x1f)"].join("%x00");

interface ParseState {
  commits: CommitAdditions[];
  current: CommitAdditions | undefined;
  file: AddedFile | undefined;
  /** Patch lines of the current hunk still to skip. */
  hunkLines: number;
}

function parseHeader(line: string, repo: string): Commit {
  const [, sha = "", parents = "", an = "", ae = "", cn = "", ce = "", at = "0", subject = "", trailers = ""] = line.split("\0");
  if (!isFullSha(sha)) {
    throw new CustodyError("git-failed", `git log in ${repo} printed a commit header that could not be read (near '${sha.slice(0, 40)}')`);
  }
  return {
    sha,
    parents: parents === "" ? [] : parents.split(" "),
    author: { name: an, email: ae },
    committer: { name: cn, email: ce },
    authorTime: new Date(Number.parseInt(at, 10) * 1000).toISOString(),
    subject,
    body: "",
    trailers: parseTrailers(trailers.split("\x1f").join("\n")),
  };
}

function readLine(state: ParseState, raw: Buffer, repo: string): void {
  if (state.hunkLines > 0) {
    // "\ No newline at end of file" annotates the line before it and is not a patch line.
    if (raw[0] !== 0x5c) state.hunkLines -= 1;
    return;
  }
  const first = raw[0];
  if (first === 0x00) {
    state.current = { commit: parseHeader(raw.toString("utf8"), repo), files: [] };
    state.commits.push(state.current);
    state.file = undefined;
    return;
  }
  if (first !== 0x2b && first !== 0x40 && first !== 0x64) return; // '+', '@', 'd'
  const line = raw.toString("utf8");
  if (line.startsWith("diff --git ")) {
    state.file = undefined;
    return;
  }
  if (line.startsWith("+++ ")) {
    const path = newSidePath(line);
    state.file = path === undefined ? undefined : { path, ranges: [] };
    if (state.file !== undefined) state.current?.files.push(state.file);
    return;
  }
  const hunk = parseHunkHeader(line);
  if (!hunk) return;
  state.hunkLines = hunk.removed + hunk.added;
  if (hunk.added > 0) state.file?.ranges.push({ start: hunk.start, end: hunk.start + hunk.added - 1 });
}

/**
 * The lines added by each commit in `base..head` (all of head's history without a base). Merge
 * commits are listed with no files: what they add was written, and is counted, in the merged commits.
 */
export async function readAddedLines(
  repo: string,
  base: string | undefined,
  head: string,
  limits: AddedLinesLimits = DEFAULT_ADDED_LINES_LIMITS,
): Promise<AddedLinesLog> {
  const headSha = await resolveCommit(repo, head);
  const range = base === undefined ? [headSha] : [`^${await resolveCommit(repo, base)}`, headSha];
  const args = [
    "log",
    "--no-color",
    "--no-notes",
    "--encoding=UTF-8",
    "--topo-order",
    "--root",
    "-M",
    "-U0",
    "--no-relative",
    "--ignore-submodules=all",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    `--format=${FORMAT}`,
    // One more than the limit tells whether anything was left out.
    `--max-count=${limits.maxCommits + 1}`,
    ...range,
    "--",
  ];
  const state: ParseState = { commits: [], current: undefined, file: undefined, hunkLines: 0 };
  const lines = lineSplitter((line) => {
    readLine(state, line, repo);
  });
  const { truncated: cut } = await streamGit(repo, args, limits.maxBytes, (chunk) => {
    lines.push(chunk);
  });
  if (!cut) lines.end();
  // Output stopped at the byte limit leaves the last commit half read.
  const complete = cut ? state.commits.slice(0, -1) : state.commits;
  const truncated = cut || complete.length > limits.maxCommits;
  return { commits: complete.slice(0, limits.maxCommits).reverse(), truncated };
}
