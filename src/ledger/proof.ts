// Merkle inclusion and consistency proofs (RFC 9162 §2.1.3 and §2.1.4). Verification follows the RFC's
// algorithms step by step, because they are what every other verifier implements. Generation is split
// in two: which leaf ranges a proof is made of (pure arithmetic), and where the hashes of those ranges
// come from (a memory tree, the stored interior nodes of a ledger, the frontier of a batch being appended).
import { bytesEqual } from "./bytes.js";
import { HASH_SIZE, emptyRoot, nodeHash } from "./merkle.js";

/** The leaves start ≤ i < end; the hash of a range is MTH (RFC 9162 §2.1.1) over those leaves. */
export interface LeafRange {
  start: number;
  end: number;
}

/** A perfect subtree: 2^level leaves starting at leaf index × 2^level. Level 0 is a single leaf. */
export interface SubtreeId {
  level: number;
  index: number;
}

/**
 * Checks that `leafHash` is the leaf at `leafIndex` of the tree of `treeSize` leaves whose root is `root`
 * (RFC 9162 §2.1.3.2). Hashes of the wrong length never verify.
 */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isCount(leafIndex) || !isCount(treeSize) || leafIndex >= treeSize) return false;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(r, root);
}

/**
 * Checks that the tree of `newSize` leaves with root `newRoot` extends the tree of `oldSize` leaves with
 * root `oldRoot` (RFC 9162 §2.1.4.2). Equal sizes need an empty proof and equal roots. An old size of 0
 * returns false: the empty tree is a prefix of every tree, so there is nothing a proof could show, and the
 * transparency-dev reference verifier rejects it too; a caller that accepts a first tree head handles that
 * case before calling.
 */
export function verifyConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isCount(oldSize) || !isCount(newSize) || oldSize === 0 || oldSize > newSize) return false;
  if (oldSize === newSize) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (proof.length === 0 || !isHash(oldRoot) || !isHash(newRoot) || !proof.every(isHash)) return false;
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  const [first, ...rest] = path;
  if (!first) return false;
  let fr = first;
  let sr = first;
  for (const c of rest) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot) && sn === 0;
}

/** The ranges whose hashes form the inclusion proof of leaf `leafIndex` (PATH of RFC 9162 §2.1.3.1), leaf end first. */
export function inclusionRanges(leafIndex: number, treeSize: number): LeafRange[] {
  if (!isCount(leafIndex) || !isCount(treeSize) || leafIndex >= treeSize) {
    throw new RangeError(`no inclusion proof for leaf ${leafIndex} in a tree of ${treeSize}`);
  }
  const siblings: LeafRange[] = [];
  let start = 0;
  let size = treeSize;
  let index = leafIndex;
  while (size > 1) {
    const split = largestPowerOfTwoBelow(size);
    if (index < split) {
      siblings.push({ start: start + split, end: start + size });
      size = split;
    } else {
      siblings.push({ start, end: start + split });
      start += split;
      index -= split;
      size -= split;
    }
  }
  return siblings.reverse();
}

/** The ranges whose hashes form the consistency proof from `oldSize` to `newSize` (PROOF of RFC 9162 §2.1.4.1). */
export function consistencyRanges(oldSize: number, newSize: number): LeafRange[] {
  if (!isCount(oldSize) || !isCount(newSize) || oldSize === 0 || oldSize > newSize) {
    throw new RangeError(`no consistency proof from size ${oldSize} to size ${newSize}`);
  }
  const siblings: LeafRange[] = [];
  let start = 0;
  let size = newSize;
  let old = oldSize;
  let whole = true;
  while (old !== size) {
    const split = largestPowerOfTwoBelow(size);
    if (old <= split) {
      siblings.push({ start: start + split, end: start + size });
      size = split;
    } else {
      siblings.push({ start, end: start + split });
      start += split;
      old -= split;
      size -= split;
      whole = false;
    }
  }
  // The subtree the old tree ends in is known to the verifier when it is the whole old tree.
  const head = whole ? [] : [{ start, end: start + size }];
  return [...head, ...siblings.reverse()];
}

/**
 * The perfect subtrees a range is made of, largest (leftmost) first. Proof ranges start at a multiple of
 * a power of two at least their length, so these are the subtrees of MTH's own split.
 */
export function perfectSubtrees(range: LeafRange): SubtreeId[] {
  const parts: SubtreeId[] = [];
  let at = range.start;
  while (at < range.end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= range.end) level++;
    parts.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return parts;
}

/** MTH of a range from the hashes of its perfect subtrees (in the order perfectSubtrees gives). */
export function foldSubtrees(hashes: readonly Uint8Array[]): Uint8Array {
  let root = hashes.at(-1);
  if (!root) throw new RangeError("a range needs at least one subtree");
  for (let i = hashes.length - 2; i >= 0; i--) {
    const left = hashes[i];
    if (left) root = nodeHash(left, root);
  }
  return root;
}

/** A proof from its ranges, given the hash of any perfect subtree. */
export function proofFromRanges(ranges: readonly LeafRange[], subtreeHash: (id: SubtreeId) => Uint8Array): Uint8Array[] {
  return ranges.map((range) => foldSubtrees(perfectSubtrees(range).map(subtreeHash)));
}

/** Every perfect subtree the given ranges need, each once. */
export function subtreesOf(ranges: readonly LeafRange[]): SubtreeId[] {
  const seen = new Map<string, SubtreeId>();
  for (const range of ranges) {
    for (const id of perfectSubtrees(range)) seen.set(subtreeKey(id), id);
  }
  return [...seen.values()];
}

export function subtreeKey(id: SubtreeId): string {
  return `${id.level}/${id.index}`;
}

/** In-memory proofs over a list of leaf hashes, for tests and small trees: O(n) per subtree. */
export function memoryTree(leafHashes: readonly Uint8Array[]): {
  inclusion(leafIndex: number, treeSize?: number): Uint8Array[];
  consistency(oldSize: number, newSize?: number): Uint8Array[];
  root(size?: number): Uint8Array;
} {
  const subtree = ({ level, index }: SubtreeId): Uint8Array => {
    const leaves = leafHashes.slice(index * 2 ** level, (index + 1) * 2 ** level);
    if (leaves.length !== 2 ** level) throw new RangeError(`subtree ${level}/${index} is past the last leaf`);
    return perfectRoot(leaves);
  };
  return {
    inclusion: (leafIndex, treeSize = leafHashes.length) => proofFromRanges(inclusionRanges(leafIndex, treeSize), subtree),
    consistency: (oldSize, newSize = leafHashes.length) => proofFromRanges(consistencyRanges(oldSize, newSize), subtree),
    root: (size = leafHashes.length) => {
      if (size === 0) return emptyRoot();
      return foldSubtrees(perfectSubtrees({ start: 0, end: size }).map(subtree));
    },
  };
}

/** Root of a perfect subtree from its 2^k hashes one level down (or more), pairing level by level. */
export function perfectRoot(hashes: readonly Uint8Array[]): Uint8Array {
  let level = hashes;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      const left = level[i];
      const right = level[i + 1];
      if (left && right) next.push(nodeHash(left, right));
    }
    level = next;
  }
  const [root] = level;
  if (!root) throw new RangeError("a perfect subtree needs at least one hash");
  return root;
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function isHash(bytes: Uint8Array): boolean {
  return bytes.byteLength === HASH_SIZE;
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}
