import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { toHex } from "./bytes.js";
import { MerkleBuilder, emptyRoot, leafHash, nodeHash, rootHash } from "./merkle.js";

// The 8-leaf test tree from the certificate-transparency test data, with the expected roots for
// every size 0..8, as published in github.com/transparency-dev/merkle, testonly/constants.go
// (LeafInputs, RootHashes, EmptyRootHash).
const LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
const ROOTS = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

function leafHashes(count: number): Uint8Array[] {
  return LEAVES.slice(0, count).map((hex) => leafHash(Buffer.from(hex, "hex")));
}

/** RFC 6962 §2.1 written as recursively as the RFC states it, to cross-check the incremental builder. */
function referenceRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return createHash("sha256").digest();
  const only = leaves[0];
  if (leaves.length === 1 && only) return only;
  let split = 1;
  while (split * 2 < leaves.length) split *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, split)), referenceRoot(leaves.slice(split)));
}

void describe("merkle", () => {
  void it("hashes the empty tree to SHA-256 of the empty string", () => {
    assert.equal(toHex(emptyRoot()), ROOTS[0]);
    assert.equal(toHex(rootHash([])), ROOTS[0]);
  });

  void it("prefixes leaves with 0x00 and nodes with 0x01", () => {
    assert.equal(toHex(leafHash(new Uint8Array())), ROOTS[1]);
    const [a, b] = leafHashes(2);
    assert.ok(a && b);
    assert.equal(toHex(nodeHash(a, b)), ROOTS[2]);
    assert.notEqual(toHex(nodeHash(b, a)), ROOTS[2]);
  });

  void it("matches the published roots of the test tree at every size", () => {
    for (let size = 0; size <= LEAVES.length; size++) {
      assert.equal(toHex(rootHash(leafHashes(size))), ROOTS[size], `root at size ${size}`);
    }
  });

  void it("reports the root at any size while leaves are pushed", () => {
    const builder = new MerkleBuilder();
    assert.equal(toHex(builder.root()), ROOTS[0]);
    for (const [index, leaf] of leafHashes(LEAVES.length).entries()) {
      builder.push(leaf);
      assert.equal(builder.size, index + 1);
      assert.equal(toHex(builder.root()), ROOTS[index + 1], `root at size ${index + 1}`);
    }
  });

  void it("agrees with the recursive definition on uneven sizes", () => {
    const leaves = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
    const builder = new MerkleBuilder();
    for (const [index, leaf] of leaves.entries()) {
      builder.push(leaf);
      assert.equal(toHex(builder.root()), toHex(referenceRoot(leaves.slice(0, index + 1))), `size ${index + 1}`);
    }
  });

  void it("resumes from a saved frontier and rejects one that cannot fit the size", () => {
    const leaves = Array.from({ length: 23 }, (_, i) => leafHash(Buffer.from([i])));
    const first = new MerkleBuilder();
    for (const leaf of leaves.slice(0, 13)) first.push(leaf);
    const resumed = MerkleBuilder.restore(13, first.frontier());
    assert.ok(resumed);
    for (const leaf of leaves.slice(13)) resumed.push(leaf);
    assert.equal(toHex(resumed.root()), toHex(referenceRoot(leaves)));
    assert.equal(MerkleBuilder.restore(12, first.frontier()), undefined);
    assert.equal(MerkleBuilder.restore(13, first.frontier().slice(1)), undefined);
  });

  void it("keeps a clone independent of the original", () => {
    const builder = new MerkleBuilder();
    for (const leaf of leafHashes(3)) builder.push(leaf);
    const copy = builder.clone();
    copy.push(leafHashes(4)[3] ?? new Uint8Array());
    assert.equal(toHex(builder.root()), ROOTS[3]);
    assert.equal(toHex(copy.root()), ROOTS[4]);
  });
});
