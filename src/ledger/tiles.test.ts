import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { leafHash, rootHash } from "./merkle.js";
import { memoryTree } from "./proof.js";
import { TileHashes } from "./tile-proof.js";
import {
  TILE_WIDTH,
  encodeBundle,
  encodeTileIndex,
  levelCount,
  parseBundle,
  rootFromPartialTiles,
  tilePath,
  tileRoot,
  tileWidth,
  tilesAtLevel,
} from "./tiles.js";

const leaves = (count: number): Uint8Array[] =>
  Array.from({ length: count }, (_, i) => leafHash(createHash("sha256").update(`entry ${i}`).digest()));

/** Every tile of a tree as the spec defines it: tiles[level][index] = hashes. */
function tilesOf(hashes: readonly Uint8Array[]): Uint8Array[][][] {
  const levels: Uint8Array[][][] = [];
  let row = [...hashes];
  while (row.length > 0) {
    const tiles: Uint8Array[][] = [];
    for (let i = 0; i < row.length; i += TILE_WIDTH) tiles.push(row.slice(i, i + TILE_WIDTH));
    levels.push(tiles);
    row = tiles.filter((tile) => tile.length === TILE_WIDTH).map(tileRoot);
  }
  return levels;
}

void describe("C2SP tile paths", () => {
  void it("encodes indexes in groups of three digits, all but the last prefixed with x (c2sp.org/tlog-tiles)", () => {
    assert.equal(encodeTileIndex(1234067), "x001/x234/067");
    assert.equal(encodeTileIndex(0), "000");
    assert.equal(encodeTileIndex(999), "999");
    assert.equal(encodeTileIndex(1000), "x001/000");
    assert.equal(tilePath(0, 0), "tile/0/000");
    assert.equal(tilePath(2, 1234067, 17), "tile/2/x001/x234/067.p/17");
    // transparency-dev/tessera api/layout example: EntriesPath(1234067, 8).
    assert.equal(tilePath("entries", 1234067, 8), "tile/entries/x001/x234/067.p/8");
    assert.throws(() => tilePath(0, 1, 0), RangeError);
    assert.throws(() => tilePath(64, 1), RangeError);
    assert.throws(() => encodeTileIndex(-1), RangeError);
  });

  void it("counts the tiles of the spec's example tree of 70,000 entries", () => {
    const size = 70_000;
    assert.equal(levelCount(size), 3);
    assert.equal(tilesAtLevel(0, size), 274);
    assert.equal(tileWidth(0, 272, size), 256);
    assert.equal(tileWidth(0, 273, size), 112);
    assert.equal(tileWidth(1, 0, size), 256);
    assert.equal(tileWidth(1, 1, size), 17);
    assert.equal(tileWidth(2, 0, size), 1);
    assert.equal(tileWidth(0, 274, size), 0);
    // A tree of 256: one full level-0 tile and a level-1 tile of width 1.
    assert.equal(tileWidth(0, 0, 256), 256);
    assert.equal(tileWidth(1, 0, 256), 1);
    assert.equal(levelCount(0), 0);
  });
});

void describe("entry bundles", () => {
  void it("prefixes each entry with its big-endian uint16 length and splits them back", () => {
    const entries = [Buffer.from("a"), Buffer.alloc(0), Buffer.alloc(0xffff, 7)];
    const bundle = encodeBundle(entries);
    assert.deepEqual([...bundle.subarray(0, 4)], [0x00, 0x01, 0x61, 0x00]);
    const parsed = parseBundle(bundle);
    assert.equal(parsed.ok, true);
    assert.deepEqual(parsed.entries.map((e) => Buffer.from(e)), entries);
    assert.throws(() => encodeBundle([Buffer.alloc(0x10000)]), RangeError);
  });

  void it("reports a cut-off bundle with the entries before the cut", () => {
    const bundle = encodeBundle([Buffer.from("first"), Buffer.from("second")]);
    const cut = parseBundle(bundle.subarray(0, bundle.byteLength - 2));
    assert.equal(cut.ok, false);
    assert.equal(cut.entries.length, 1);
    assert.match(cut.problem, /entry 1 announces 6 bytes but only 4 follow/);
  });
});

void describe("hashes from tiles", () => {
  for (const size of [1, 255, 256, 257, 70_000]) {
    void it(`folds the partial tiles of a tree of ${size} to its RFC 6962 root`, () => {
      const hashes = leaves(size);
      const partials = tilesOf(hashes).map((tiles) => {
        const last = tiles.at(-1) ?? [];
        return last.length < TILE_WIDTH ? last : [];
      });
      assert.deepEqual(rootFromPartialTiles(size, partials), rootHash(hashes));
    });
  }

  void it("computes old roots and consistency proofs from tiles that match an in-memory tree", async () => {
    const size = 70_000;
    const hashes = leaves(size);
    const tiles = tilesOf(hashes);
    const reads: string[] = [];
    const fromTiles = new TileHashes(size, (level, index, width) => {
      reads.push(tilePath(level, index, width));
      const tile = tiles[level]?.[index];
      return Promise.resolve(tile?.length === width ? tile : undefined);
    });
    const memory = memoryTree(hashes);
    for (const old of [1, 2, 3, 255, 256, 257, 4_096, 65_535, 65_536, 65_537, 69_999, 70_000]) {
      assert.deepEqual(await fromTiles.root(old), memory.root(old), `root at ${old}`);
      assert.deepEqual(await fromTiles.consistencyProof(old), memory.consistency(old, size), `proof from ${old}`);
    }
    // O(log n) tiles, not the whole tree.
    assert.ok(new Set(reads).size < 40, `read ${new Set(reads).size} tiles`);
  });

  void it("answers undefined when a tile the proof needs is missing", async () => {
    const tiles = tilesOf(leaves(1_000));
    const holes = new TileHashes(1_000, (level, index, width) => {
      const tile = level === 0 && index === 1 ? undefined : tiles[level]?.[index];
      return Promise.resolve(tile?.length === width ? tile : undefined);
    });
    // Leaves 256..511 are only in the missing tile; larger subtrees come from the level-1 tile.
    assert.equal(await holes.consistencyProof(300), undefined);
    assert.equal(await holes.root(300), undefined);
    assert.ok(await holes.consistencyProof(999));
  });
});
