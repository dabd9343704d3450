import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toHex } from "./bytes.js";
import { emptyRoot, leafHash, nodeHash, rootHash } from "./merkle.js";
import { consistencyRanges, inclusionRanges, memoryTree, perfectSubtrees, verifyConsistency, verifyInclusion } from "./proof.js";

const leaves = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
const tree = memoryTree(leaves);
const root = (size: number): Uint8Array => rootHash(leaves.slice(0, size));

/** RFC 9162 §2.1.3.1 PATH and §2.1.4.1 SUBPROOF written as recursively as the RFC states them. */
function referencePath(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const k = largestPowerOfTwoBelow(d.length);
  return m < k
    ? [...referencePath(m, d.slice(0, k)), rootHash(d.slice(k))]
    : [...referencePath(m - k, d.slice(k)), rootHash(d.slice(0, k))];
}
function referenceSubproof(m: number, d: readonly Uint8Array[], whole: boolean): Uint8Array[] {
  if (m === d.length) return whole ? [] : [rootHash(d)];
  const k = largestPowerOfTwoBelow(d.length);
  return m <= k
    ? [...referenceSubproof(m, d.slice(0, k), whole), rootHash(d.slice(k))]
    : [...referenceSubproof(m - k, d.slice(k), false), rootHash(d.slice(0, k))];
}
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function flipped(proof: readonly Uint8Array[], at: number): Uint8Array[] {
  return proof.map((hash, i) => {
    if (i !== at) return hash;
    const copy = Uint8Array.from(hash);
    copy[0] = (copy[0] ?? 0) ^ 1;
    return copy;
  });
}

void describe("inclusion proofs", () => {
  void it("match the RFC's PATH for every leaf of every tree size up to 70, and verify", () => {
    for (let size = 1; size <= leaves.length; size++) {
      const window = leaves.slice(0, size);
      for (let index = 0; index < size; index++) {
        const proof = tree.inclusion(index, size);
        assert.deepEqual(proof.map(toHex), referencePath(index, window).map(toHex), `leaf ${index} of ${size}`);
        assert.ok(verifyInclusion(index, size, leaves[index] ?? new Uint8Array(), proof, root(size)), `leaf ${index} of ${size}`);
      }
    }
  });

  void it("fail for a flipped bit in any proof hash, another leaf, index or size, or a shortened proof", () => {
    const size = 37;
    for (const index of [0, 5, 31, 32, 36]) {
      const proof = tree.inclusion(index, size);
      const leaf = leaves[index] ?? new Uint8Array();
      for (let at = 0; at < proof.length; at++) {
        assert.equal(verifyInclusion(index, size, leaf, flipped(proof, at), root(size)), false, `hash ${at} flipped`);
      }
      assert.equal(verifyInclusion(index, size, leaves[index + 1] ?? leaf, proof, root(size)), false);
      assert.equal(verifyInclusion(index ^ 1, size, leaf, proof, root(size)), false);
      assert.equal(verifyInclusion(index, size * 2, leaf, proof, root(size)), false);
      assert.equal(verifyInclusion(index, size, leaf, proof.slice(0, -1), root(size)), false);
      assert.equal(verifyInclusion(index, size, leaf, [...proof, leaf], root(size)), false);
    }
  });

  void it("refuse indexes outside the tree and hashes of the wrong length", () => {
    assert.equal(verifyInclusion(0, 0, emptyRoot(), [], emptyRoot()), false);
    assert.equal(verifyInclusion(-1, 3, leaves[0] ?? emptyRoot(), tree.inclusion(0, 3), root(3)), false);
    assert.equal(verifyInclusion(0.5, 3, leaves[0] ?? emptyRoot(), tree.inclusion(0, 3), root(3)), false);
    assert.equal(verifyInclusion(0, 1, new Uint8Array(), [], new Uint8Array()), false);
    assert.throws(() => inclusionRanges(3, 3), RangeError);
  });
});

void describe("consistency proofs", () => {
  void it("match the RFC's PROOF for every pair of sizes up to 70, and verify", () => {
    for (let newSize = 1; newSize <= leaves.length; newSize++) {
      const window = leaves.slice(0, newSize);
      for (let oldSize = 1; oldSize <= newSize; oldSize++) {
        const proof = tree.consistency(oldSize, newSize);
        assert.deepEqual(proof.map(toHex), referenceSubproof(oldSize, window, true).map(toHex), `${oldSize} → ${newSize}`);
        assert.ok(verifyConsistency(oldSize, newSize, root(oldSize), root(newSize), proof), `${oldSize} → ${newSize}`);
      }
    }
  });

  void it("fail for a flipped bit, a root of another size, swapped roots or a forked history", () => {
    const [oldSize, newSize] = [13, 58];
    const proof = tree.consistency(oldSize, newSize);
    for (let at = 0; at < proof.length; at++) {
      assert.equal(verifyConsistency(oldSize, newSize, root(oldSize), root(newSize), flipped(proof, at)), false);
    }
    assert.equal(verifyConsistency(oldSize, newSize, root(oldSize + 1), root(newSize), proof), false);
    assert.equal(verifyConsistency(oldSize, newSize, root(newSize), root(oldSize), proof), false);
    const forked = [...leaves.slice(0, 5), leafHash(Buffer.from("rewritten")), ...leaves.slice(6, newSize)];
    assert.equal(verifyConsistency(oldSize, newSize, root(oldSize), rootHash(forked), proof), false);
  });

  void it("accept equal sizes only with an empty proof and equal roots, and nothing from the empty tree", () => {
    assert.ok(verifyConsistency(9, 9, root(9), root(9), []));
    assert.equal(verifyConsistency(9, 9, root(9), root(8), []), false);
    assert.equal(verifyConsistency(9, 9, root(9), root(9), [root(9)]), false);
    assert.equal(verifyConsistency(0, 5, emptyRoot(), root(5), []), false);
    assert.equal(verifyConsistency(6, 5, root(6), root(5), tree.consistency(5, 6)), false);
    assert.throws(() => consistencyRanges(0, 4), RangeError);
  });
});

void describe("proof ranges", () => {
  void it("split a right-edge range into the perfect subtrees MTH is built from", () => {
    assert.deepEqual(perfectSubtrees({ start: 0, end: 13 }), [
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    assert.deepEqual(perfectSubtrees({ start: 32, end: 38 }), [
      { level: 2, index: 8 },
      { level: 1, index: 18 },
    ]);
    assert.equal(toHex(tree.root(13)), toHex(nodeHash(rootHash(leaves.slice(0, 8)), nodeHash(rootHash(leaves.slice(8, 12)), leaves[12] ?? emptyRoot()))));
  });
});
