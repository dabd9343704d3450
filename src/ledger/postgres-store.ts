// The ledger store for a shared server: PostgreSQL through node-postgres. Each append is one
// transaction committed with synchronous_commit on, so an acknowledged batch survives a crash of
// this process or of the server. Appenders serialise on an advisory lock for the schema, and the
// entries' primary key backs that up for any writer that does not take the lock.
import pg from "pg";
import { CustodyError } from "../core/errors.js";
import { HASH_SIZE } from "./merkle.js";
import { LOCK_CLASS, advisoryLockKey, transaction } from "./postgres-db.js";
import { inspectLedgerSchema, ledgerTables, prepareLedgerSchema } from "./postgres-schema.js";
import { toPostgresLedgerError } from "./postgres-errors.js";
import { parseLedgerUrl } from "./postgres-url.js";
import type {
  CheckpointRecord,
  LedgerMetaKey,
  LedgerStore,
  NewEntry,
  NodeRecord,
  ReadEntriesOptions,
  StoredEntry,
} from "./store.js";

export interface PostgresStoreOptions {
  /** `postgres://user[:password]@host[:port]/database[?schema=name]`. */
  url: string;
  /** Schema holding the ledger (default: the URL's `schema` parameter, else `custody`). */
  schema?: string;
  /** Create the schema and tables when missing (default true; ignored when readonly). */
  create?: boolean;
  /** Open read-only, as an auditor would (default false). */
  readonly?: boolean;
}

const DEFAULT_BATCH = 10_000;
const CHECKPOINT_PAGE = 1_000;
const HASH_PAGE = 10_000;
type Queryable = pg.Pool | pg.PoolClient;

export async function openPostgresStore(options: PostgresStoreOptions): Promise<LedgerStore> {
  const { connectionString, schema, location } = parseLedgerUrl(options.url, options.schema);
  const readonly = options.readonly ?? false;
  const create = (options.create ?? true) && !readonly;
  const pool = new pg.Pool({
    connectionString: readonly ? readOnlySessions(connectionString) : connectionString,
    max: 4,
    connectionTimeoutMillis: 10_000,
    application_name: "custody",
  });
  // An idle connection the server drops emits "error" on the pool; the pool discards it and the
  // next query opens a new one, so there is nothing to do but keep the process alive.
  pool.on("error", () => undefined);
  const lock = advisoryLockKey(schema);
  const tables = ledgerTables(schema);
  try {
    await prepareLedgerSchema(pool, { schema, location, lock, create });
  } catch (error) {
    await pool.end();
    throw toPostgresLedgerError(location, error);
  }
  return createStore(pool, location, tables, lock);
}

/** Whether the schema the URL names holds anything yet (a ledger, or other tables opening would refuse). */
export async function postgresLedgerExists(url: string, schemaOption?: string): Promise<boolean> {
  const { connectionString, schema, location } = parseLedgerUrl(url, schemaOption);
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000, application_name: "custody" });
  try {
    await client.connect();
    return (await inspectLedgerSchema(client, schema, ledgerTables(schema).meta)) !== "missing";
  } catch (error) {
    throw toPostgresLedgerError(location, error);
  } finally {
    await client.end();
  }
}

/** The server itself then refuses writes; set in the URL because its parameters override other settings. */
function readOnlySessions(connectionString: string): string {
  const url = new URL(connectionString);
  const given = url.searchParams.get("options");
  url.searchParams.set("options", `${given ?? ""} -c default_transaction_read_only=on`.trim());
  return url.toString();
}

function createStore(pool: pg.Pool, location: string, t: ReturnType<typeof ledgerTables>, lock: number): LedgerStore {
  const next = async (db: Queryable): Promise<number> =>
    Number((await db.query<{ n: string }>(`SELECT coalesce(max(idx) + 1, 0) AS n FROM ${t.entries}`)).rows[0]?.n);

  // Data-modifying CTEs always run to completion, so one statement writes all three tables.
  const appendSql = `
    WITH added_nodes AS (
      INSERT INTO ${t.nodes} (level, idx, hash) SELECT * FROM unnest($4::integer[], $5::bigint[], $6::bytea[])
    ), added_checkpoint AS (
      INSERT INTO ${t.checkpoints} (size, note, frontier) SELECT $7::bigint, $8::text, $9::bytea WHERE $7::bigint IS NOT NULL
    )
    INSERT INTO ${t.entries} (idx, entry, leaf_hash) SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::bytea[])`;

  async function insertCheckpoint(db: Queryable, checkpoint: CheckpointRecord): Promise<void> {
    const frontier = checkpoint.frontier ? Buffer.concat(checkpoint.frontier) : null;
    await db.query(`INSERT INTO ${t.checkpoints} (size, note, frontier) VALUES ($1, $2, $3)`, [
      checkpoint.size,
      checkpoint.note,
      frontier,
    ]);
  }

  async function append(
    firstIndex: number,
    items: readonly NewEntry[],
    checkpoint?: CheckpointRecord,
    nodes: readonly NodeRecord[] = [],
  ): Promise<number[]> {
    // Three round trips: open the transaction (commit made synchronous whatever the server's default,
    // the schema's writer lock taken, the log's end read), write everything in one statement, commit.
    const begin =
      `BEGIN; SET LOCAL synchronous_commit TO on; SELECT pg_advisory_xact_lock(${LOCK_CLASS}, ${lock}); ` +
      `SELECT coalesce(max(idx) + 1, 0) AS n FROM ${t.entries}`;
    return transaction(
      pool,
      async (client, began) => {
        const end = Number((began.at(-1)?.rows[0] as { n?: unknown } | undefined)?.n);
        if (end !== firstIndex) throw conflict(location, end, firstIndex);
        const indexes = items.map((_, offset) => firstIndex + offset);
        const frontier = checkpoint?.frontier ? Buffer.concat(checkpoint.frontier) : null;
        await client.query(appendSql, [
          indexes,
          items.map((item) => asBuffer(item.entry)),
          items.map((item) => asBuffer(item.leafHash)),
          nodes.map((node) => node.level),
          nodes.map((node) => node.index),
          nodes.map((node) => asBuffer(node.hash)),
          checkpoint?.size ?? null,
          checkpoint?.note ?? null,
          frontier,
        ]);
        return indexes;
      },
      begin,
    );
  }

  async function hashes(level: number, from: number, to: number): Promise<Uint8Array[]> {
    if (![level, from, to].every((n) => Number.isSafeInteger(n) && n >= 0)) {
      throw new RangeError(`hashes(${level}, ${from}, ${to}): level and indexes must be non-negative integers`);
    }
    const source =
      level === 0
        ? `SELECT idx, leaf_hash FROM ${t.entries} WHERE idx >= $1 AND idx < $2 ORDER BY idx`
        : `SELECT idx, hash FROM ${t.nodes} WHERE level = $3 AND idx >= $1 AND idx < $2 ORDER BY idx`;
    const found: Uint8Array[] = [];
    for (let start = from; start < to; ) {
      const stop = Math.min(to, start + HASH_PAGE);
      const values = level === 0 ? [start, stop] : [start, stop, level];
      const rows = await pool.query({ text: source, values, rowMode: "array" });
      for (const row of rows.rows as unknown[][]) {
        if (Number(row[0]) !== start) return found;
        found.push(asBytes(row[1]));
        start++;
      }
      if (start < stop) return found;
    }
    return found;
  }

  async function* entries(options: ReadEntriesOptions = {}): AsyncGenerator<StoredEntry[]> {
    const to = options.to ?? Number.MAX_SAFE_INTEGER;
    const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
    let from = options.from ?? 0;
    while (from < to) {
      const result = await guarded(() =>
        pool.query({
          text: `SELECT idx, entry, leaf_hash FROM ${t.entries} WHERE idx >= $1 AND idx < $2 ORDER BY idx LIMIT $3`,
          values: [from, to, batchSize],
          rowMode: "array",
        }),
      );
      const batch = (result.rows as unknown[][]).map(([index, entry, leafHash]) => ({
        index: Number(index),
        entry: asBytes(entry),
        leafHash: asBytes(leafHash),
      }));
      const last = batch.at(-1);
      if (!last) return;
      yield batch;
      if (batch.length < batchSize) return;
      from = last.index + 1;
    }
  }

  async function* checkpoints(): AsyncGenerator<CheckpointRecord> {
    let after: { size: string; id: string } = { size: "-1", id: "-1" };
    for (;;) {
      const cursor = after;
      const result = await guarded(() =>
        pool.query<CheckpointRow>(
          `SELECT id, size, note, frontier FROM ${t.checkpoints} WHERE (size, id) > ($1, $2) ORDER BY size, id LIMIT $3`,
          [cursor.size, cursor.id, CHECKPOINT_PAGE],
        ),
      );
      for (const row of result.rows) {
        after = { size: row.size, id: row.id };
        yield toCheckpoint(row);
      }
      if (result.rows.length < CHECKPOINT_PAGE) return;
    }
  }

  async function setMeta(key: LedgerMetaKey, value: string): Promise<void> {
    // Insert first, so that a writer role granted only INSERT can claim a fresh ledger; an actual
    // change of a stored value needs UPDATE, which only the owner has.
    const inserted = await pool.query(`INSERT INTO ${t.meta} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, value]);
    if (inserted.rowCount === 1) return;
    await pool.query(`UPDATE ${t.meta} SET value = $2 WHERE key = $1 AND value IS DISTINCT FROM $2`, [key, value]);
  }

  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toPostgresLedgerError(location, error);
    }
  }

  let closed = false;
  return {
    location,
    nextIndex: () => guarded(() => next(pool)),
    countEntries: () =>
      guarded(async () => Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${t.entries}`)).rows[0]?.n)),
    append: (firstIndex, items, checkpoint, nodes) => guarded(() => append(firstIndex, items, checkpoint, nodes)),
    hashes: (level, from, to) => guarded(() => hashes(level, from, to)),
    entries,
    addCheckpoint: (checkpoint) => guarded(() => insertCheckpoint(pool, checkpoint)),
    checkpoints,
    latestCheckpoint: () =>
      guarded(async () => {
        const result = await pool.query<CheckpointRow>(
          `SELECT id, size, note, frontier FROM ${t.checkpoints} ORDER BY size DESC, id DESC LIMIT 1`,
        );
        const row = result.rows[0];
        return row ? toCheckpoint(row) : undefined;
      }),
    getMeta: (key) =>
      guarded(async () => (await pool.query<{ value: string }>(`SELECT value FROM ${t.meta} WHERE key = $1`, [key])).rows[0]?.value),
    setMeta: (key, value) => guarded(() => setMeta(key, value)),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

interface CheckpointRow {
  id: string;
  size: string;
  note: string;
  frontier: Buffer | null;
}

function conflict(location: string, end: number, firstIndex: number): CustodyError {
  return new CustodyError(
    "ledger-conflict",
    `ledger ${location} now holds ${end} entries, not ${firstIndex}: another writer appended first; retry`,
  );
}

function toCheckpoint(row: CheckpointRow): CheckpointRecord {
  const size = Number(row.size);
  const frontier = splitFrontier(row.frontier);
  return frontier ? { size, note: row.note, frontier } : { size, note: row.note };
}

function splitFrontier(value: Buffer | null): Uint8Array[] | undefined {
  if (value === null || value.byteLength % HASH_SIZE !== 0) return undefined;
  const hashes: Uint8Array[] = [];
  for (let offset = 0; offset < value.byteLength; offset += HASH_SIZE) hashes.push(value.subarray(offset, offset + HASH_SIZE));
  return hashes;
}

function asBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  return typeof value === "string" ? Buffer.from(value, "utf8") : new Uint8Array();
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
