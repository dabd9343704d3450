// The snippet index: a SQLite file of indexed source files (where they are, what license they are
// under, the size and time that make re-indexing incremental) and their winnowed fingerprints.
// The normalisation it was built with is stored in it, so queries always normalise the same way.
import Database from "better-sqlite3";
import { z } from "zod";
import { CustodyError, isCustodyError } from "../../core/errors.js";
import { K, W, type Fingerprint } from "./winnow.js";

export const LICENSE_INDEX_FORMAT = "custody-license-index/1";

const SCHEMA_SQL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  root TEXT NOT NULL,
  path TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  license TEXT,
  license_source TEXT NOT NULL,
  tokens INTEGER NOT NULL,
  UNIQUE (root, path)
);
CREATE TABLE fingerprints (
  hash INTEGER NOT NULL,
  file_id INTEGER NOT NULL,
  token INTEGER NOT NULL,
  start_line INTEGER NOT NULL,
  end_line INTEGER NOT NULL
);
CREATE INDEX fingerprints_by_hash ON fingerprints (hash);
CREATE INDEX fingerprints_by_file ON fingerprints (file_id);
`;

export interface IndexSettings {
  k: number;
  w: number;
  ignoreIdentifiers: boolean;
}

const FileRow = z.object({
  id: z.number(),
  root: z.string(),
  path: z.string(),
  size: z.number(),
  mtime_ms: z.number(),
  sha256: z.string(),
  license: z.string().nullable(),
  license_source: z.string(),
  tokens: z.number(),
});
export type IndexedFile = z.infer<typeof FileRow>;

const Hit = z.object({ hash: z.number(), file_id: z.number(), token: z.number(), start_line: z.number(), end_line: z.number() });
export type IndexHit = z.infer<typeof Hit>;

function invalid(path: string, detail: string): CustodyError {
  return new CustodyError("license-index-invalid", `${path} ${detail}; build a new index with \`custody license index DIR --index FILE\``);
}

export class LicenseIndex {
  private readonly statements;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    readonly settings: IndexSettings,
  ) {
    this.statements = {
      file: db.prepare("SELECT * FROM files WHERE root = ? AND path = ?"),
      fileById: db.prepare("SELECT * FROM files WHERE id = ?"),
      filesUnder: db.prepare("SELECT * FROM files WHERE root = ?"),
      insertFile: db.prepare(
        "INSERT INTO files (root, path, size, mtime_ms, sha256, license, license_source, tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      updateFile: db.prepare("UPDATE files SET size = ?, mtime_ms = ?, sha256 = ?, license = ?, license_source = ?, tokens = ? WHERE id = ?"),
      touch: db.prepare("UPDATE files SET size = ?, mtime_ms = ? WHERE id = ?"),
      setLicense: db.prepare("UPDATE files SET license = ?, license_source = ? WHERE id = ?"),
      deleteFile: db.prepare("DELETE FROM files WHERE id = ?"),
      deletePrints: db.prepare("DELETE FROM fingerprints WHERE file_id = ?"),
      insertPrint: db.prepare("INSERT INTO fingerprints (hash, file_id, token, start_line, end_line) VALUES (?, ?, ?, ?, ?)"),
      lookup: db.prepare("SELECT hash, file_id, token, start_line, end_line FROM fingerprints WHERE hash = ?"),
      counts: db.prepare("SELECT (SELECT count(*) FROM files) AS files, (SELECT count(*) FROM fingerprints) AS fingerprints"),
    };
  }

  /** Opens an index; `create` makes a new one (with these settings) when the file is new or empty. */
  static open(path: string, options: { create?: IndexSettings; readonly?: boolean } = {}): LicenseIndex {
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: options.readonly === true, fileMustExist: options.create === undefined });
    } catch (error) {
      throw new CustodyError("file-unreadable", `cannot open license index ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    try {
      db.pragma("busy_timeout = 5000");
      const tables = z.object({ n: z.number() }).parse(db.prepare("SELECT count(*) AS n FROM sqlite_master").get());
      if (tables.n === 0 && options.create) {
        const settings = options.create;
        db.transaction(() => {
          db.exec(SCHEMA_SQL);
          const put = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
          put.run("format", LICENSE_INDEX_FORMAT);
          put.run("settings", JSON.stringify(settings));
        }).immediate();
      }
      return new LicenseIndex(db, path, readSettings(db, path));
    } catch (error) {
      db.close();
      if (isCustodyError(error)) throw error;
      throw invalid(path, `cannot be read as a license index (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  file(root: string, path: string): IndexedFile | undefined {
    const row: unknown = this.statements.file.get(root, path);
    return row === undefined ? undefined : FileRow.parse(row);
  }

  fileById(id: number): IndexedFile | undefined {
    const row: unknown = this.statements.fileById.get(id);
    return row === undefined ? undefined : FileRow.parse(row);
  }

  filesUnder(root: string): IndexedFile[] {
    return this.statements.filesUnder.all(root).map((row) => FileRow.parse(row));
  }

  /** Adds a file, or replaces a changed one and its fingerprints. */
  putFile(entry: Omit<IndexedFile, "id">, prints: readonly Fingerprint[], existing?: number): void {
    let id = existing;
    if (id === undefined) {
      id = Number(this.statements.insertFile.run(entry.root, entry.path, entry.size, entry.mtime_ms, entry.sha256, entry.license, entry.license_source, entry.tokens).lastInsertRowid);
    } else {
      this.statements.updateFile.run(entry.size, entry.mtime_ms, entry.sha256, entry.license, entry.license_source, entry.tokens, id);
      this.statements.deletePrints.run(id);
    }
    for (const p of prints) this.statements.insertPrint.run(p.hash, id, p.token, p.startLine, p.endLine);
  }

  touch(id: number, size: number, mtimeMs: number): void {
    this.statements.touch.run(size, mtimeMs, id);
  }

  setLicense(id: number, license: string | null, source: string): void {
    this.statements.setLicense.run(license, source, id);
  }

  removeFile(id: number): void {
    this.statements.deletePrints.run(id);
    this.statements.deleteFile.run(id);
  }

  /** Every indexed occurrence of a fingerprint hash. */
  lookup(hash: number): IndexHit[] {
    return this.statements.lookup.all(hash).map((row) => Hit.parse(row));
  }

  counts(): { files: number; fingerprints: number } {
    return z.object({ files: z.number(), fingerprints: z.number() }).parse(this.statements.counts.get());
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  close(): void {
    this.db.close();
  }
}

function readSettings(db: Database.Database, path: string): IndexSettings {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (!hasMeta) throw invalid(path, "is not a Custody license index");
  const rows = z.array(z.object({ key: z.string(), value: z.string() })).parse(db.prepare("SELECT key, value FROM meta").all());
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  if (meta.get("format") !== LICENSE_INDEX_FORMAT) throw invalid(path, `is not a Custody license index (no "${LICENSE_INDEX_FORMAT}" format marker)`);
  const settings = z.object({ k: z.number(), w: z.number(), ignoreIdentifiers: z.boolean() }).safeParse(JSON.parse(meta.get("settings") ?? "null"));
  if (!settings.success) throw invalid(path, "has no readable settings");
  // Fingerprints of another k or w never match ours: the index must be rebuilt.
  if (settings.data.k !== K || settings.data.w !== W) throw invalid(path, `was built with k=${settings.data.k}, w=${settings.data.w}; this version uses k=${K}, w=${W}`);
  return settings.data;
}
