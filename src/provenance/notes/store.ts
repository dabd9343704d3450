// Reading and writing Custody notes, and the facts about a commit that notes are built from.
import { listNotes, readBlob, readNote, readNotes, runGit } from "../../git/index.js";
import { CUSTODY_NOTES_REF, formatCustodyNote, parseCustodyNote, type CustodyNote } from "./format.js";
import { splitLines } from "./lines.js";

function text(output: Buffer): string {
  return output.toString("utf8");
}

/** The commit's parents, first parent first. */
export async function parentsOf(repo: string, commit: string): Promise<string[]> {
  const line = text(await runGit(repo, ["rev-list", "--parents", "-n", "1", commit, "--"])).trim();
  return line.split(" ").slice(1).filter((sha) => sha !== "");
}

function diffBase(parent: string | undefined, commit: string): string[] {
  return parent === undefined ? ["--root", commit] : [parent, commit];
}

/** Paths the commit adds or modifies against its first parent (deletions have no lines to attribute). */
export async function changedPaths(repo: string, commit: string): Promise<string[]> {
  const [parent] = await parentsOf(repo, commit);
  const output = await runGit(repo, ["diff-tree", "--no-commit-id", "-r", "-z", "--no-renames", "--name-only", "--diff-filter=AMT", ...diffBase(parent, commit)]);
  return text(output)
    .split("\0")
    .filter((path) => path !== "")
    .sort();
}

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

/** Line numbers (in the commit's version) of the lines the commit adds to `path`. */
export async function addedLineNumbers(repo: string, commit: string, parent: string | undefined, path: string): Promise<number[]> {
  const output = await runGit(repo, ["diff-tree", "--no-commit-id", "-U0", "-r", "--no-renames", ...diffBase(parent, commit), "--", path]);
  const numbers: number[] = [];
  for (const line of text(output).split("\n")) {
    const match = HUNK_HEADER.exec(line);
    if (!match) continue;
    const start = Number(match[1]);
    const count = match[2] === undefined ? 1 : Number(match[2]);
    for (let i = 0; i < count; i++) numbers.push(start + i);
  }
  return numbers;
}

/** The lines of `path` at `commit`; undefined when absent or binary. */
export async function fileLines(repo: string, commit: string, path: string): Promise<string[] | undefined> {
  const blob = await readBlob(repo, commit, path);
  if (blob === undefined || blob.includes(0)) return undefined;
  return splitLines(blob.toString("utf8"));
}

export async function readCustodyNote(repo: string, commit: string): Promise<CustodyNote | undefined> {
  const note = await readNote(repo, CUSTODY_NOTES_REF, commit);
  return note === undefined ? undefined : parseCustodyNote(note, `${CUSTODY_NOTES_REF} on ${commit.slice(0, 12)}`);
}

/** Notes of several commits, keyed by the names given. */
export async function readCustodyNotes(repo: string, commits: string[]): Promise<Map<string, CustodyNote>> {
  const notes = new Map<string, CustodyNote>();
  for (const [commit, note] of await readNotes(repo, CUSTODY_NOTES_REF, commits)) {
    notes.set(commit, parseCustodyNote(note, `${CUSTODY_NOTES_REF} on ${commit.slice(0, 12)}`));
  }
  return notes;
}

export async function writeCustodyNote(repo: string, commit: string, note: CustodyNote): Promise<void> {
  await runGit(repo, ["notes", "--ref", CUSTODY_NOTES_REF, "add", "-f", "-F", "-", commit], { input: formatCustodyNote(note) });
}

export async function removeCustodyNote(repo: string, commit: string): Promise<void> {
  await runGit(repo, ["notes", "--ref", CUSTODY_NOTES_REF, "remove", "--ignore-missing", commit]);
}

/** Of `commits`, those that exist, most recently committed first, at most `limit`. */
export async function mostRecent(repo: string, commits: readonly string[], limit: number): Promise<string[]> {
  if (commits.length === 0) return [];
  // Notes can annotate any object; only commits that still exist take part.
  const output = await runGit(repo, ["log", "--no-walk=sorted", "--ignore-missing", "--format=%H", `--max-count=${limit}`, "--stdin"], {
    input: `${commits.join("\n")}\n`,
  });
  return text(output)
    .split("\n")
    .filter((sha) => sha !== "");
}

/** Commits that carry a Custody note, most recently committed first, at most `limit`. */
export async function notedCommits(repo: string, limit: number): Promise<string[]> {
  return mostRecent(repo, [...(await listNotes(repo, CUSTODY_NOTES_REF)).keys()], limit);
}

/** `git patch-id --stable` of each commit (merges have none), from one patch stream. */
export async function patchIds(repo: string, commits: readonly string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (commits.length === 0) return ids;
  const patches = await runGit(repo, ["log", "--no-walk=unsorted", "-p", "--no-color", "--format=commit %H", "--stdin"], {
    input: `${commits.join("\n")}\n`,
  });
  const output = await runGit(repo, ["patch-id", "--stable"], { input: patches });
  for (const line of output.toString("utf8").split("\n")) {
    const [patchId, commit] = line.split(" ");
    if (patchId && commit) ids.set(commit, patchId);
  }
  return ids;
}
