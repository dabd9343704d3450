// Reading what the ledger holds about approvals, and what changed since an approved tree. I/O only:
// the evaluation itself is pure (evaluate.ts).
import { CustodyError, isCustodyError } from "../core/errors.js";
import { runGit } from "../git/index.js";
import { decodeEvent, ledgerExists, openLedgerStore } from "../ledger/index.js";
import type { IndexedEvent } from "./records.js";

/** Every event in the ledger at `path` (a file or a database URL; none when no file exists yet), in ledger order. */
export async function readLedgerEvents(path: string): Promise<IndexedEvent[]> {
  if (!(await ledgerExists(path))) return [];
  const store = await openLedgerStore(path, { readonly: true });
  const events: IndexedEvent[] = [];
  try {
    for await (const batch of store.entries()) {
      for (const stored of batch) {
        try {
          events.push({ index: stored.index, event: decodeEvent(stored.entry) });
        } catch (error) {
          if (!isCustodyError(error)) throw error;
          throw new CustodyError("ledger-invalid", `${path}: entry ${stored.index}: ${error.message}; run \`custody ledger verify\``, { cause: error });
        }
      }
    }
  } finally {
    await store.close();
  }
  return events;
}

/**
 * Paths that differ between two trees (both sides of a rename, as a delete and an add), or undefined
 * when `from` is not a tree this repository holds.
 */
export async function changedPathsBetween(repo: string, from: string, to: string): Promise<string[] | undefined> {
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(from)) return undefined;
  const type = await runGit(repo, ["cat-file", "-t", from], { allowExitCodes: [1, 128] }).catch(() => Buffer.from(""));
  if (type.toString("utf8").trim() !== "tree") return undefined;
  const out = await runGit(repo, ["diff-tree", "-r", "-z", "--no-renames", "--name-only", from, to]);
  return out.toString("utf8").split("\0").filter((path) => path !== "");
}

/** changedPathsBetween for every distinct earlier tree, as the evaluation wants it. */
export async function changesSinceTrees(repo: string, trees: Iterable<string>, head: string): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const tree of new Set(trees)) {
    if (tree === head) continue;
    const changed = await changedPathsBetween(repo, tree, head);
    if (changed !== undefined) result.set(tree, changed);
  }
  return result;
}
