// Durable ledger appends in batches, then offline verification, on each store: SQLite (WAL with
// synchronous=FULL) and PostgreSQL (one transaction per batch, synchronous_commit on).
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import type { LedgerEvent } from "../src/core/types.js";
import { createLedger, generateSigner, openLedgerStore, parseSignerKey, verifyLedger } from "../src/ledger/index.js";
import type { LedgerStore } from "../src/ledger/index.js";

export const LEDGER_BENCH_STORES = ["sqlite", "postgresql"] as const;
export type LedgerBenchStore = (typeof LEDGER_BENCH_STORES)[number];

export const DEFAULT_BENCH_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test";

export interface LedgerBench {
  store: LedgerBenchStore;
  events: number;
  batch: number;
  appendMs: number;
  verifyMs: number;
  verified: boolean;
  /** Why the run did not happen (e.g. no PostgreSQL server), instead of figures. */
  skipped?: string;
}

interface Place {
  location: string;
  cleanup(): Promise<void>;
}

async function sqlitePlace(): Promise<Place> {
  const dir = await mkdtemp(join(tmpdir(), "custody-bench-ledger-"));
  return { location: join(dir, "ledger.db"), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

function postgresPlace(url: string): Place {
  const schema = `custody_bench_${randomBytes(4).toString("hex")}`;
  const location = new URL(url);
  location.searchParams.set("schema", schema);
  return {
    location: location.toString(),
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function benchLedger(
  events: number,
  batch: number,
  store: LedgerBenchStore = "sqlite",
  postgresUrl = DEFAULT_BENCH_POSTGRES_URL,
): Promise<LedgerBench> {
  const place = store === "sqlite" ? await sqlitePlace() : postgresPlace(postgresUrl);
  const origin = "bench.custody/ledger";
  const keys = generateSigner(origin);
  let opened: LedgerStore;
  try {
    opened = await openLedgerStore(place.location);
  } catch (error) {
    await place.cleanup().catch(() => undefined);
    const skipped = error instanceof Error ? error.message : String(error);
    return { store, events, batch, appendMs: NaN, verifyMs: NaN, verified: false, skipped };
  }
  try {
    const ledger = await createLedger(opened, { origin, signer: parseSignerKey(keys.signerKey) });
    const start = process.hrtime.bigint();
    for (let i = 0; i < events; i += batch) {
      const chunk: LedgerEvent[] = Array.from({ length: Math.min(batch, events - i) }, (_, j) => ({
        type: "scan.completed",
        time: "2026-11-21T10:00:00.000Z",
        actor: "bench",
        subject: `change:${i + j}`,
        payload: { findings: (i + j) % 7, digest: `${i + j}`.padStart(64, "0") },
      }));
      await ledger.append(chunk);
    }
    const appendMs = Number(process.hrtime.bigint() - start) / 1e6;
    const verifyStart = process.hrtime.bigint();
    const report = await verifyLedger(opened, keys.verifierKey);
    const verifyMs = Number(process.hrtime.bigint() - verifyStart) / 1e6;
    return { store, events, batch, appendMs, verifyMs, verified: report.ok };
  } finally {
    await opened.close();
    await place.cleanup();
  }
}

/** Every batch size on every store, one store after the other so they do not compete for the disk. */
export async function benchLedgerStores(events: number, batches: readonly number[], postgresUrl?: string): Promise<LedgerBench[]> {
  const runs: LedgerBench[] = [];
  for (const batch of batches) {
    for (const store of LEDGER_BENCH_STORES) runs.push(await benchLedger(events, batch, store, postgresUrl));
  }
  return runs;
}

/** One row per batch size, SQLite and PostgreSQL side by side. */
export function formatLedgerBench(results: readonly LedgerBench[]): string {
  const perSecond = (count: number, ms: number): string => Math.round((count / ms) * 1000).toLocaleString("en-US");
  const cell = (run: LedgerBench | undefined): string => {
    if (!run) return "not run";
    if (run.skipped !== undefined) return `skipped (${run.skipped})`;
    return `${perSecond(run.events, run.appendMs)} appends/s, verify ${perSecond(run.events, run.verifyMs)} entries/s, ok=${run.verified}`;
  };
  const batches = [...new Set(results.map((run) => run.batch))];
  const lines = [`ledger, durable appends (target ≥ 10,000/s on SQLite) — sqlite | postgresql:`];
  for (const batch of batches) {
    const of = (store: LedgerBenchStore) => results.find((run) => run.batch === batch && run.store === store);
    const events = of("sqlite")?.events ?? of("postgresql")?.events ?? 0;
    lines.push(`  ${events.toLocaleString("en-US")} events in batches of ${batch}: ${cell(of("sqlite"))} | ${cell(of("postgresql"))}`);
  }
  return lines.join("\n");
}

// `npx tsx bench/ledger.ts [postgres-url]` runs only this benchmark.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatLedgerBench(await benchLedgerStores(50_000, [1000, 100], process.argv[2])));
}
