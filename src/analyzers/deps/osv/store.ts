// The SQLite file that holds imported OSV advisories. One row per advisory, one row per affected
// package (indexed by ecosystem and normalised name, which is how every lookup arrives). The OSV
// ranges are kept as JSON and evaluated at query time, since version order is ecosystem logic
// SQLite cannot express.
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import { CustodyError, isCustodyError } from "../../../core/errors.js";

export const OSV_DB_FORMAT = "custody-osv/1";

const SCHEMA_SQL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE advisories (
  id TEXT PRIMARY KEY,
  modified TEXT NOT NULL,
  modified_ms INTEGER NOT NULL,
  published TEXT,
  withdrawn TEXT,
  summary TEXT,
  aliases TEXT NOT NULL,
  severity TEXT NOT NULL,
  database_severity TEXT,
  refs TEXT NOT NULL
);
CREATE TABLE packages (
  advisory_id TEXT NOT NULL,
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  affected TEXT NOT NULL,
  fixed TEXT NOT NULL,
  severity TEXT,
  cvss_score REAL,
  cvss_vector TEXT
);
CREATE INDEX packages_by_name ON packages (ecosystem, name);
CREATE INDEX packages_by_advisory ON packages (advisory_id);
`;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function toStoreError(path: string, error: unknown): CustodyError {
  if (isCustodyError(error)) return error;
  return new CustodyError("file-unreadable", `cannot use advisory database ${path}: ${describe(error)}`, { cause: error });
}

function checkFormat(db: Database.Database, path: string): void {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  const row: unknown = hasMeta ? db.prepare("SELECT value FROM meta WHERE key = 'format'").get() : undefined;
  const format = typeof row === "object" && row !== null && "value" in row ? row.value : undefined;
  if (format !== OSV_DB_FORMAT) {
    throw new CustodyError(
      "file-unreadable",
      `${path} is not a Custody advisory database (no "${OSV_DB_FORMAT}" format marker); import OSV data into a new file`,
    );
  }
}

/** Opens (creating when missing) the database for an import. */
export function openForWrite(path: string): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    throw toStoreError(path, error);
  }
  try {
    db.pragma("busy_timeout = 5000");
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as { n: number };
    if (tables.n === 0) {
      db.transaction(() => {
        db.exec(SCHEMA_SQL);
        db.prepare("INSERT INTO meta (key, value) VALUES ('format', ?)").run(OSV_DB_FORMAT);
      }).immediate();
    }
    checkFormat(db, path);
    return db;
  } catch (error) {
    db.close();
    throw toStoreError(path, error);
  }
}

/** Opens an existing database read-only, as every query does. */
export function openForRead(path: string): Database.Database {
  if (!existsSync(path)) {
    throw new CustodyError("file-unreadable", `advisory database ${path} does not exist; import OSV data first`);
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw toStoreError(path, error);
  }
  try {
    db.pragma("busy_timeout = 5000");
    checkFormat(db, path);
    return db;
  } catch (error) {
    db.close();
    throw toStoreError(path, error);
  }
}
