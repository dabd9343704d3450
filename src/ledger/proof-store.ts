// Proofs from a ledger store. The hashes a proof needs come from the interior nodes the ledger keeps at
// every NODE_LEVEL_STEP-th level, so a proof costs O(log n) reads however long the log is. A ledger
// written before nodes were kept (or missing some node rows) still answers: a missing subtree is
// recomputed from its entries' leaf hashes, at a cost linear in its size. Stored hashes are not trusted:
// callers check the proof against a signed root before handing it out (see receipt-ledger.ts).
import { CustodyError } from "../core/errors.js";
import { MerkleBuilder, NODE_LEVEL_STEP, emptyRoot } from "./merkle.js";
import {
  consistencyRanges,
  foldSubtrees,
  inclusionRanges,
  perfectRoot,
  perfectSubtrees,
  proofFromRanges,
  subtreeKey,
  subtreesOf,
} from "./proof.js";
import type { LeafRange, SubtreeId } from "./proof.js";
import type { LedgerStore } from "./store.js";

/** Leaf hashes read per query when a subtree has to be rebuilt from its leaves. */
const LEAF_CHUNK = 65_536;

/** RFC 9162 inclusion proof for entry `leafIndex` in the tree of the first `treeSize` entries. */
export async function proveInclusion(store: LedgerStore, leafIndex: number, treeSize: number): Promise<Uint8Array[]> {
  if (!isIndex(leafIndex) || !isIndex(treeSize) || leafIndex >= treeSize) {
    throw new CustodyError("usage", `no inclusion proof for entry ${leafIndex} in a tree of ${treeSize} entries`);
  }
  return proveRanges(store, inclusionRanges(leafIndex, treeSize));
}

/** RFC 9162 consistency proof from the tree of `oldSize` entries to the tree of `newSize`; empty for an old size of 0. */
export async function proveConsistency(store: LedgerStore, oldSize: number, newSize: number): Promise<Uint8Array[]> {
  if (!isIndex(oldSize) || !isIndex(newSize) || oldSize > newSize) {
    throw new CustodyError("usage", `no consistency proof from size ${oldSize} to size ${newSize}`);
  }
  if (oldSize === 0) return [];
  return proveRanges(store, consistencyRanges(oldSize, newSize));
}

/** The tree root at `size` from stored hashes: O(log n) reads. */
export async function rootAt(store: LedgerStore, size: number): Promise<Uint8Array> {
  if (size === 0) return emptyRoot();
  const parts = perfectSubtrees({ start: 0, end: size });
  const hashes: Uint8Array[] = [];
  for (const id of parts) hashes.push(await subtreeHash(store, id));
  return foldSubtrees(hashes);
}

async function proveRanges(store: LedgerStore, ranges: readonly LeafRange[]): Promise<Uint8Array[]> {
  const known = new Map<string, Uint8Array>();
  for (const id of subtreesOf(ranges)) known.set(subtreeKey(id), await subtreeHash(store, id));
  return proofFromRanges(ranges, (id) => {
    const hash = known.get(subtreeKey(id));
    if (!hash) throw new Error(`subtree ${subtreeKey(id)} was not fetched`);
    return hash;
  });
}

/**
 * The hash of one perfect subtree: stored when its level is kept, else folded from the at most 2^3
 * stored hashes of the nearest kept level below it, else rebuilt from leaves.
 */
export async function subtreeHash(store: LedgerStore, { level, index }: SubtreeId): Promise<Uint8Array> {
  if (level === 0) {
    const [leaf] = await store.hashes(0, index, index + 1);
    if (!leaf) throw missingEntries(store, index);
    return leaf;
  }
  const kept = level % NODE_LEVEL_STEP === 0;
  if (kept) {
    const [stored] = await store.hashes(level, index, index + 1);
    if (stored) return stored;
  }
  const base = kept ? level - NODE_LEVEL_STEP : level - (level % NODE_LEVEL_STEP);
  const width = 2 ** (level - base);
  const first = index * width;
  const parts = await store.hashes(base, first, first + width);
  for (let at = first + parts.length; at < first + width; at++) {
    parts.push(await fromLeaves(store, base, at));
  }
  return perfectRoot(parts);
}

async function fromLeaves(store: LedgerStore, level: number, index: number): Promise<Uint8Array> {
  const start = index * 2 ** level;
  const end = start + 2 ** level;
  const builder = new MerkleBuilder();
  for (let from = start; from < end; from += LEAF_CHUNK) {
    const to = Math.min(end, from + LEAF_CHUNK);
    const leaves = await store.hashes(0, from, to);
    for (const leaf of leaves) builder.push(leaf);
    if (leaves.length < to - from) throw missingEntries(store, from + leaves.length);
  }
  return builder.root();
}

function missingEntries(store: LedgerStore, index: number): CustodyError {
  return new CustodyError(
    "ledger-invalid",
    `ledger ${store.location} has no entry ${index}, so no proof can be built over it; run custody ledger verify`,
  );
}

function isIndex(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}
