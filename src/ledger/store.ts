// Where a ledger keeps its entries and checkpoints. The interface is asynchronous so that a networked
// database can sit behind it; the SQLite implementation simply answers at once. Stores are dumb on
// purpose: they persist and return bytes in order, and every integrity check lives in the ledger and
// the verifier, which trust nothing a store returns.

export interface NewEntry {
  /** The entry bytes (a canonical JSON event). */
  entry: Uint8Array;
  /** RFC 6962 leaf hash of `entry`, kept so that writers can resume without re-reading entries. */
  leafHash: Uint8Array;
}

export interface StoredEntry extends NewEntry {
  /** 0-based position in the log. */
  index: number;
}

export interface CheckpointRecord {
  /** The tree size the checkpoint claims, as recorded beside it (the signed note is authoritative). */
  size: number;
  /** The full signed note: checkpoint text, blank line, signature lines. */
  note: string;
  /** Merkle frontier at `size` (see MerkleBuilder.frontier), so a writer can resume in O(log n). */
  frontier?: Uint8Array[];
}

/**
 * The hash of an interior Merkle node the ledger chose to keep so that proofs need O(log n) reads:
 * the root of the perfect subtree of 2^level leaves that starts at leaf `index × 2^level`.
 */
export interface NodeRecord {
  /** Height above the leaves, ≥ 1 (level 0 hashes are the entries' leaf hashes). */
  level: number;
  index: number;
  hash: Uint8Array;
}

export interface ReadEntriesOptions {
  /** First index to return (default 0). */
  from?: number;
  /** Stop before this index (default: the end). */
  to?: number;
  /** Entries per yielded batch (default 10,000). */
  batchSize?: number;
}

export interface LedgerStore {
  /** Human-readable location for messages (a file path, a database name). */
  readonly location: string;
  /** The index the next entry will get: one past the highest stored index. */
  nextIndex(): Promise<number>;
  /** How many entry rows the store holds (differs from nextIndex only if rows were removed). */
  countEntries(): Promise<number>;
  /**
   * Appends `entries` at indexes firstIndex, firstIndex+1, … together with `checkpoint` and the
   * interior `nodes` the batch completed, all in one transaction. Throws CustodyError("ledger-conflict")
   * and changes nothing if the log is no longer `firstIndex` entries long (another writer got there first).
   */
  append(
    firstIndex: number,
    entries: readonly NewEntry[],
    checkpoint?: CheckpointRecord,
    nodes?: readonly NodeRecord[],
  ): Promise<number[]>;
  /**
   * Stored hashes at `level` for indexes from ≤ i < to, in index order (level 0: the entries' leaf
   * hashes). Stops at the first index it does not hold, so a short result means "not stored".
   */
  hashes(level: number, from: number, to: number): Promise<Uint8Array[]>;
  /** Entries in index order, in batches. */
  entries(options?: ReadEntriesOptions): AsyncIterable<StoredEntry[]>;
  addCheckpoint(checkpoint: CheckpointRecord): Promise<void>;
  /** Checkpoints by ascending recorded size, oldest first among equal sizes. */
  checkpoints(): AsyncIterable<CheckpointRecord>;
  /** The checkpoint with the largest recorded size (the newest among equals). */
  latestCheckpoint(): Promise<CheckpointRecord | undefined>;
  getMeta(key: LedgerMetaKey): Promise<string | undefined>;
  setMeta(key: LedgerMetaKey, value: string): Promise<void>;
  close(): Promise<void>;
}

export const LEDGER_META_KEYS = ["origin", "verifier-key"] as const;
export type LedgerMetaKey = (typeof LEDGER_META_KEYS)[number];
