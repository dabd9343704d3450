// The text of the lines chosen commits add against their first parent, from a streamed `git log -U0`:
// each commit is handed over as soon as it has been read, so only one commit's lines are held at a time.
import { CustodyError } from "../core/errors.js";
import { isFullSha } from "./repo.js";
import { lineSplitter, newSidePath, parseHunkHeader } from "./patch.js";
import { streamGit } from "./run.js";

export interface AddedText {
  /** Path in the commit's tree. */
  path: string;
  /** Each added line's text, without its newline, by its number in the commit's version of the file. */
  lines: Map<number, string>;
}

export interface AddedTextLimits {
  /** Commits named on one git command line; more are read by further git processes. */
  commitsPerProcess: number;
  /** Bytes of `git log` output read (streamed, not held) per process; past it the read fails. */
  maxBytes: number;
}

export const DEFAULT_ADDED_TEXT_LIMITS: AddedTextLimits = { commitsPerProcess: 1_000, maxBytes: 8 * 1024 ** 3 };


interface ParseState {
  commit: string | undefined;
  files: AddedText[];
  file: AddedText | undefined;
  /** Number the next added line of the current hunk gets. */
  next: number;
  /** Patch lines of the current hunk still to read. */
  hunkLines: number;
  deliver: (commit: string, files: AddedText[]) => void;
}

function flush(state: ParseState): void {
  if (state.commit !== undefined) state.deliver(state.commit, state.files.filter((file) => file.lines.size > 0));
  state.commit = undefined;
  state.files = [];
  state.file = undefined;
}

function readLine(state: ParseState, raw: Buffer): void {
  if (state.hunkLines > 0) {
    const first = raw[0];
    // "\ No newline at end of file" annotates the line before it and is not a patch line.
    if (first === 0x5c) return;
    state.hunkLines -= 1;
    if (first === 0x2b) state.file?.lines.set(state.next, raw.toString("utf8", 1));
    if (first === 0x2b || first === 0x20) state.next += 1;
    return;
  }
  if (raw[0] === 0x00) {
    flush(state);
    state.commit = raw.toString("utf8", 1);
    return;
  }
  const line = raw.toString("utf8");
  if (line.startsWith("diff --git ")) {
    state.file = undefined;
    return;
  }
  if (line.startsWith("+++ ")) {
    const path = newSidePath(line);
    state.file = path === undefined ? undefined : { path, lines: new Map() };
    if (state.file !== undefined) state.files.push(state.file);
    return;
  }
  const hunk = parseHunkHeader(line);
  if (!hunk) return;
  state.next = hunk.start;
  state.hunkLines = hunk.removed + hunk.added;
}

// A commit the repository does not hold is skipped, not an error. Settings a user's configuration could
// change are pinned: paths with a/ and b/, no context lines between hunks, first-parent patches for
// merges (what the commit brought to its branch), no renames, so that an added file is all added lines.
// Submodules have no lines of their own.
function logArgs(commits: readonly string[]): string[] {
  return [
    "log",
    "--no-walk=unsorted",
    "--ignore-missing",
    "--no-color",
    "--no-notes",
    "--root",
    "--diff-merges=first-parent",
    "-U0",
    "--inter-hunk-context=0",
    "--no-renames",
    "--ignore-submodules=all",
    "--no-relative",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--format=%x00%H",
    ...commits,
    "--",
  ];
}

/**
 * Calls `onCommit` once for each of `commits` (full ids) with the lines it adds to each file, in the
 * order git lists them; commits the repository lacks are skipped. Files git treats as binary, and
 * deletions, have no added lines and are left out.
 */
export async function eachAddedText(
  repo: string,
  commits: readonly string[],
  onCommit: (commit: string, files: AddedText[]) => void,
  limits: AddedTextLimits = DEFAULT_ADDED_TEXT_LIMITS,
): Promise<void> {
  const bad = commits.find((commit) => !isFullSha(commit));
  if (bad !== undefined) throw new CustodyError("usage", `'${bad}' is not a full commit id; resolve names before reading added lines`);
  const unique = [...new Set(commits)];
  for (let start = 0; start < unique.length; start += limits.commitsPerProcess) {
    const chunk = unique.slice(start, start + limits.commitsPerProcess);
    const state: ParseState = { commit: undefined, files: [], file: undefined, next: 0, hunkLines: 0, deliver: onCommit };
    const lines = lineSplitter((line) => {
      readLine(state, line);
    });
    const { truncated } = await streamGit(repo, logArgs(chunk), limits.maxBytes, (output) => {
      lines.push(output);
    });
    if (truncated) {
      throw new CustodyError("input-too-large", `the patches of ${chunk.length} commits in ${repo} are over ${limits.maxBytes} bytes; ask about fewer commits`);
    }
    lines.end();
    flush(state);
  }
}
