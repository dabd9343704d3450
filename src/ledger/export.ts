// Writes a ledger as a static C2SP tlog-tiles directory: `checkpoint`, `tile/<L>/<N>[.p/<W>]` and
// `tile/entries/<N>[.p/<W>]`. Entries are streamed once; hashes are recomputed from the entry bytes (the
// store's own hashes are never used) and only the tile being filled at each level is held in memory.
// The export is built in a sibling directory and renamed into place only once its root matched the
// latest signed checkpoint, so a failed export never leaves a half-written or unverified directory.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, rmdir, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CustodyError, isCustodyError } from "../core/errors.js";
import { bytesEqual, encodeBase64 } from "./bytes.js";
import { parseCheckpoint } from "./checkpoint.js";
import type { Checkpoint } from "./checkpoint.js";
import { MAX_ENTRY_BYTES } from "./events.js";
import { leafHash } from "./merkle.js";
import { parseVerifierKey } from "./note-keys.js";
import type { NoteVerifier } from "./note-keys.js";
import { openNote } from "./note.js";
import type { LedgerStore } from "./store.js";
import { TILE_WIDTH, concatHashes, encodeBundle, rootFromPartialTiles, tilePath, tileRoot } from "./tiles.js";

const MAX_WRITES_IN_FLIGHT = 128;
const MAX_BYTES_IN_FLIGHT = 32 * 1024 * 1024;

export interface ExportOptions {
  /** The log's verifier key; default: the one the store recorded when it was created. */
  verifierKey?: string | NoteVerifier;
  /** Entries read per batch (default 10,000). */
  batchSize?: number;
}

export interface ExportResult {
  directory: string;
  /** Tree size of the exported checkpoint. */
  size: number;
  /** Base64 root hash of the exported checkpoint. */
  rootHash: string;
  /** Hash tiles written, full and partial. */
  tiles: number;
  /** Entry bundles written, full and partial. */
  bundles: number;
}

/** Exports the tree of the latest signed checkpoint; throws CustodyError when the log does not match it. */
export async function exportLedger(store: LedgerStore, directory: string, options: ExportOptions = {}): Promise<ExportResult> {
  const { checkpoint, note } = await signedHead(store, options.verifierKey);
  await assertUsableTarget(directory);
  const staging = join(dirname(directory), `.${basename(directory)}.partial-${randomBytes(6).toString("hex")}`);
  await mkdir(staging, { recursive: true });
  try {
    const writer = new TileWriter(staging);
    let next = 0;
    for await (const batch of store.entries({ to: checkpoint.size, batchSize: options.batchSize ?? 10_000 })) {
      for (const item of batch) {
        if (item.index !== next) throw refuse(store, `entry ${next} is missing`);
        if (item.entry.byteLength > MAX_ENTRY_BYTES) {
          throw refuse(store, `entry ${item.index} is ${item.entry.byteLength} bytes, more than the ${MAX_ENTRY_BYTES} an entry bundle can hold`);
        }
        writer.push(item.entry, leafHash(item.entry));
        next++;
        if (writer.backlogged) await writer.drain();
      }
      await writer.drain();
    }
    if (next < checkpoint.size) throw refuse(store, `it holds ${next} entries but its latest checkpoint signs ${checkpoint.size}`);
    const partials = await writer.finish();
    const root = rootFromPartialTiles(checkpoint.size, partials);
    if (!root || !bytesEqual(root, checkpoint.rootHash)) {
      throw refuse(store, `its entries do not hash to the root of its latest signed checkpoint (size ${checkpoint.size})`);
    }
    await writeFile(join(staging, "checkpoint"), note);
    await moveIntoPlace(staging, directory);
    return { directory, size: checkpoint.size, rootHash: encodeBase64(checkpoint.rootHash), tiles: writer.tiles, bundles: writer.bundles };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (isCustodyError(error)) throw error;
    throw new CustodyError("export-invalid", `cannot write the export to ${directory}: ${describe(error)}`, { cause: error });
  }
}

async function signedHead(store: LedgerStore, key: ExportOptions["verifierKey"]): Promise<{ checkpoint: Checkpoint; note: string }> {
  const latest = await store.latestCheckpoint();
  if (!latest) throw new CustodyError("ledger-invalid", `ledger ${store.location} has no signed checkpoint yet: there is nothing to export`);
  const stored = key ?? (await store.getMeta("verifier-key"));
  if (stored === undefined) {
    throw new CustodyError("ledger-key-missing", `ledger ${store.location} does not record its verifier key; pass the log's public key`);
  }
  const verifier = typeof stored === "string" ? parseVerifierKey(stored) : stored;
  const opened = openNote(latest.note, [verifier]);
  if (!opened.ok) throw refuse(store, `its latest checkpoint does not verify (${opened.message})`);
  const checkpoint = parseCheckpoint(opened.text);
  const origin = await store.getMeta("origin");
  if (origin !== undefined && checkpoint.origin !== origin) {
    throw refuse(store, `its latest checkpoint is for origin "${checkpoint.origin}", not "${origin}"`);
  }
  return { checkpoint, note: latest.note };
}

/** Fills one tile per level and one entry bundle, writing each as soon as it is full. */
class TileWriter {
  readonly #root: string;
  readonly #pending: Uint8Array[][] = [];
  readonly #written: number[] = [];
  #bundle: Uint8Array[] = [];
  #bundlesWritten = 0;
  readonly #directories = new Map<string, Promise<unknown>>();
  /** Files being written; drained after every batch and whenever they hold too many bytes. */
  #writes: Promise<void>[] = [];
  #writeBytes = 0;
  tiles = 0;
  bundles = 0;

  constructor(root: string) {
    this.#root = root;
  }

  push(entry: Uint8Array, leaf: Uint8Array): void {
    this.#bundle.push(entry);
    if (this.#bundle.length === TILE_WIDTH) {
      this.#write(tilePath("entries", this.#bundlesWritten++), encodeBundle(this.#bundle));
      this.bundles++;
      this.#bundle = [];
    }
    this.#pushHash(0, leaf);
  }

  /** Too many files or bytes are in flight: drain before going on, so memory and open files stay bounded. */
  get backlogged(): boolean {
    return this.#writes.length >= MAX_WRITES_IN_FLIGHT || this.#writeBytes >= MAX_BYTES_IN_FLIGHT;
  }

  /** Waits for the files written so far. */
  async drain(): Promise<void> {
    const writes = this.#writes;
    this.#writes = [];
    this.#writeBytes = 0;
    await Promise.all(writes);
  }

  /** Writes the partial tiles and bundle of the right edge; returns each level's partial tile hashes. */
  async finish(): Promise<Uint8Array[][]> {
    if (this.#bundle.length > 0) {
      this.#write(tilePath("entries", this.#bundlesWritten, this.#bundle.length), encodeBundle(this.#bundle));
      this.bundles++;
    }
    for (const [level, hashes] of this.#pending.entries()) {
      if (hashes.length === 0) continue;
      this.#write(tilePath(level, this.#written[level] ?? 0, hashes.length), concatHashes(hashes));
      this.tiles++;
    }
    await this.drain();
    return this.#pending.map((hashes) => [...hashes]);
  }

  #pushHash(level: number, hash: Uint8Array): void {
    const pending = (this.#pending[level] ??= []);
    pending.push(hash);
    if (pending.length < TILE_WIDTH) return;
    const index = this.#written[level] ?? 0;
    this.#write(tilePath(level, index), concatHashes(pending));
    this.tiles++;
    this.#written[level] = index + 1;
    this.#pending[level] = [];
    this.#pushHash(level + 1, tileRoot(pending));
  }

  #write(relative: string, bytes: Uint8Array): void {
    const path = join(this.#root, ...relative.split("/"));
    const parent = dirname(path);
    let made = this.#directories.get(parent);
    if (!made) {
      made = mkdir(parent, { recursive: true });
      this.#directories.set(parent, made);
    }
    const written = made.then(() => writeFile(path, bytes));
    // Rejections surface in drain(); this only keeps an early one from being reported as unhandled.
    written.catch(() => undefined);
    this.#writes.push(written);
    this.#writeBytes += bytes.byteLength;
  }
}

async function assertUsableTarget(directory: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT") return;
    if (code === "ENOTDIR") throw new CustodyError("export-invalid", `${directory} exists and is not a directory; export into a new directory`);
    throw new CustodyError("export-invalid", `cannot use ${directory} for the export: ${describe(error)}`, { cause: error });
  }
  if (names.length > 0) {
    throw new CustodyError(
      "export-invalid",
      `${directory} already exists and is not empty; export into a new directory (an export is never merged into another)`,
    );
  }
}

async function moveIntoPlace(staging: string, directory: string): Promise<void> {
  // An empty target directory is replaced; anything else was refused before the export began.
  await rmdir(directory).catch((error: unknown) => {
    if (errorCode(error) !== "ENOENT") throw error;
  });
  await rename(staging, directory);
}

function refuse(store: LedgerStore, why: string): CustodyError {
  return new CustodyError("ledger-invalid", `refusing to export ledger ${store.location}: ${why}; run custody ledger verify`);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
