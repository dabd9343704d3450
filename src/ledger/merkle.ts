// RFC 6962 / RFC 9162 Merkle tree hashing. Leaves and interior nodes get different one-byte prefixes
// so that an interior node can never be passed off as a leaf (second-preimage resistance).
import { createHash, hash } from "node:crypto";

export const HASH_SIZE = 32;

/**
 * The ledger keeps the interior nodes at every level that is a multiple of this (4, 8, 12, …): about one
 * stored node per 15 entries, and any perfect subtree's hash is then at most 2^3 stored hashes away.
 */
export const NODE_LEVEL_STEP = 4;

/** Called with each interior node a push completes: its height, its index at that height and its hash. */
export type CompletedNode = (level: number, index: number, hash: Uint8Array) => void;

// One-shot hashing of a prepared buffer is markedly faster than a streaming Hash object, and
// verification hashes every entry and roughly as many interior nodes.
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE, 0x01);

/** SHA-256(0x00 ‖ entry). */
export function leafHash(entry: Uint8Array): Uint8Array {
  const input = Buffer.allocUnsafe(1 + entry.byteLength);
  input[0] = 0x00;
  input.set(entry, 1);
  return hash("sha256", input, "buffer");
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.byteLength !== HASH_SIZE || right.byteLength !== HASH_SIZE) {
    return createHash("sha256").update(Uint8Array.of(0x01)).update(left).update(right).digest();
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return hash("sha256", nodeInput, "buffer");
}

/** The root of the empty tree: SHA-256 of the empty string. */
export function emptyRoot(): Uint8Array {
  return createHash("sha256").digest();
}

/**
 * Builds the tree root incrementally from leaf hashes given in order, keeping only the roots of the
 * perfect subtrees that make up the tree so far (one per set bit of the size): O(1) amortised work
 * per leaf and O(log n) memory. Folding those roots from the right gives exactly RFC 6962's MTH,
 * whose split at the largest power of two smaller than n produces the same perfect subtrees.
 */
export class MerkleBuilder {
  #size = 0;
  /** Roots of the perfect subtrees, largest (leftmost) first. */
  #frontier: Uint8Array[] = [];

  /** Resumes from a frontier saved with `frontier()`; returns undefined if it cannot belong to `size`. */
  static restore(size: number, frontier: readonly Uint8Array[]): MerkleBuilder | undefined {
    if (!Number.isSafeInteger(size) || size < 0) return undefined;
    if (frontier.length !== countSetBits(size)) return undefined;
    if (frontier.some((hash) => hash.byteLength !== HASH_SIZE)) return undefined;
    const builder = new MerkleBuilder();
    builder.#size = size;
    builder.#frontier = [...frontier];
    return builder;
  }

  get size(): number {
    return this.#size;
  }

  push(leaf: Uint8Array, completed?: CompletedNode): void {
    let hash = leaf;
    let level = 0;
    // Each trailing 1 bit of the old size is a finished subtree of the same height: merge it.
    for (let rest = this.#size; rest % 2 === 1; rest = Math.floor(rest / 2)) {
      const left = this.#frontier.pop();
      if (left === undefined) throw new Error("merkle frontier is inconsistent with its size");
      hash = nodeHash(left, hash);
      level++;
      completed?.(level, Math.floor(this.#size / 2 ** level), hash);
    }
    this.#frontier.push(hash);
    this.#size += 1;
  }

  root(): Uint8Array {
    let root = this.#frontier.at(-1);
    if (root === undefined) return emptyRoot();
    for (let i = this.#frontier.length - 2; i >= 0; i--) {
      const left = this.#frontier[i];
      if (left !== undefined) root = nodeHash(left, root);
    }
    return root;
  }

  /** The subtree roots that, with the size, let `restore` resume this builder later. */
  frontier(): Uint8Array[] {
    return [...this.#frontier];
  }

  clone(): MerkleBuilder {
    const copy = new MerkleBuilder();
    copy.#size = this.#size;
    copy.#frontier = [...this.#frontier];
    return copy;
  }
}

/** MTH(D[n]) of RFC 6962 §2.1 over already-hashed leaves. */
export function rootHash(leafHashes: Iterable<Uint8Array>): Uint8Array {
  const builder = new MerkleBuilder();
  for (const leaf of leafHashes) builder.push(leaf);
  return builder.root();
}

function countSetBits(value: number): number {
  let count = 0;
  for (let rest = value; rest > 0; rest = Math.floor(rest / 2)) count += rest % 2;
  return count;
}
