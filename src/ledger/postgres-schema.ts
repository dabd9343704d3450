// Schema of a PostgreSQL ledger, kept in a schema namespace of its own so that one database can hold
// several ledgers (and tests a fresh one each). Append-only is enforced twice: statement-level
// triggers refuse UPDATE, DELETE and TRUNCATE even for the table owner and superusers (who must
// disable them first, which verification then exposes), and the writer role is granted nothing but
// SELECT and INSERT, so a leaked writer password cannot rewrite history at all.
import type pg from "pg";
import { CustodyError } from "../core/errors.js";
import { LOCK_CLASS, transaction } from "./postgres-db.js";
import { checkSchemaName } from "./postgres-url.js";

/** Marker in `meta` that identifies the schema as a Custody ledger; bump on incompatible change. */
export const POSTGRES_LEDGER_FORMAT = "custody-ledger-postgres/1";

/** The tables that only ever grow. */
export const APPEND_ONLY_TABLES = ["entries", "checkpoints", "nodes"] as const;
export const LEDGER_TABLES = ["meta", ...APPEND_ONLY_TABLES] as const;
export type LedgerTable = (typeof LEDGER_TABLES)[number];

/** Fully qualified, quoted table names for `schema`. */
export function ledgerTables(schema: string): Record<LedgerTable, string> {
  const s = quoteIdent(checkSchemaName(schema));
  return { meta: `${s}.meta`, entries: `${s}.entries`, checkpoints: `${s}.checkpoints`, nodes: `${s}.nodes` };
}

/** DDL creating the whole ledger in `schema`; run it in one transaction. */
export function postgresSchemaSql(schema: string): string {
  const s = quoteIdent(checkSchemaName(schema));
  const t = ledgerTables(schema);
  const guards = APPEND_ONLY_TABLES.map(
    (table) =>
      `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${t[table]} ` +
      `FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_change();`,
  );
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE ${t.meta} (
  key   text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE ${t.entries} (
  idx       bigint PRIMARY KEY CHECK (idx >= 0),
  entry     bytea NOT NULL,
  leaf_hash bytea NOT NULL
);
CREATE TABLE ${t.checkpoints} (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  size     bigint NOT NULL,
  note     text NOT NULL,
  frontier bytea
);
CREATE INDEX checkpoints_by_size ON ${t.checkpoints} (size, id);
CREATE TABLE ${t.nodes} (
  level integer NOT NULL CHECK (level >= 1),
  idx   bigint NOT NULL CHECK (idx >= 0),
  hash  bytea NOT NULL,
  PRIMARY KEY (level, idx)
);
CREATE FUNCTION ${s}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'custody ledger table %.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING HINT = 'ledger entries, checkpoints and nodes can only be added, never changed or removed';
END
$$;
${guards.join("\n")}
INSERT INTO ${t.meta} (key, value) VALUES ('format', '${POSTGRES_LEDGER_FORMAT}');
`;
}

/**
 * GRANT statements that let an existing `role` append to the ledger in `schema` and read it, and
 * nothing else: no UPDATE, DELETE or TRUNCATE, and no ownership, so it cannot disable the triggers.
 * Run them as the owner of the schema after the ledger was created.
 */
export function postgresWriterGrants(schema: string, role: string): string[] {
  const s = quoteIdent(checkSchemaName(schema));
  const r = quoteIdent(checkRoleName(role));
  const t = ledgerTables(schema);
  return [
    `GRANT USAGE ON SCHEMA ${s} TO ${r}`,
    `GRANT SELECT, INSERT ON ${LEDGER_TABLES.map((table) => t[table]).join(", ")} TO ${r}`,
  ];
}

function checkRoleName(role: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) {
    throw new CustodyError(
      "usage",
      `role name ${JSON.stringify(role)} is not allowed: use lower-case letters, digits and underscores (at most 63)`,
    );
  }
  return role;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export interface LedgerPlace {
  schema: string;
  /** The URL (password masked) for messages. */
  location: string;
  /** The schema's advisory lock key. */
  lock: number;
  create: boolean;
}

/** Checks that `schema` holds a Custody ledger, creating it first when it is missing and `create` is set. */
export async function prepareLedgerSchema(pool: pg.Pool, place: LedgerPlace): Promise<void> {
  const { schema, location, lock, create } = place;
  const meta = ledgerTables(schema).meta;
  let state = await inspectLedgerSchema(pool, schema, meta);
  if (state === "missing" && create) {
    await transaction(pool, async (client) => {
      // Two first writers racing to create the same schema: the second waits, then finds it made.
      await client.query("SELECT pg_advisory_xact_lock($1, $2)", [LOCK_CLASS, lock]);
      if ((await inspectLedgerSchema(client, schema, meta)) === "missing") await client.query(postgresSchemaSql(schema));
    });
    state = await inspectLedgerSchema(pool, schema, meta);
  }
  if (state === "missing") {
    throw new CustodyError(
      "ledger-invalid",
      `${location} holds no Custody ledger (schema "${schema}" has no ledger tables); check the URL and its schema parameter`,
    );
  }
  if (state === "foreign") {
    throw new CustodyError(
      "ledger-invalid",
      `schema "${schema}" at ${location} is not a Custody ledger (it holds other tables); ` +
        "choose another schema with ?schema=name",
    );
  }
  const format = await pool.query<{ value: string }>(`SELECT value FROM ${meta} WHERE key = 'format'`);
  const marker = format.rows[0]?.value;
  if (marker !== POSTGRES_LEDGER_FORMAT) {
    throw new CustodyError(
      "ledger-invalid",
      `schema "${schema}" at ${location} is not a Custody ledger (format marker ${JSON.stringify(marker ?? null)}, ` +
        `expected "${POSTGRES_LEDGER_FORMAT}"); check the URL and its schema parameter`,
    );
  }
}

/** "ledger": a meta table exists; "foreign": the schema holds other relations; "missing": nothing there yet. */
export async function inspectLedgerSchema(db: pg.Pool | pg.ClientBase, schema: string, meta: string): Promise<"ledger" | "foreign" | "missing"> {
  const result = await db.query<{ has_meta: boolean; relations: string }>(
    `SELECT to_regclass($1) IS NOT NULL AS has_meta,
            (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $2) AS relations`,
    [meta, schema],
  );
  const row = result.rows[0];
  if (row?.has_meta) return "ledger";
  return Number(row?.relations ?? 0) > 0 ? "foreign" : "missing";
}
