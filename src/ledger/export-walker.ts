// The walk over a C2SP tiles export that verifyExport makes: bundles and level-0 tiles from left to
// right, with one tile per level held to check the level above against the roots of the full tiles below.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CustodyError, isCustodyError } from "../core/errors.js";
import { bytesEqual } from "./bytes.js";
import { decodeEvent } from "./events.js";
import { leafHash } from "./merkle.js";
import { TILE_WIDTH, levelCount, parseBundle, splitTile, tilePath, tileRoot, tileWidth, tilesAtLevel } from "./tiles.js";
import { describeRange } from "./verify-report.js";
import type { ProblemList } from "./verify-report.js";

/** Reads files of the export by their tile path; a missing file is undefined, any other failure is fatal. */
export class ExportFiles {
  readonly #directory: string;

  constructor(directory: string) {
    this.#directory = directory;
  }

  async read(relative: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(join(this.#directory, ...relative.split("/")));
    } catch (error) {
      const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
      if (code === "ENOENT" || code === "ENOTDIR") return undefined;
      throw new CustodyError("export-invalid", `cannot read ${relative} of the export ${this.#directory}: ${String(error)}`, { cause: error });
    }
  }

  async assertDirectory(): Promise<void> {
    try {
      await readFile(this.#directory);
    } catch (error) {
      const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
      if (code === "EISDIR") return;
      throw new CustodyError("export-invalid", `${this.#directory} is not an export directory; pass the directory ledger export wrote`, { cause: error });
    }
    throw new CustodyError("export-invalid", `${this.#directory} is a file, not an export directory; pass the directory ledger export wrote`);
  }
}

/** One pass over bundles and level-0 tiles, feeding the roots of full tiles to the level above. */
export class TreeWalker {
  readonly #files: ExportFiles;
  readonly #size: number;
  readonly #problems: ProblemList;
  /** Per level ≥ 1, the tile being checked: its hashes as stored, and those computed from the level below. */
  readonly #levels: LevelState[] = [];
  readonly #partials: Uint8Array[][] = [];

  constructor(files: ExportFiles, size: number, problems: ProblemList) {
    this.#files = files;
    this.#size = size;
    this.#problems = problems;
  }

  /** Returns how many entries the bundles held. */
  async walk(): Promise<number> {
    let entries = 0;
    const tiles = tilesAtLevel(0, this.#size);
    for (let index = 0; index < tiles; index++) {
      const width = tileWidth(0, index, this.#size);
      const leaves = await this.#bundle(index, width);
      entries += leaves.filter((leaf) => leaf !== undefined).length;
      const stored = await this.#tile(0, index, width);
      if (stored) this.#compareLeaves(index, width, leaves, stored);
      // Upper levels are checked against the tiles as stored, so that each level answers for itself.
      const hashes = stored ?? (leaves.every((leaf) => leaf !== undefined) ? leaves : undefined);
      if (width < TILE_WIDTH) this.#partials[0] = hashes ?? [];
      else await this.#push(1, hashes ? tileRoot(hashes) : undefined);
    }
    // forEach skips level 0, which this array never holds.
    this.#levels.forEach((state, level) => {
      if (state.width < TILE_WIDTH) this.#partials[level] = state.stored ?? (state.complete ? state.computed : []);
    });
    return entries;
  }

  partials(): Uint8Array[][] {
    return Array.from({ length: levelCount(this.#size) }, (_, level) => this.#partials[level] ?? []);
  }

  /** The leaf hash of each entry of bundle `index` (undefined where the bundle holds no entry). */
  async #bundle(index: number, width: number): Promise<(Uint8Array | undefined)[]> {
    const path = tilePath("entries", index, width);
    const first = index * TILE_WIDTH;
    const leaves: (Uint8Array | undefined)[] = Array.from({ length: width }, () => undefined);
    const bytes = await this.#files.read(path);
    if (bytes === undefined) {
      this.#missing(path, { first, last: first + width - 1 }, "entries");
      return leaves;
    }
    const parsed = parseBundle(bytes);
    if (!parsed.ok) this.#problems.add({ kind: "tile-invalid", tile: path, index: first + parsed.entries.length, message: `${path} is malformed: ${parsed.problem}` });
    if (parsed.ok && parsed.entries.length < width) {
      const range = { first: first + parsed.entries.length, last: first + width - 1 };
      this.#problems.add({ kind: "truncated", tile: path, range, message: `${path} holds ${parsed.entries.length} entries, the checkpoint needs ${width}: ${describeRange(range)} missing` });
    }
    if (parsed.entries.length > width) {
      this.#problems.add({ kind: "tile-invalid", tile: path, message: `${path} holds ${parsed.entries.length} entries, more than its width of ${width}` });
    }
    parsed.entries.slice(0, width).forEach((entry, offset) => {
      leaves[offset] = leafHash(entry);
      checkEvent(entry, first + offset, path, this.#problems);
    });
    return leaves;
  }

  #compareLeaves(index: number, width: number, leaves: readonly (Uint8Array | undefined)[], stored: readonly Uint8Array[]): void {
    const tile = tilePath(0, index, width);
    const bundle = tilePath("entries", index, width);
    leaves.forEach((leaf, offset) => {
      const expected = stored[offset];
      if (!leaf || !expected || bytesEqual(leaf, expected)) return;
      const entry = index * TILE_WIDTH + offset;
      this.#problems.add({
        kind: "leaf-hash-mismatch",
        index: entry,
        tile: bundle,
        message: `entry ${entry} (${bundle}, position ${offset}) does not hash to ${tile} hash ${offset}: its bytes were changed or moved`,
      });
    });
  }

  /** Checks one hash at `level` (the root of a full tile below, undefined when unknown) against the tile that should hold it. */
  async #push(level: number, hash: Uint8Array | undefined): Promise<void> {
    let state = this.#levels[level];
    if (!state || state.computed.length === state.width) {
      const index = state ? state.index + 1 : 0;
      const width = tileWidth(level, index, this.#size);
      state = { index, width, stored: await this.#tile(level, index, width), computed: [], complete: true };
      this.#levels[level] = state;
    }
    const offset = state.computed.length;
    const stored = state.stored?.[offset];
    const known = hash ?? stored;
    if (known) state.computed.push(known);
    else {
      state.computed.push(new Uint8Array(0));
      state.complete = false;
    }
    if (hash && stored && !bytesEqual(hash, stored)) {
      const tile = tilePath(level, state.index, state.width);
      const position = state.index * TILE_WIDTH + offset;
      const span = TILE_WIDTH ** level;
      this.#problems.add({
        kind: "tile-mismatch",
        tile,
        range: { first: position * span, last: (position + 1) * span - 1 },
        message: `${tile} hash ${offset} is not the root of ${tilePath(level - 1, position)}: one of the two tiles was changed`,
      });
    }
    if (state.computed.length === TILE_WIDTH) {
      const hashes = state.stored ?? (state.complete ? state.computed : undefined);
      await this.#push(level + 1, hashes ? tileRoot(hashes) : undefined);
    }
  }

  async #tile(level: number, index: number, width: number): Promise<Uint8Array[] | undefined> {
    const path = tilePath(level, index, width);
    const bytes = await this.#files.read(path);
    const first = index * TILE_WIDTH * TILE_WIDTH ** level;
    const range = { first, last: Math.min(this.#size, first + width * TILE_WIDTH ** level) - 1 };
    if (bytes === undefined) {
      this.#missing(path, range, "hashes");
      return undefined;
    }
    const hashes = splitTile(bytes, width);
    if (!hashes) {
      const kind = bytes.byteLength < width * 32 ? "truncated" : "tile-invalid";
      this.#problems.add({ kind, tile: path, range, message: `${path} is ${bytes.byteLength} bytes, not the ${width * 32} of ${width} hashes` });
    }
    return hashes;
  }

  #missing(path: string, range: { first: number; last: number }, what: string): void {
    this.#problems.add({ kind: "truncated", tile: path, range, message: `${path} is missing: the ${what} of ${describeRange(range)} are not in the export` });
  }
}

interface LevelState {
  index: number;
  width: number;
  stored: Uint8Array[] | undefined;
  computed: Uint8Array[];
  /** False once a hash could be learnt neither from below nor from the stored tile. */
  complete: boolean;
}

function checkEvent(entry: Uint8Array, index: number, path: string, problems: ProblemList): void {
  try {
    decodeEvent(entry);
  } catch (error) {
    if (!isCustodyError(error)) throw error;
    problems.add({ kind: "entry-invalid", index, tile: path, message: `entry ${index} (${path}): ${error.message}` });
  }
}
