// The C2SP tlog-tiles layout (c2sp.org/tlog-tiles): the Merkle tree cut into tiles of 256 hashes.
// A level-0 tile holds 256 leaf hashes; each hash of a level-l tile (l ≥ 1) is the root of one full
// tile at level l-1, i.e. of a perfect subtree of 256^l leaves. The right edge of a tree of size s is
// made of partial tiles, `floor(s / 256^l) mod 256` hashes wide at level l. Entries are served in
// bundles aligned with the level-0 tiles, each entry prefixed with its big-endian uint16 length.
import { HASH_SIZE, MerkleBuilder, emptyRoot, nodeHash } from "./merkle.js";

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 2 ** TILE_HEIGHT;
/** The spec allows levels 0–63; a tree that fits in a safe integer needs at most 7. */
const MAX_LEVEL = 63;
const MAX_ENTRY = 0xffff;

export type TileLevel = number | "entries";

/** Index N as the spec's path elements: zero-padded groups of three digits, all but the last prefixed with x. */
export function encodeTileIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`tile index ${index} is not a non-negative integer`);
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, "0"));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join("/");
}

/** `tile/<L>/<N>[.p/<W>]`, or `tile/entries/<N>[.p/<W>]` for an entry bundle; relative, with "/" separators. */
export function tilePath(level: TileLevel, index: number, width: number = TILE_WIDTH): string {
  if (level !== "entries" && (!Number.isInteger(level) || level < 0 || level > MAX_LEVEL)) {
    throw new RangeError(`tile level ${level} is not between 0 and ${MAX_LEVEL}`);
  }
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) throw new RangeError(`tile width ${width} is not between 1 and 256`);
  const partial = width < TILE_WIDTH ? `.p/${width}` : "";
  return `tile/${level}/${encodeTileIndex(index)}${partial}`;
}

/** Leaves under one hash of a level-l tile: 256^l. */
export function leavesPerHash(level: number): number {
  return TILE_WIDTH ** level;
}

/** How many hashes level `level` holds for a tree of `size` leaves (full tiles and the partial one). */
export function hashesAtLevel(level: number, size: number): number {
  return Math.floor(size / leavesPerHash(level));
}

/** Tiles at a level (the last may be partial). */
export function tilesAtLevel(level: number, size: number): number {
  return Math.ceil(hashesAtLevel(level, size) / TILE_WIDTH);
}

/** The width of tile `index` at `level` in a tree of `size`: 256 when full, less when partial, 0 when absent. */
export function tileWidth(level: number, index: number, size: number): number {
  const hashes = hashesAtLevel(level, size);
  return Math.max(0, Math.min(TILE_WIDTH, hashes - index * TILE_WIDTH));
}

/** Levels that hold at least one hash for a tree of `size` (0 for the empty tree). */
export function levelCount(size: number): number {
  let levels = 0;
  while (hashesAtLevel(levels, size) > 0) levels++;
  return levels;
}

/** The root of a full tile: the 256 hashes are the leaves of a perfect subtree of height 8. */
export function tileRoot(hashes: readonly Uint8Array[]): Uint8Array {
  let row = [...hashes];
  while (row.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < row.length; i += 2) next.push(nodeHash(row[i] as Uint8Array, row[i + 1] as Uint8Array));
    row = next;
  }
  return row[0] ?? emptyRoot();
}

export function concatHashes(hashes: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(hashes);
}

/** A tile file's hashes, or undefined when its length is not `width` hashes. */
export function splitTile(bytes: Uint8Array, width: number): Uint8Array[] | undefined {
  if (bytes.byteLength !== width * HASH_SIZE) return undefined;
  const hashes: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += HASH_SIZE) hashes.push(bytes.subarray(offset, offset + HASH_SIZE));
  return hashes;
}

export function encodeBundle(entries: readonly Uint8Array[]): Uint8Array {
  const total = entries.reduce((sum, entry) => sum + 2 + entry.byteLength, 0);
  const bundle = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const entry of entries) {
    if (entry.byteLength > MAX_ENTRY) throw new RangeError(`an entry of ${entry.byteLength} bytes does not fit an entry bundle`);
    bundle.writeUInt16BE(entry.byteLength, offset);
    bundle.set(entry, offset + 2);
    offset += 2 + entry.byteLength;
  }
  return bundle;
}

export type ParsedBundle = { ok: true; entries: Uint8Array[] } | { ok: false; entries: Uint8Array[]; problem: string };

/** Splits an entry bundle; on a cut-off length or body, returns the entries before it and what is wrong. */
export function parseBundle(bytes: Uint8Array): ParsedBundle {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < view.byteLength) {
    if (offset + 2 > view.byteLength) return { ok: false, entries, problem: `it ends inside the length of entry ${entries.length}` };
    const length = view.readUInt16BE(offset);
    if (offset + 2 + length > view.byteLength) {
      return { ok: false, entries, problem: `entry ${entries.length} announces ${length} bytes but only ${view.byteLength - offset - 2} follow` };
    }
    entries.push(view.subarray(offset + 2, offset + 2 + length));
    offset += 2 + length;
  }
  return { ok: true, entries };
}

/**
 * The tree root from the partial tiles alone: the hashes of the partial tile at level l are perfect
 * subtrees of 256^l leaves, and taken from the top level down they cover the tree from left to right.
 * `partials[l]` holds the partial tile of level l (empty when the level has none).
 */
export function rootFromPartialTiles(size: number, partials: readonly (readonly Uint8Array[])[]): Uint8Array | undefined {
  const frontier: Uint8Array[] = [];
  for (let level = partials.length - 1; level >= 0; level--) {
    const builder = new MerkleBuilder();
    for (const hash of partials[level] ?? []) builder.push(hash);
    frontier.push(...builder.frontier());
  }
  return MerkleBuilder.restore(size, frontier)?.root();
}
