// After `git commit --amend` or `git rebase`: rebuild each new commit's note from the notes of the
// commits it replaces (several for a squash), by the text of the lines.
import { CustodyError } from "../../core/errors.js";
import { attachPending } from "./attach.js";
import { deriveFiles, noteOf, type SourceNote } from "./derive.js";
import type { CustodyNote } from "./format.js";
import { readCustodyNotes, removeCustodyNote, writeCustodyNote } from "./store.js";

export const REWRITE_KINDS = ["amend", "rebase"] as const;
export type RewriteKind = (typeof REWRITE_KINDS)[number];

export interface RewritePair {
  old: string;
  new: string;
}

/** The `<old-sha> <new-sha> [extra]` lines git gives the post-rewrite hook. */
export function parseRewritePairs(input: string): RewritePair[] {
  const pairs: RewritePair[] = [];
  for (const line of input.split("\n")) {
    if (line.trim() === "") continue;
    const [oldSha = "", newSha = ""] = line.trim().split(/\s+/);
    if (!/^[0-9a-f]{40,64}$/.test(oldSha) || !/^[0-9a-f]{40,64}$/.test(newSha)) {
      throw new CustodyError("usage", `post-rewrite input line '${line}' is not '<old-sha> <new-sha>'; this command is meant to be run by the git hook`);
    }
    pairs.push({ old: oldSha, new: newSha });
  }
  return pairs;
}

export interface RewriteOptions {
  kind: RewriteKind;
  /** The moment of the rewrite, for pending edits an amend takes in. */
  now: Date;
}

function groupByNew(pairs: RewritePair[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const pair of pairs) {
    const olds = groups.get(pair.new) ?? [];
    if (!olds.includes(pair.old)) olds.push(pair.old);
    groups.set(pair.new, olds);
  }
  return groups;
}

/**
 * Rebuilds the Custody note of every rewritten commit. Returns the notes now on the new commits
 * (undefined where nothing could be attributed, and any note git copied was removed).
 */
export async function rewriteNotes(repo: string, pairs: RewritePair[], options: RewriteOptions): Promise<Map<string, CustodyNote | undefined>> {
  const result = new Map<string, CustodyNote | undefined>();
  const groups = groupByNew(pairs);
  const notes = await readCustodyNotes(repo, [...new Set(pairs.map((p) => p.old))]);
  for (const [newCommit, olds] of groups) {
    const sources: SourceNote[] = olds.flatMap((commit) => {
      const note = notes.get(commit);
      return note ? [{ commit, note }] : [];
    });
    const derived = noteOf(await deriveFiles(repo, newCommit, sources));
    // git copied the old note as it was (notes.rewriteRef); its line numbers describe the old commit.
    if (derived.files.length > 0) await writeCustodyNote(repo, newCommit, derived);
    else await removeCustodyNote(repo, newCommit);
    let final: CustodyNote | undefined = derived.files.length > 0 ? derived : undefined;
    const [replaced] = olds;
    if (options.kind === "amend" && replaced !== undefined) {
      final = (await attachPending(repo, newCommit, { now: options.now, replaces: { commit: replaced, note: notes.get(replaced) } })) ?? final;
    }
    result.set(newCommit, final);
  }
  return result;
}
