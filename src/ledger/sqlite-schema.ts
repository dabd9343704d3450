// Schema of an SQLite ledger file. The format marker in `meta` is how a file is recognised as a
// ledger; bump it when the schema changes incompatibly. The `nodes` table came later without a bump:
// it only speeds up proofs, so a ledger without it still answers them (from its leaves), and a writer
// adds the table when it opens such a ledger.

export const LEDGER_FORMAT = "custody-ledger/1";

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entries (
  idx       INTEGER PRIMARY KEY,
  entry     BLOB NOT NULL,
  leaf_hash BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoints (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  size     INTEGER NOT NULL,
  note     TEXT NOT NULL,
  frontier BLOB
);
CREATE INDEX IF NOT EXISTS checkpoints_by_size ON checkpoints (size, id);
CREATE TRIGGER IF NOT EXISTS entries_append_only_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'custody ledger entries are append-only'); END;
CREATE TRIGGER IF NOT EXISTS entries_append_only_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'custody ledger entries are append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_append_only_update BEFORE UPDATE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'custody ledger checkpoints are append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_append_only_delete BEFORE DELETE ON checkpoints
BEGIN SELECT RAISE(ABORT, 'custody ledger checkpoints are append-only'); END;
`;

/** Interior Merkle nodes kept for proofs: the root of leaves [idx × 2^level, (idx + 1) × 2^level). */
export const NODES_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS nodes (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS nodes_append_only_update BEFORE UPDATE ON nodes
BEGIN SELECT RAISE(ABORT, 'custody ledger nodes are append-only'); END;
CREATE TRIGGER IF NOT EXISTS nodes_append_only_delete BEFORE DELETE ON nodes
BEGIN SELECT RAISE(ABORT, 'custody ledger nodes are append-only'); END;
`;
