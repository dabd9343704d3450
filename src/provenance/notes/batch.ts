// Custody claims for many commits with a fixed number of git processes: the notes ref is listed once,
// every note needed is read in one batch, and commits without a note are reconciled together against
// candidate notes loaded once. Gives the same claims as reconciling one commit at a time.
import { CustodyError } from "../../core/errors.js";
import { eachAddedText, isFullSha, listNotes, readBlobsBatch, resolveCommit, type AddedText } from "../../git/index.js";
import type { RangeClaim } from "../claims.js";
import { noteClaims, reconciledClaims, type ReconcileMethod } from "./claims.js";
import { deriveAdded, indexHas, indexNotes, type DerivedFile, type NoteIndex, type SourceNote } from "./derive.js";
import { CUSTODY_NOTES_REF, parseCustodyNote, type CustodyNote } from "./format.js";
import { splitLines } from "./lines.js";
import { fileLines, mostRecent, patchIds } from "./store.js";

/** Files read whole for matching by neighbouring lines; larger ones are matched on their added lines. */
const WHOLE_FILE_BYTES = 4 * 1024 * 1024;

export const DEFAULT_RECONCILE_CANDIDATES = 500;

/** A note is a few kilobytes of JSON; one far larger is not a Custody note worth holding in memory. */
const MAX_NOTE_BYTES = 16 * 1024 * 1024;
/** Noted files larger than this are not compared line by line. */
const MAX_SOURCE_FILE_BYTES = 64 * 1024 * 1024;
/** Commits whose added lines are read (and whose patches are compared) per round, bounding memory. */
const COMMITS_PER_ROUND = 1_000;

export interface BatchReconcileOptions {
  /** How many noted commits, most recent first, unnoted commits are compared with; default 500. */
  limit?: number;
}

/** Full ids for the names given; names that already are full ids cost nothing. */
async function resolveAll(repo: string, commits: readonly string[]): Promise<Map<string, string>> {
  const shas = new Map<string, string>();
  for (const commit of commits) {
    if (!shas.has(commit)) shas.set(commit, isFullSha(commit) ? commit : await resolveCommit(repo, commit));
  }
  return shas;
}

/** Parsed notes of `commits` (those listed with a note), read in one batch; empty notes count as none. */
async function readNotesOf(repo: string, listing: Map<string, string>, commits: readonly string[]): Promise<Map<string, CustodyNote>> {
  const blobOf = new Map(commits.flatMap((commit) => {
    const blob = listing.get(commit);
    return blob === undefined ? [] : [[commit, blob] as const];
  }));
  const { blobs, oversized } = await readBlobsBatch(repo, [...blobOf.values()], MAX_NOTE_BYTES);
  const notes = new Map<string, CustodyNote>();
  for (const [commit, blob] of blobOf) {
    if (oversized.includes(blob)) {
      throw new CustodyError("input-too-large", `the Custody note on ${commit.slice(0, 12)} is over ${MAX_NOTE_BYTES} bytes; remove it with \`git notes --ref ${CUSTODY_NOTES_REF} remove ${commit}\``);
    }
    const text = blobs.get(blob)?.toString("utf8") ?? "";
    if (text !== "") notes.set(commit, parseCustodyNote(text, `${CUSTODY_NOTES_REF} on ${commit.slice(0, 12)}`));
  }
  return notes;
}

/** The noted files of `sources` as committed, read in one batch; each file's lines split once and kept. */
async function sourceFiles(repo: string, sources: readonly SourceNote[]): Promise<(commit: string, path: string) => string[] | undefined> {
  const names = sources.flatMap(({ commit, note }) => note.files.map((file) => `${commit}:${file.path}`));
  // A path with a line break cannot be named in a batch; such files are read one by one.
  const { blobs } = await readBlobsBatch(repo, names.filter((name) => !/[\n\r]/.test(name)), MAX_SOURCE_FILE_BYTES);
  const lines = new Map<string, string[] | undefined>();
  for (const { commit, note } of sources) {
    for (const { path } of note.files) {
      const name = `${commit}:${path}`;
      if (lines.has(name)) continue;
      if (/[\n\r]/.test(name)) {
        lines.set(name, await fileLines(repo, commit, path));
        continue;
      }
      const blob = blobs.get(name);
      lines.set(name, blob === undefined || blob.includes(0) ? undefined : splitLines(blob.toString("utf8")));
    }
  }
  return (commit, path) => lines.get(`${commit}:${path}`);
}

/** The commit's derived files from its added lines, by path; `whole` holds each file as committed. */
function deriveCommit(commit: string, files: readonly AddedText[], index: NoteIndex, whole: Map<string, Buffer>): DerivedFile[] {
  const derived: DerivedFile[] = [];
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const blob = whole.get(`${commit}:${file.path}`);
    let lines: string[];
    if (blob) {
      lines = splitLines(blob.toString("utf8"));
    } else {
      // Too large to read whole: only the added lines are known, the others stand in as blanks.
      let length = 0;
      for (const number of file.lines.keys()) length = Math.max(length, number);
      lines = new Array<string>(length).fill("");
      for (const [number, text] of file.lines) lines[number - 1] = text;
    }
    const result = deriveAdded(file.path, lines, new Set(file.lines.keys()), index);
    if (result) derived.push(result);
  }
  return derived;
}

interface Reconciler {
  sources: readonly SourceNote[];
  index: NoteIndex;
  /** One source's own index, for a commit with the same patch. */
  indexOf(source: SourceNote): NoteIndex;
  /** Patch ids of the sources, computed the first time a commit needs them. */
  sourcePatchIds(): Promise<Map<string, string>>;
}

async function reconciler(repo: string, sources: readonly SourceNote[]): Promise<Reconciler> {
  const linesAt = await sourceFiles(repo, sources);
  const single = new Map<string, NoteIndex>();
  let ids: Promise<Map<string, string>> | undefined;
  return {
    sources,
    index: indexNotes(sources, linesAt),
    indexOf(source) {
      const known = single.get(source.commit) ?? indexNotes([source], linesAt);
      single.set(source.commit, known);
      return known;
    },
    sourcePatchIds() {
      ids ??= patchIds(repo, sources.map((s) => s.commit));
      return ids;
    },
  };
}

function addsNotedText(files: readonly AddedText[], index: NoteIndex): boolean {
  return files.some((file) => [...file.lines.values()].some((text) => indexHas(index, text)));
}

/** Reconciled claims of `commits` (none noted): patch-id first, else content, as for one commit. */
async function reconcileAll(repo: string, commits: readonly string[], using: Reconciler): Promise<Map<string, RangeClaim[]>> {
  const claims = new Map<string, RangeClaim[]>();
  for (let start = 0; start < commits.length; start += COMMITS_PER_ROUND) {
    // Only a commit that adds some noted line's text can derive anything, whichever method matches.
    const hits = new Map<string, AddedText[]>();
    await eachAddedText(repo, commits.slice(start, start + COMMITS_PER_ROUND), (commit, files) => {
      if (addsNotedText(files, using.index)) hits.set(commit, files);
    });
    if (hits.size === 0) continue;
    // Short lines are matched by their neighbours too, so the files are read whole (one batch).
    const names = [...hits].flatMap(([commit, files]) => files.filter((f) => !/[\n\r]/.test(f.path)).map((f) => `${commit}:${f.path}`));
    const { blobs: whole } = await readBlobsBatch(repo, names, WHOLE_FILE_BYTES);
    const sourceIds = await using.sourcePatchIds();
    const ids = await patchIds(repo, [...hits.keys()]);
    for (const [commit, files] of hits) {
      const own = ids.get(commit);
      const samePatch = own === undefined ? undefined : using.sources.find((s) => sourceIds.get(s.commit) === own);
      let method: ReconcileMethod = "patch-id";
      let derived = samePatch === undefined ? [] : deriveCommit(commit, files, using.indexOf(samePatch), whole);
      if (derived.length === 0) {
        method = "content";
        derived = deriveCommit(commit, files, using.index, whole);
      }
      if (derived.length > 0) claims.set(commit, reconciledClaims(commit, method, derived));
    }
  }
  return claims;
}

/**
 * Claims for each of `commits`, keyed by the name given (commits without claims are left out): from a
 * commit's own note, else reconciled from the most recent noted commits by patch id or by line content.
 */
export async function custodyClaimsForCommits(repo: string, commits: readonly string[], options: BatchReconcileOptions = {}): Promise<Map<string, RangeClaim[]>> {
  const shas = await resolveAll(repo, commits);
  const wanted = [...new Set(shas.values())];
  const listing = await listNotes(repo, CUSTODY_NOTES_REF);
  const limit = options.limit ?? DEFAULT_RECONCILE_CANDIDATES;
  let candidates = wanted.every((sha) => listing.has(sha)) ? undefined : await mostRecent(repo, [...listing.keys()], limit);
  const notes = await readNotesOf(repo, listing, [...wanted, ...(candidates ?? [])]);
  const claims = new Map<string, RangeClaim[]>();
  for (const sha of wanted) {
    const note = notes.get(sha);
    if (note) claims.set(sha, noteClaims(sha, note));
  }
  const unnoted = wanted.filter((sha) => !notes.has(sha));
  if (unnoted.length > 0 && candidates === undefined) {
    // Every commit was listed, yet some note is empty: only now are candidates needed.
    candidates = await mostRecent(repo, [...listing.keys()], limit);
    for (const [commit, note] of await readNotesOf(repo, listing, candidates)) notes.set(commit, note);
  }
  const sources = (candidates ?? []).flatMap((commit) => {
    const note = notes.get(commit);
    return note ? [{ commit, note }] : [];
  });
  if (unnoted.length > 0 && sources.length > 0) {
    for (const [sha, reconciled] of await reconcileAll(repo, unnoted, await reconciler(repo, sources))) claims.set(sha, reconciled);
  }
  const result = new Map<string, RangeClaim[]>();
  for (const [name, sha] of shas) {
    const found = claims.get(sha);
    if (found !== undefined && found.length > 0) result.set(name, found);
  }
  return result;
}
