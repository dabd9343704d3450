// Read-only lookups in the advisory database: which advisories affect one package version, and what
// the database holds. Withdrawn advisories stay stored (a later import may bring them back) but are
// never reported.
import type Database from "better-sqlite3";
import { z } from "zod";
import { CustodyError } from "../../../core/errors.js";
import { ECOSYSTEMS } from "../types.js";
import type { Ecosystem } from "../types.js";
import { compareVersions, isAffected } from "../versions/index.js";
import type { AffectedVersions } from "../versions/index.js";
import type { AdvisorySeverity } from "./cvss.js";
import { normalizePackageName } from "./ecosystems.js";
import { openForRead, toStoreError } from "./store.js";

export interface OsvAdvisory {
  id: string;
  /** Other identifiers of the same vulnerability (CVE, GHSA, …). */
  aliases: string[];
  summary?: string;
  severity?: AdvisorySeverity;
  /** CVSS 3.x base score computed from `cvssVector`. */
  cvssScore?: number;
  cvssVector?: string;
  /**
   * Fixed versions the queried version can upgrade to: above it and outside every affected range of
   * the advisory, in the ecosystem's order. Empty when no fix exists (or none above this version).
   */
  fixedVersions: string[];
  /** A report of a malicious package (OSV `MAL-` ids), not a vulnerability. */
  malicious: boolean;
  published?: string;
  modified: string;
  references: string[];
}

export interface OsvEcosystemStats {
  ecosystem: Ecosystem;
  /** Advisories that can be reported (withdrawn ones excluded). */
  advisories: number;
  malicious: number;
}

export interface OsvStats {
  /** Reportable advisories across all ecosystems. */
  advisories: number;
  withdrawn: number;
  ecosystems: OsvEcosystemStats[];
  /** The newest `modified` timestamp of any stored advisory. */
  lastModified?: string;
  /** When the last import finished. */
  importedAt?: string;
}

export interface OsvDatabase {
  readonly path: string;
  /** Advisories that affect `name` at `version`, ordered by id. */
  query(ecosystem: Ecosystem, name: string, version: string): OsvAdvisory[];
  stats(): OsvStats;
  close(): void;
}

interface MatchRow {
  id: string;
  modified: string;
  published: string | null;
  summary: string | null;
  aliases: string;
  refs: string;
  affected: string;
  fixed: string;
  severity: string | null;
  cvss_score: number | null;
  cvss_vector: string | null;
}

const SEVERITY_RANK: Readonly<Record<AdvisorySeverity, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

function isSeverity(value: string | null): value is AdvisorySeverity {
  return value !== null && Object.hasOwn(SEVERITY_RANK, value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function strings(text: string): string[] {
  const value = parseJson(text);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function urls(text: string): string[] {
  const value = parseJson(text);
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) =>
    typeof item === "object" && item !== null && "url" in item && typeof item.url === "string" ? [item.url] : [],
  );
}

function toAdvisory(row: MatchRow, fixedVersions: string[]): OsvAdvisory {
  return {
    id: row.id,
    aliases: strings(row.aliases),
    ...(row.summary !== null ? { summary: row.summary } : {}),
    ...(isSeverity(row.severity) ? { severity: row.severity } : {}),
    ...(row.cvss_score !== null ? { cvssScore: row.cvss_score } : {}),
    ...(row.cvss_vector !== null ? { cvssVector: row.cvss_vector } : {}),
    fixedVersions,
    malicious: row.id.startsWith("MAL-"),
    ...(row.published !== null ? { published: row.published } : {}),
    modified: row.modified,
    references: urls(row.refs),
  };
}

interface Entry {
  row: MatchRow;
  affected: AffectedVersions;
}

/** The most severe of the matching entries (a package-level severity may differ between them). */
function mostSevere(entries: readonly Entry[]): MatchRow | undefined {
  let best: MatchRow | undefined;
  for (const { row } of entries) {
    const rank = isSeverity(row.severity) ? SEVERITY_RANK[row.severity] : 0;
    const bestRank = best && isSeverity(best.severity) ? SEVERITY_RANK[best.severity] : 0;
    if (!best || rank > bestRank) best = row;
  }
  return best;
}

/**
 * The fixed versions a user of `version` can move to: above it and outside every affected range of
 * the advisory for this package. Log4Shell lists fixes on three branches; someone on 2.14.1 only
 * needs to hear about 2.15.0.
 */
function upgradeTargets(ecosystem: Ecosystem, version: string, entries: readonly Entry[]): string[] {
  const candidates = new Set(entries.flatMap(({ row }) => strings(row.fixed)));
  return [...candidates]
    .filter((fixed) => compareVersions(ecosystem, fixed, version) > 0)
    .filter((fixed) => !entries.some(({ affected }) => isAffected(ecosystem, fixed, affected)))
    .sort((a, b) => compareVersions(ecosystem, a, b));
}

// The stored form of an affected entry, checked again on read: a damaged file must fail loudly, not
// quietly stop matching.
const StoredAffectedSchema = z.object({
  ranges: z.array(
    z.object({
      type: z.string(),
      events: z.array(
        z.object({
          introduced: z.string().optional(),
          fixed: z.string().optional(),
          last_affected: z.string().optional(),
          limit: z.string().optional(),
        }),
      ),
    }),
  ),
  versions: z.array(z.string()),
});

function asAffected(path: string, row: MatchRow): AffectedVersions {
  const parsed = StoredAffectedSchema.safeParse(parseJson(row.affected));
  if (!parsed.success) {
    throw new CustodyError("file-unreadable", `advisory database ${path} is damaged (advisory ${row.id}); import the OSV data into a new file`);
  }
  return parsed.data;
}

/** Every stored affected entry of one package; served by the (ecosystem, name) index. */
export const MATCH_SQL = `
  SELECT a.id, a.modified, a.published, a.summary, a.aliases, a.refs,
         p.affected, p.fixed, p.severity, p.cvss_score, p.cvss_vector
  FROM packages p JOIN advisories a ON a.id = p.advisory_id
  WHERE p.ecosystem = ? AND p.name = ? AND a.withdrawn IS NULL
  ORDER BY a.id`;

export function openOsv(dbPath: string): OsvDatabase {
  const db: Database.Database = openForRead(dbPath);
  const guarded = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      throw toStoreError(dbPath, error);
    }
  };
  const sql = guarded(() => ({
    matches: db.prepare<[string, string], MatchRow>(MATCH_SQL),
    perEcosystem: db.prepare<[], { ecosystem: string; advisories: number; malicious: number }>(`
      SELECT p.ecosystem,
             count(DISTINCT p.advisory_id) AS advisories,
             count(DISTINCT CASE WHEN p.advisory_id LIKE 'MAL-%' THEN p.advisory_id END) AS malicious
      FROM packages p JOIN advisories a ON a.id = p.advisory_id
      WHERE a.withdrawn IS NULL
      GROUP BY p.ecosystem`),
    totals: db.prepare<[], { advisories: number; withdrawn: number }>(`
      SELECT count(*) - count(withdrawn) AS advisories, count(withdrawn) AS withdrawn FROM advisories`),
    lastModified: db.prepare<[], { modified: string }>("SELECT modified FROM advisories ORDER BY modified_ms DESC LIMIT 1"),
    importedAt: db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'imported_at'"),
  }));

  function query(ecosystem: Ecosystem, name: string, version: string): OsvAdvisory[] {
    const rows = guarded(() => sql.matches.all(ecosystem, normalizePackageName(ecosystem, name)));
    // One advisory may list the same package in several affected entries; they are judged together.
    const byAdvisory = new Map<string, Entry[]>();
    for (const row of rows) {
      const entries = byAdvisory.get(row.id) ?? [];
      entries.push({ row, affected: asAffected(dbPath, row) });
      byAdvisory.set(row.id, entries);
    }
    const found: OsvAdvisory[] = [];
    for (const entries of byAdvisory.values()) {
      const matching = entries.filter(({ affected }) => isAffected(ecosystem, version, affected));
      const row = mostSevere(matching);
      if (row) found.push(toAdvisory(row, upgradeTargets(ecosystem, version, entries)));
    }
    return found;
  }

  function stats(): OsvStats {
    return guarded(() => {
      const counts = new Map(sql.perEcosystem.all().map((row) => [row.ecosystem, row]));
      const totals = sql.totals.get() ?? { advisories: 0, withdrawn: 0 };
      const lastModified = sql.lastModified.get()?.modified;
      const importedAt = sql.importedAt.get()?.value;
      return {
        advisories: totals.advisories,
        withdrawn: totals.withdrawn,
        ecosystems: ECOSYSTEMS.map((ecosystem) => ({
          ecosystem,
          advisories: counts.get(ecosystem)?.advisories ?? 0,
          malicious: counts.get(ecosystem)?.malicious ?? 0,
        })),
        ...(lastModified !== undefined ? { lastModified } : {}),
        ...(importedAt !== undefined ? { importedAt } : {}),
      };
    });
  }

  return {
    path: dbPath,
    query,
    stats,
    close: () => {
      if (db.open) db.close();
    },
  };
}
