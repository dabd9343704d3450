// Ledger appends in batches on SQLite (durable: WAL with synchronous=FULL), then offline verification.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LedgerEvent } from "../src/core/types.js";
import { createLedger, generateSigner, openSqliteStore, parseSignerKey, verifyLedger } from "../src/ledger/index.js";

export interface LedgerBench {
  events: number;
  batch: number;
  appendMs: number;
  verifyMs: number;
  verified: boolean;
}

export async function benchLedger(events: number, batch: number): Promise<LedgerBench> {
  const dir = await mkdtemp(join(tmpdir(), "custody-bench-ledger-"));
  const origin = "bench.custody/ledger";
  const keys = generateSigner(origin);
  const store = openSqliteStore(join(dir, "ledger.db"));
  try {
    const ledger = await createLedger(store, { origin, signer: parseSignerKey(keys.signerKey) });
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
    const report = await verifyLedger(store, keys.verifierKey);
    const verifyMs = Number(process.hrtime.bigint() - verifyStart) / 1e6;
    return { events, batch, appendMs, verifyMs, verified: report.ok };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
