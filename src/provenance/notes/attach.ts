// At commit time: turn the pending agent edits of the committed files into the commit's Custody note.
import { join } from "node:path";
import { CustodyError } from "../../core/errors.js";
import { resolveCommit } from "../../git/index.js";
import type { PendingEdit } from "../hooks/pending.js";
import { custodyDir, listPending, readSnapshot, removePending } from "../hooks/store.js";
import { NOTE_SCHEMA, type CustodyNote } from "./format.js";
import { carryLabels, labelledRanges, noteRanges, pickLabel, splitLines, type Labels, type LineLabel } from "./lines.js";
import { changedPaths, fileLines, parentsOf, readCustodyNote, writeCustodyNote } from "./store.js";

export interface AttachOptions {
  /** The moment of the commit: edits recorded later belong to the next commit and stay pending. */
  now: Date;
  /**
   * The commit this one replaces (an amend): replay starts from its content and its note, so the lines
   * it already attributed keep their attribution.
   */
  replaces?: { commit: string; note: CustodyNote | undefined };
}

const HUMAN: LineLabel = { contributor: "human" };

function aiLabel(edit: PendingEdit): LineLabel {
  return pickLabel({
    contributor: "ai",
    tool: edit.tool,
    model: edit.model,
    sessionId: edit.sessionId,
    promptRef: edit.promptRef,
    humanOfRecord: edit.humanOfRecord,
  });
}

interface FileState {
  lines: string[];
  labels: Labels;
}

/** The labels a note gives the lines of its file (unnoted lines: none). */
export function labelsFromNote(note: CustodyNote | undefined, path: string, lineCount: number): Labels {
  const labels: Labels = new Array<LineLabel | undefined>(lineCount).fill(undefined);
  const file = note?.files.find((f) => f.path === path);
  for (const range of file?.ranges ?? []) {
    for (let line = range.start; line <= Math.min(range.end, lineCount); line++) labels[line - 1] = pickLabel(range);
  }
  return labels;
}

/** The lines of a snapshot; an absent hash means the file did not exist. */
async function snapshotLines(repo: string, hash: string | undefined): Promise<string[]> {
  if (hash === undefined) return [];
  const content = await readSnapshot(repo, hash);
  if (content !== undefined) return splitLines(content.toString("utf8"));
  const dir = await custodyDir(repo);
  throw new CustodyError("pending-invalid", `snapshot ${join(dir, "snapshots", hash)} named by a pending edit is missing; remove the pending edits under ${join(dir, "pending")} that name it`);
}

async function applyEdit(repo: string, state: FileState, edit: PendingEdit): Promise<FileState> {
  // Whatever changed between the last known state and what the agent saw was changed by a person.
  const before = await snapshotLines(repo, edit.before);
  const beforeLabels = carryLabels(state.lines, state.labels, before, HUMAN);
  const after = await snapshotLines(repo, edit.after);
  const ai = aiLabel(edit);
  const labels = carryLabels(before, beforeLabels, after, ai);
  for (const range of edit.aiLines) {
    for (let line = range.start; line <= Math.min(range.end, after.length); line++) labels[line - 1] = ai;
  }
  return { lines: after, labels };
}

async function startState(repo: string, commit: string, path: string, options: AttachOptions): Promise<FileState> {
  if (options.replaces) {
    const lines = (await fileLines(repo, options.replaces.commit, path)) ?? [];
    return { lines, labels: labelsFromNote(options.replaces.note, path, lines.length) };
  }
  const [parent] = await parentsOf(repo, commit);
  const lines = parent === undefined ? [] : ((await fileLines(repo, parent, path)) ?? []);
  return { lines, labels: new Array<LineLabel | undefined>(lines.length).fill(undefined) };
}

async function attributeFile(repo: string, commit: string, path: string, edits: PendingEdit[], options: AttachOptions): Promise<CustodyNote["files"][number] | undefined> {
  const committed = await fileLines(repo, commit, path);
  if (committed === undefined) return undefined;
  let state = await startState(repo, commit, path, options);
  for (const edit of edits) state = await applyEdit(repo, state, edit);
  // Lines that differ from the agent's last version were written by the person committing.
  const labels = carryLabels(state.lines, state.labels, committed, HUMAN);
  const ranges = noteRanges(committed, labelledRanges(labels));
  return ranges.length === 0 ? undefined : { path, ranges };
}

/**
 * Writes the Custody note of `commit` from the pending edits of the files it changes and removes those
 * records. Returns the note written, or undefined when no pending edit concerns the commit.
 */
export async function attachPending(repo: string, commit: string, options: AttachOptions): Promise<CustodyNote | undefined> {
  const sha = await resolveCommit(repo, commit);
  const paths = new Set(await changedPaths(repo, sha));
  const consumed = (await listPending(repo)).edits.filter((edit) => paths.has(edit.path) && Date.parse(edit.time) <= options.now.getTime());
  if (consumed.length === 0) return undefined;
  const byPath = new Map<string, PendingEdit[]>();
  for (const edit of consumed) byPath.set(edit.path, [...(byPath.get(edit.path) ?? []), edit]);
  const files: CustodyNote["files"] = [];
  for (const path of [...byPath.keys()].sort()) {
    const file = await attributeFile(repo, sha, path, byPath.get(path) ?? [], options);
    if (file) files.push(file);
  }
  // A note already on the commit (written while rewriting it) keeps its other files.
  const existing = await readCustodyNote(repo, sha);
  const kept = (existing?.files ?? []).filter((f) => !byPath.has(f.path));
  const note: CustodyNote = { ...existing, schema: NOTE_SCHEMA, files: [...kept, ...files].sort((a, b) => a.path.localeCompare(b.path)) };
  if (note.files.length > 0) await writeCustodyNote(repo, sha, note);
  await removePending(repo, consumed.map((edit) => edit.id));
  return note.files.length > 0 ? note : undefined;
}
