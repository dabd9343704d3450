// git notes attached to commits under a chosen notes ref (`custody` means refs/notes/custody).
import { CustodyError } from "../core/errors.js";
import { isFullSha, resolveCommit } from "./repo.js";
import { runGit } from "./run.js";

function checkNotesRef(notesRef: string): void {
  if (notesRef === "" || notesRef.startsWith("-") || /[\s\0]/.test(notesRef)) {
    throw new CustodyError("usage", `notes ref '${notesRef}' is not a valid ref name; use a name such as refs/notes/custody`);
  }
}

/** Note texts by commit, as stored; commits without a note are absent from the map. */
export async function readNotes(repo: string, notesRef: string, commits: string[]): Promise<Map<string, string>> {
  checkNotesRef(notesRef);
  const notes = new Map<string, string>();
  if (commits.length === 0) return notes;
  // Callers' names are kept as keys; git reports full ids, so remember which name each id came from.
  const namesBySha = new Map<string, string[]>();
  for (const commit of commits) {
    const sha = isFullSha(commit) ? commit : await resolveCommit(repo, commit);
    namesBySha.set(sha, [...(namesBySha.get(sha) ?? []), commit]);
  }
  const output = await runGit(
    repo,
    ["log", "--no-walk=unsorted", "--no-color", "--no-notes", `--notes=${notesRef}`, "--format=%H%x00%N%x00", "--stdin"],
    { input: [...namesBySha.keys()].join("\n") + "\n" },
  );
  const fields = output.toString("utf8").split("\0");
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const sha = (fields[i] ?? "").replace(/^\n/, "");
    const text = fields[i + 1] ?? "";
    if (!isFullSha(sha)) {
      throw new CustodyError("git-failed", `notes under ${notesRef} in ${repo} could not be read as text`);
    }
    if (text === "") continue;
    for (const name of namesBySha.get(sha) ?? []) notes.set(name, text);
  }
  return notes;
}

/** The note on one commit under `notesRef`, or undefined when it has none. */
export async function readNote(repo: string, notesRef: string, commit: string): Promise<string | undefined> {
  return (await readNotes(repo, notesRef, [commit])).get(commit);
}

/**
 * Every note under `notesRef` in one git call: the id of the object it annotates → the id of the note's
 * blob (read the texts with `readBlobsBatch`). Empty when the ref does not exist.
 */
export async function listNotes(repo: string, notesRef: string): Promise<Map<string, string>> {
  checkNotesRef(notesRef);
  const output = await runGit(repo, ["notes", "--ref", notesRef, "list"]);
  const notes = new Map<string, string>();
  for (const line of output.toString("utf8").split("\n")) {
    const [blob = "", object = ""] = line.split(" ");
    if (isFullSha(blob) && isFullSha(object)) notes.set(object, blob);
  }
  return notes;
}
