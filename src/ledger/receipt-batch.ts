// Receipts for a batch as it is appended, without reading the store: every hash an inclusion proof in
// the new tree needs is either a subtree the writer's frontier already holds (left of the batch) or a
// subtree built from the batch's own leaves. Entries of one batch share most of their proof, so each
// node is hashed and base64-encoded once: a batch of b entries costs about 2b hashes, and each receipt
// then only looks up its O(log n) lines.
import { encodeBase64 } from "./bytes.js";
import { nodeHash } from "./merkle.js";
import type { MerkleBuilder } from "./merkle.js";
import { foldSubtrees, inclusionRanges, perfectSubtrees } from "./proof.js";
import { RECEIPT_HEADER } from "./receipt.js";
import type { NewEntry } from "./store.js";

interface Known {
  hash: Uint8Array;
  /** Base64, filled in when the node first appears in a proof. */
  text?: string;
}

/** One tlog-proof receipt per entry, in order, for entries appended to the tree `base` and signed by `checkpoint`. */
export function batchReceipts(base: MerkleBuilder, entries: readonly NewEntry[], checkpoint: string): string[] {
  const first = base.size;
  const treeSize = first + entries.length;
  /** Perfect subtrees by level, then index. */
  const nodes: Map<number, Known>[] = [];
  /** Proof ranges that are not perfect subtrees all end at the tree's right edge: keyed by their start. */
  const edges = new Map<number, Known>();
  const frontier = base.frontier();
  perfectSubtrees({ start: 0, end: first }).forEach(({ level, index }, i) => {
    const hash = frontier[i];
    if (hash) levelOf(level).set(index, { hash });
  });

  function levelOf(level: number): Map<number, Known> {
    let map = nodes[level];
    if (!map) {
      map = new Map();
      nodes[level] = map;
    }
    return map;
  }

  function node(level: number, index: number): Known {
    const map = levelOf(level);
    const cached = map.get(index);
    if (cached) return cached;
    let hash: Uint8Array;
    if (level === 0) {
      const entry = entries[index - first];
      // Leaves left of the batch are only ever needed inside frontier subtrees, which are known.
      if (!entry) throw new Error(`leaf ${index} is neither in the batch nor under the frontier`);
      hash = entry.leafHash;
    } else {
      hash = nodeHash(node(level - 1, index * 2).hash, node(level - 1, index * 2 + 1).hash);
    }
    const known = { hash };
    map.set(index, known);
    return known;
  }

  function line(start: number, end: number): string {
    const width = end - start;
    let known: Known | undefined;
    if (isPowerOfTwo(width)) {
      known = node(Math.round(Math.log2(width)), start / width);
    } else {
      known = edges.get(start);
      if (!known) {
        const parts = perfectSubtrees({ start, end }).map(({ level, index }) => node(level, index).hash);
        known = { hash: foldSubtrees(parts) };
        edges.set(start, known);
      }
    }
    known.text ??= encodeBase64(known.hash);
    return known.text;
  }

  return entries.map((entry, offset) => {
    const index = first + offset;
    const proof = inclusionRanges(index, treeSize).map(({ start, end }) => line(start, end));
    const lines = [RECEIPT_HEADER, `extra ${encodeBase64(entry.entry)}`, `index ${index}`, ...proof];
    return `${lines.join("\n")}\n\n${checkpoint}`;
  });
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}
