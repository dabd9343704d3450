// Commits a host made without Custody's hooks (squash merges, rebase merges) have no note of their own;
// their lines are found in the notes of the commits they came from.
import { resolveCommit } from "../../git/index.js";
import type { RangeClaim } from "../claims.js";
import type { ClaimSource } from "../sources/types.js";
import { custodyClaimsForCommits, DEFAULT_RECONCILE_CANDIDATES } from "./batch.js";
import type { ReconcileMethod } from "./claims.js";
import { deriveFiles, noteOf, type DerivedFile, type SourceNote } from "./derive.js";
import type { CustodyNote } from "./format.js";
import { notedCommits, patchIds, readCustodyNote, readCustodyNotes, writeCustodyNote } from "./store.js";

export { RECONCILE_METHODS, type ReconcileMethod } from "./claims.js";
export { DEFAULT_RECONCILE_CANDIDATES } from "./batch.js";

export interface ReconcileOptions {
  /** How many noted commits, most recent first, to compare with; default 500. */
  limit?: number;
  /** Store the derived note on the commit. */
  write?: boolean;
}

export interface ReconciledNote {
  commit: string;
  method: ReconcileMethod;
  note: CustodyNote;
  /** The same ranges, each with the commit whose note it was taken from. */
  files: DerivedFile[];
}

async function sourcesFor(repo: string, commit: string, limit: number): Promise<SourceNote[]> {
  const candidates = (await notedCommits(repo, limit)).filter((c) => c !== commit);
  const notes = await readCustodyNotes(repo, candidates);
  return candidates.flatMap((c) => {
    const note = notes.get(c);
    return note ? [{ commit: c, note }] : [];
  });
}

/**
 * A note for a commit that has none, derived from noted commits: the one with the same patch (a rebase
 * merge), else any whose noted lines the commit adds (a squash merge). Undefined when the commit has a
 * note or nothing matches.
 */
export async function reconcileCommit(repo: string, commit: string, options: ReconcileOptions = {}): Promise<ReconciledNote | undefined> {
  const sha = await resolveCommit(repo, commit);
  if ((await readCustodyNote(repo, sha)) !== undefined) return undefined;
  const sources = await sourcesFor(repo, sha, options.limit ?? DEFAULT_RECONCILE_CANDIDATES);
  if (sources.length === 0) return undefined;
  const ids = await patchIds(repo, [sha, ...sources.map((s) => s.commit)]);
  const own = ids.get(sha);
  const samePatch = own === undefined ? undefined : sources.find((s) => ids.get(s.commit) === own);
  let method: ReconcileMethod = "content";
  let files: DerivedFile[] = [];
  if (samePatch) {
    files = await deriveFiles(repo, sha, [samePatch]);
    method = "patch-id";
  }
  if (files.length === 0) {
    files = await deriveFiles(repo, sha, sources);
    method = "content";
  }
  if (files.length === 0) return undefined;
  const note = noteOf(files);
  if (options.write === true) await writeCustodyNote(repo, sha, note);
  return { commit: sha, method, note, files };
}

/** Line-range claims for `commit` from its Custody note, or reconciled from other commits' notes. */
export async function custodyClaims(repo: string, commit: string): Promise<RangeClaim[]> {
  return (await custodyClaimsForCommits(repo, [commit])).get(commit) ?? [];
}

/** Custody notes as a source of line claims, beside git-ai notes and Agent Trace records. */
export const custodyClaimSource: ClaimSource = {
  name: "custody-note",
  claimsFor: custodyClaims,
  claimsForCommits: (repo, commits) => custodyClaimsForCommits(repo, commits),
};
