// Imports OSV records into the advisory database. Every record is validated on its own: a bad one is
// counted with its file name and skipped, never aborting the rest. The import is incremental (a
// record whose `modified` is not newer than the stored copy is skipped) and runs in one transaction,
// so an import that fails part-way (a limit, a full disk) leaves the previous data intact.
import type Database from "better-sqlite3";
import type { Ecosystem } from "../types.js";
import { compareVersions } from "../versions/index.js";
import { deriveSeverity } from "./cvss.js";
import { fromOsvEcosystem, normalizePackageName } from "./ecosystems.js";
import { validateOsvRecord } from "./schema.js";
import type { OsvAffected, OsvRecord } from "./schema.js";
import { openSource } from "./source.js";
import type { SourceKind } from "./source.js";
import { openForWrite, toStoreError } from "./store.js";
import { DEFAULT_IMPORT_LIMITS } from "./zip.js";
import type { ImportLimits } from "./zip.js";

export interface OsvImportProgress {
  /** Documents (files or archive entries) read so far, and how many there are. */
  done: number;
  total: number;
  inserted: number;
  updated: number;
  skipped: number;
  invalid: number;
}

export interface OsvImportOptions {
  onProgress?: (progress: OsvImportProgress) => void;
  /** Bounds on entries and sizes; the defaults fit the largest public OSV export with room to spare. */
  limits?: Partial<ImportLimits>;
}

export interface OsvImportProblem {
  file: string;
  message: string;
}

export interface OsvImportResult {
  source: string;
  kind: SourceKind;
  /** Files or archive entries read. */
  documents: number;
  /** Records found in them, valid or not. */
  records: number;
  /** New advisories. */
  inserted: number;
  /** Advisories replaced by a copy with a newer `modified`. */
  updated: number;
  /** Records whose stored copy is as new or newer. */
  skipped: number;
  /** Valid records that name no package of an ecosystem Custody reads (Debian, NuGet, …). */
  ignored: number;
  /** Records (or whole documents) that could not be read or are not valid OSV. */
  invalid: number;
  /** The first invalid records, with the reason. */
  problems: OsvImportProblem[];
}

const MAX_PROBLEMS = 100;
const PROGRESS_EVERY = 1000;
const SUMMARY_LENGTH = 200;

interface PackageRow {
  ecosystem: Ecosystem;
  name: string;
  affected: string;
  fixed: string;
  severity: string | null;
  cvssScore: number | null;
  cvssVector: string | null;
}

/** What a range evaluation needs; GIT ranges are dropped because they cannot be evaluated. */
function evaluable(affected: OsvAffected): { ranges: { type: string; events: unknown[] }[]; versions: string[] } {
  const ranges = (affected.ranges ?? [])
    .filter((range) => range.type === "SEMVER" || range.type === "ECOSYSTEM")
    .map((range) => ({ type: range.type, events: range.events }));
  return { ranges, versions: affected.versions ?? [] };
}

function fixedVersions(ecosystem: Ecosystem, affected: OsvAffected): string[] {
  const fixed = new Set<string>();
  for (const range of affected.ranges ?? []) {
    if (range.type === "GIT") continue;
    for (const event of range.events) if (event.fixed !== undefined) fixed.add(event.fixed);
  }
  return [...fixed].sort((a, b) => compareVersions(ecosystem, a, b));
}

function databaseLabel(record: OsvRecord): unknown {
  return record.database_specific?.severity;
}

function packageRows(record: OsvRecord): PackageRow[] {
  const rows: PackageRow[] = [];
  for (const affected of record.affected ?? []) {
    if (!affected.package) continue;
    const ecosystem = fromOsvEcosystem(affected.package.ecosystem);
    if (!ecosystem) continue;
    // A package-level severity replaces the record's (the schema allows only one of the two).
    const scores = affected.severity?.length ? affected.severity : (record.severity ?? []);
    const derived = deriveSeverity(scores, databaseLabel(record));
    rows.push({
      ecosystem,
      name: normalizePackageName(ecosystem, affected.package.name),
      affected: JSON.stringify(evaluable(affected)),
      fixed: JSON.stringify(fixedVersions(ecosystem, affected)),
      severity: derived.severity ?? null,
      cvssScore: derived.cvssScore ?? null,
      cvssVector: derived.cvssVector ?? null,
    });
  }
  return rows;
}

/** The record's summary, or the first line of its details when it has none. */
function summaryOf(record: OsvRecord): string | null {
  const summary = record.summary?.trim();
  if (summary) return summary;
  const line = (record.details ?? "")
    .split("\n")
    .map((text) => text.replace(/^#+\s*/, "").trim())
    .find((text) => text !== "");
  if (!line) return null;
  return line.length > SUMMARY_LENGTH ? `${line.slice(0, SUMMARY_LENGTH - 1)}…` : line;
}

function statements(db: Database.Database) {
  return {
    modified: db.prepare<[string], { modified_ms: number }>("SELECT modified_ms FROM advisories WHERE id = ?"),
    upsert: db.prepare(`
      INSERT INTO advisories (id, modified, modified_ms, published, withdrawn, summary, aliases, severity, database_severity, refs)
      VALUES (@id, @modified, @modifiedMs, @published, @withdrawn, @summary, @aliases, @severity, @databaseSeverity, @refs)
      ON CONFLICT (id) DO UPDATE SET
        modified = excluded.modified, modified_ms = excluded.modified_ms, published = excluded.published,
        withdrawn = excluded.withdrawn, summary = excluded.summary, aliases = excluded.aliases,
        severity = excluded.severity, database_severity = excluded.database_severity, refs = excluded.refs`),
    deletePackages: db.prepare("DELETE FROM packages WHERE advisory_id = ?"),
    insertPackage: db.prepare(`
      INSERT INTO packages (advisory_id, ecosystem, name, affected, fixed, severity, cvss_score, cvss_vector)
      VALUES (@id, @ecosystem, @name, @affected, @fixed, @severity, @cvssScore, @cvssVector)`),
    setMeta: db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
  };
}

type Outcome = "inserted" | "updated" | "skipped" | "ignored";

function store(sql: ReturnType<typeof statements>, record: OsvRecord): Outcome {
  const modifiedMs = Date.parse(record.modified);
  const stored = sql.modified.get(record.id);
  if (stored && stored.modified_ms >= modifiedMs) return "skipped";
  const rows = packageRows(record);
  // Records for other ecosystems are not kept, unless an older copy is, which must then be replaced.
  if (rows.length === 0 && !stored) return "ignored";
  const label = databaseLabel(record);
  sql.upsert.run({
    id: record.id,
    modified: record.modified,
    modifiedMs,
    published: record.published ?? null,
    withdrawn: record.withdrawn ?? null,
    summary: summaryOf(record),
    aliases: JSON.stringify(record.aliases ?? []),
    severity: JSON.stringify(record.severity ?? []),
    databaseSeverity: typeof label === "string" ? label : null,
    refs: JSON.stringify(record.references ?? []),
  });
  if (stored) sql.deletePackages.run(record.id);
  for (const row of rows) sql.insertPackage.run({ id: record.id, ...row });
  return stored ? "updated" : "inserted";
}

/**
 * Whether a stored copy is at least as new, judged from `id` and `modified` alone. Re-importing an
 * export mostly finds records already held, and validating each in full first would dominate the run.
 */
function isUnchanged(sql: ReturnType<typeof statements>, value: unknown): boolean {
  if (typeof value !== "object" || value === null || !("id" in value) || !("modified" in value)) return false;
  const { id, modified } = value;
  if (typeof id !== "string" || typeof modified !== "string") return false;
  const modifiedMs = Date.parse(modified);
  const stored = sql.modified.get(id);
  return stored !== undefined && !Number.isNaN(modifiedMs) && stored.modified_ms >= modifiedMs;
}

/** The records of one JSON document: a record, an array of records, or an API response `{ vulns: [...] }`. */
function recordsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === "object" && value !== null && !("id" in value) && "vulns" in value && Array.isArray(value.vulns)) {
    return value.vulns as unknown[];
  }
  return [value];
}

/**
 * Imports the OSV export at `source` (a `.zip`, a directory of `.json` files, or one `.json` file)
 * into the advisory database at `dbPath`, creating it when missing.
 */
export function importOsv(source: string, dbPath: string, options: OsvImportOptions = {}): OsvImportResult {
  const limits: ImportLimits = { ...DEFAULT_IMPORT_LIMITS, ...options.limits };
  const input = openSource(source, limits);
  const result: OsvImportResult = {
    source,
    kind: input.kind,
    documents: 0,
    records: 0,
    inserted: 0,
    updated: 0,
    skipped: 0,
    ignored: 0,
    invalid: 0,
    problems: [],
  };
  const problem = (file: string, message: string): void => {
    result.invalid++;
    if (result.problems.length < MAX_PROBLEMS) result.problems.push({ file, message });
  };
  const report = (): void => {
    const { documents: done, inserted, updated, skipped, invalid } = result;
    options.onProgress?.({ done, total: input.count, inserted, updated, skipped, invalid });
  };

  const db = openForWrite(dbPath);
  try {
    const sql = statements(db);
    db.exec("BEGIN IMMEDIATE");
    try {
      for (const document of input.documents()) {
        result.documents++;
        if ("error" in document) {
          result.records++;
          problem(document.file, document.error);
          continue;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(document.text);
        } catch (error) {
          result.records++;
          problem(document.file, `not JSON: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        const records = recordsOf(parsed);
        records.forEach((value, index) => {
          result.records++;
          if (isUnchanged(sql, value)) {
            result.skipped++;
            return;
          }
          const file = records.length === 1 ? document.file : `${document.file}[${index}]`;
          const checked = validateOsvRecord(value);
          if (checked.ok) result[store(sql, checked.record)]++;
          else problem(file, checked.message);
        });
        if (result.documents % PROGRESS_EVERY === 0) report();
      }
      sql.setMeta.run("imported_at", new Date().toISOString());
      db.exec("COMMIT");
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw error;
    }
  } catch (error) {
    throw toStoreError(dbPath, error);
  } finally {
    db.close();
  }
  report();
  return result;
}
