// Merkle tree hashes read from C2SP tiles: a perfect subtree of 2^h leaves is a slice of one tile at
// level floor(h / 8), hashed up to its root. With that, a verifier holding only an export can compute
// the root at an older size and a consistency proof to it (the ranges come from proof.ts).
import { emptyRoot } from "./merkle.js";
import { consistencyRanges, foldSubtrees, perfectSubtrees, proofFromRanges, subtreeKey, subtreesOf } from "./proof.js";
import type { SubtreeId } from "./proof.js";
import { TILE_HEIGHT, TILE_WIDTH, tileRoot, tileWidth } from "./tiles.js";

/** Reads the hashes of tile `index` at `level`, `width` wide; undefined when it is missing or malformed. */
export type ReadTile = (level: number, index: number, width: number) => Promise<Uint8Array[] | undefined>;

export class TileHashes {
  readonly #size: number;
  readonly #read: ReadTile;
  /** A proof touches O(log n) tiles, several more than once. */
  readonly #cache = new Map<string, Promise<Uint8Array[] | undefined>>();

  constructor(size: number, read: ReadTile) {
    this.#size = size;
    this.#read = read;
  }

  /** Root of the perfect subtree of 2^level leaves starting at leaf index × 2^level; undefined past the tree or when a tile is missing. */
  async subtree({ level, index }: SubtreeId): Promise<Uint8Array | undefined> {
    const span = 2 ** (level % TILE_HEIGHT);
    const first = index * span;
    const hashes = await this.#tile(Math.floor(level / TILE_HEIGHT), Math.floor(first / TILE_WIDTH));
    const offset = first % TILE_WIDTH;
    const slice = hashes?.slice(offset, offset + span);
    return slice?.length === span ? tileRoot(slice) : undefined;
  }

  /** The root of the tree's first `size` leaves. */
  async root(size: number): Promise<Uint8Array | undefined> {
    if (size === 0) return emptyRoot();
    if (size > this.#size) return undefined;
    const parts = await this.#subtrees(perfectSubtrees({ start: 0, end: size }));
    return parts ? foldSubtrees(parts) : undefined;
  }

  /** The consistency proof from `oldSize` to the tree's size (RFC 9162 §2.1.4.1); undefined when a tile it needs is missing. */
  async consistencyProof(oldSize: number): Promise<Uint8Array[] | undefined> {
    if (oldSize <= 0 || oldSize > this.#size) return undefined;
    const ranges = consistencyRanges(oldSize, this.#size);
    const needed = subtreesOf(ranges);
    const hashes = await this.#subtrees(needed);
    if (!hashes) return undefined;
    const byKey = new Map(needed.map((id, i) => [subtreeKey(id), hashes[i] as Uint8Array]));
    return proofFromRanges(ranges, (id) => {
      const hash = byKey.get(subtreeKey(id));
      if (!hash) throw new RangeError(`subtree ${subtreeKey(id)} was not read`);
      return hash;
    });
  }

  async #subtrees(ids: readonly SubtreeId[]): Promise<Uint8Array[] | undefined> {
    const hashes = await Promise.all(ids.map((id) => this.subtree(id)));
    return hashes.every((hash): hash is Uint8Array => hash !== undefined) ? hashes : undefined;
  }

  #tile(level: number, index: number): Promise<Uint8Array[] | undefined> {
    const key = `${level}/${index}`;
    let tile = this.#cache.get(key);
    if (!tile) {
      const width = tileWidth(level, index, this.#size);
      tile = width === 0 ? Promise.resolve(undefined) : this.#read(level, index, width);
      this.#cache.set(key, tile);
    }
    return tile;
  }
}
