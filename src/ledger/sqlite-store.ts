// The default ledger store: one SQLite file. WAL with synchronous=FULL makes every committed batch
// durable, and triggers make the tables append-only inside the database itself, so that even a
// program that bypasses Custody has to drop them first (which verification will then expose).
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { CustodyError, isCustodyError } from "../core/errors.js";
import { HASH_SIZE } from "./merkle.js";
import { LEDGER_FORMAT, NODES_SCHEMA_SQL, SCHEMA_SQL } from "./sqlite-schema.js";
import type {
  CheckpointRecord,
  LedgerMetaKey,
  LedgerStore,
  NewEntry,
  NodeRecord,
  ReadEntriesOptions,
  StoredEntry,
} from "./store.js";

export interface SqliteStoreOptions {
  /** Create the file and schema when missing (default true; ignored when readonly). */
  create?: boolean;
  /** Open read-only, as an auditor would (default false). */
  readonly?: boolean;
}

const DEFAULT_BATCH = 10_000;
const CHECKPOINT_PAGE = 1_000;

export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): LedgerStore {
  const readonly = options.readonly ?? false;
  const create = (options.create ?? true) && !readonly;
  if (!create && !existsSync(path)) {
    throw new CustodyError("file-unreadable", `cannot open ledger ${path}: the file does not exist`);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly, fileMustExist: !create });
  } catch (error) {
    throw toLedgerError(path, error);
  }
  try {
    db.pragma("busy_timeout = 5000");
    prepare(db, path, create, readonly);
  } catch (error) {
    db.close();
    throw toLedgerError(path, error);
  }
  return createStore(db, path);
}

function prepare(db: Database.Database, path: string, create: boolean, readonly: boolean): void {
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number };
  if (tables.n === 0 && !create) {
    throw new CustodyError("ledger-invalid", `${path} is an empty database, not a Custody ledger`);
  }
  if (!readonly) {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
  }
  if (tables.n === 0) {
    db.transaction(() => {
      db.exec(SCHEMA_SQL);
      db.exec(NODES_SCHEMA_SQL);
      db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('format', ?)").run(LEDGER_FORMAT);
    }).immediate();
  }
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  const format = hasMeta ? db.prepare("SELECT value FROM meta WHERE key = 'format'").get() : undefined;
  if (!isRecord(format) || format.value !== LEDGER_FORMAT) {
    throw new CustodyError(
      "ledger-invalid",
      `${path} is an SQLite database but not a Custody ledger (no "${LEDGER_FORMAT}" format marker); check the --ledger path`,
    );
  }
  // Ledgers written before interior nodes were kept get the table on their first writable open.
  if (!readonly && !hasTable(db, "nodes")) {
    db.transaction(() => {
      db.exec(NODES_SCHEMA_SQL);
    }).immediate();
  }
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function createStore(db: Database.Database, path: string): LedgerStore {
  // A read-only look at a ledger from before interior nodes has no table to read them from.
  const nodes = hasTable(db, "nodes")
    ? {
        insert: db.prepare("INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)"),
        read: db.prepare("SELECT idx, hash FROM nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx").raw(true),
      }
    : undefined;
  const statements = {
    next: db.prepare("SELECT coalesce(max(idx) + 1, 0) AS n FROM entries"),
    count: db.prepare("SELECT count(*) AS n FROM entries"),
    insertEntry: db.prepare("INSERT INTO entries (idx, entry, leaf_hash) VALUES (?, ?, ?)"),
    insertCheckpoint: db.prepare("INSERT INTO checkpoints (size, note, frontier) VALUES (?, ?, ?)"),
    // Rows as arrays: verification reads every entry, and per-row objects are measurable garbage.
    readEntries: db
      .prepare("SELECT idx, entry, leaf_hash FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx LIMIT ?")
      .raw(true),
    readLeafHashes: db.prepare("SELECT idx, leaf_hash FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx").raw(true),
    readCheckpoints: db.prepare(
      "SELECT id, size, note, frontier FROM checkpoints WHERE (size, id) > (?, ?) ORDER BY size, id LIMIT ?",
    ),
    latest: db.prepare("SELECT id, size, note, frontier FROM checkpoints ORDER BY size DESC, id DESC LIMIT 1"),
    getMeta: db.prepare("SELECT value FROM meta WHERE key = ?"),
    setMeta: db.prepare(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ),
  };
  const count = (statement: Database.Statement): number => Number((statement.get() as { n: unknown }).n);

  const appendTransaction = db.transaction(
    (
      firstIndex: number,
      entries: readonly NewEntry[],
      checkpoint: CheckpointRecord | undefined,
      completed: readonly NodeRecord[],
    ): number[] => {
      const next = count(statements.next);
      if (next !== firstIndex) {
        throw new CustodyError(
          "ledger-conflict",
          `ledger ${path} now holds ${next} entries, not ${firstIndex}: another writer appended first; retry`,
        );
      }
      const indexes = entries.map((item, offset) => {
        statements.insertEntry.run(firstIndex + offset, asBuffer(item.entry), asBuffer(item.leafHash));
        return firstIndex + offset;
      });
      if (checkpoint) insertCheckpoint(checkpoint);
      if (completed.length > 0) {
        if (!nodes) throw new CustodyError("ledger-invalid", `ledger ${path} has no table for interior nodes; open it writable once`);
        for (const node of completed) nodes.insert.run(node.level, node.index, asBuffer(node.hash));
      }
      return indexes;
    },
  );

  /** Stored hashes at one level from `from` on, stopping at the first index that is not stored. */
  function hashes(level: number, from: number, to: number): Uint8Array[] {
    if (![level, from, to].every((n) => Number.isSafeInteger(n) && n >= 0)) {
      throw new RangeError(`hashes(${level}, ${from}, ${to}): level and indexes must be non-negative integers`);
    }
    if (to <= from) return [];
    const rows: unknown[] = level === 0 ? statements.readLeafHashes.all(from, to) : (nodes?.read.all(level, from, to) ?? []);
    const found: Uint8Array[] = [];
    for (const row of rows) {
      const [index, hash] = Array.isArray(row) ? (row as unknown[]) : [];
      if (Number(index) !== from + found.length) break;
      found.push(asBytes(hash));
    }
    return found;
  }

  function insertCheckpoint(checkpoint: CheckpointRecord): void {
    const frontier = checkpoint.frontier ? Buffer.concat(checkpoint.frontier) : null;
    statements.insertCheckpoint.run(checkpoint.size, checkpoint.note, frontier);
  }

  function guarded<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(toLedgerError(path, error));
    }
  }

  async function* entries(options: ReadEntriesOptions = {}): AsyncGenerator<StoredEntry[]> {
    const to = options.to ?? Number.MAX_SAFE_INTEGER;
    const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
    let from = options.from ?? 0;
    while (from < to) {
      const rows = await guarded(() => statements.readEntries.all(from, to, batchSize));
      const batch = rows.map(toStoredEntry);
      const last = batch.at(-1);
      if (!last) return;
      yield batch;
      if (batch.length < batchSize) return;
      from = last.index + 1;
    }
  }

  async function* checkpoints(): AsyncGenerator<CheckpointRecord> {
    // The cursor keeps the raw column values so paging stays exact even if a size was tampered into text.
    let after: { size: unknown; id: unknown } = { size: -1, id: -1 };
    for (;;) {
      const cursor = after;
      const rows = await guarded(() => statements.readCheckpoints.all(cursor.size, cursor.id, CHECKPOINT_PAGE));
      for (const row of rows) {
        const fields = isRecord(row) ? row : {};
        after = { size: fields.size, id: fields.id };
        yield toCheckpoint(row);
      }
      if (rows.length < CHECKPOINT_PAGE) return;
    }
  }

  return {
    location: path,
    nextIndex: () => guarded(() => count(statements.next)),
    countEntries: () => guarded(() => count(statements.count)),
    append: (firstIndex, items, checkpoint, completed = []) =>
      guarded(() => appendTransaction.immediate(firstIndex, items, checkpoint, completed)),
    hashes: (level, from, to) => guarded(() => hashes(level, from, to)),
    entries,
    addCheckpoint: (checkpoint) => guarded(() => {
      insertCheckpoint(checkpoint);
    }),
    checkpoints,
    latestCheckpoint: () =>
      guarded(() => {
        const row: unknown = statements.latest.get();
        return row === undefined ? undefined : toCheckpoint(row);
      }),
    getMeta: (key: LedgerMetaKey) =>
      guarded(() => {
        const row: unknown = statements.getMeta.get(key);
        return isRecord(row) && typeof row.value === "string" ? row.value : undefined;
      }),
    setMeta: (key: LedgerMetaKey, value: string) => guarded(() => {
      statements.setMeta.run(key, value);
    }),
    close: () => guarded(() => {
      if (db.open) db.close();
    }),
  };
}

function toStoredEntry(row: unknown): StoredEntry {
  const fields: unknown[] = Array.isArray(row) ? (row as unknown[]) : [];
  const [index, entry, leafHash] = fields;
  return { index: Number(index), entry: asBytes(entry), leafHash: asBytes(leafHash) };
}

function toCheckpoint(row: unknown): CheckpointRecord {
  const fields = isRecord(row) ? row : {};
  const size = Number(fields.size);
  const note = typeof fields.note === "string" ? fields.note : Buffer.from(asBytes(fields.note)).toString("utf8");
  const frontier = splitFrontier(fields.frontier);
  return frontier ? { size, note, frontier } : { size, note };
}

function splitFrontier(value: unknown): Uint8Array[] | undefined {
  if (!Buffer.isBuffer(value) || value.byteLength % HASH_SIZE !== 0) return undefined;
  const hashes: Uint8Array[] = [];
  for (let offset = 0; offset < value.byteLength; offset += HASH_SIZE) {
    hashes.push(value.subarray(offset, offset + HASH_SIZE));
  }
  return hashes;
}

/** Whatever type a tampered column holds, hand the verifier the bytes it stores. */
function asBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return Buffer.from(value, "utf8");
  if (typeof value === "number" || typeof value === "bigint") return Buffer.from(String(value), "utf8");
  return new Uint8Array();
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function toLedgerError(path: string, error: unknown): Error {
  if (isCustodyError(error)) return error;
  if (error instanceof Database.SqliteError) {
    if (error.code === "SQLITE_NOTADB") {
      const message = `${path} is not a Custody ledger (not an SQLite database); check the --ledger path`;
      return new CustodyError("ledger-invalid", message, { cause: error });
    }
    if (error.code.startsWith("SQLITE_CORRUPT")) {
      const message =
        `ledger ${path} is corrupt (${error.message}); restore it from a backup, then run custody ledger verify`;
      return new CustodyError("ledger-invalid", message, { cause: error });
    }
    if (error.code.startsWith("SQLITE_CANTOPEN")) {
      return new CustodyError("file-unreadable", `cannot open ledger ${path}: ${error.message}`, { cause: error });
    }
    return new CustodyError("ledger-invalid", `ledger ${path}: ${error.message}`, { cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}
