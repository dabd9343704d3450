// Proofs on a 1,000,000-entry SQLite ledger: inclusion and consistency proof generation (from the stored
// interior nodes) and verification, receipts from the store and from memory, and a full verifyLedger.
// The ledger is built once in batches of 1,000 and kept in bench/corpus/ (gitignored) for later runs.
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LedgerEvent } from "../src/core/types.js";
import {
  MerkleBuilder,
  createLedger,
  generateSigner,
  leafHash,
  openSqliteStore,
  parseSignerKey,
  proveConsistency,
  proveInclusion,
  receiptFor,
  rootAt,
  verifyConsistency,
  verifyInclusion,
  verifyLedger,
  verifyReceipt,
} from "../src/ledger/index.js";
import type { LedgerStore, NewEntry } from "../src/ledger/index.js";
import { batchReceipts } from "../src/ledger/receipt-batch.js";

const ENTRIES = 1_000_000;
const BATCH = 1_000;
const CASES = 1_000;
const ORIGIN = "bench.custody/proofs";
const CORPUS = new URL("./corpus/", import.meta.url).pathname;
const DIR = join(CORPUS, `proofs-${ENTRIES}`);
const LEDGER = join(DIR, "ledger.db");
const KEY = join(DIR, "ledger.key");
/** Written last: a ledger without it is a half-built one from an interrupted run. */
const DONE = join(DIR, "complete");

export interface ProofsBench {
  entries: number;
  /** Time to build the ledger in this run; 0 when it was already there. */
  buildMs: number;
  inclusion: { proveUs: number; verifyUs: number; reads: number; hashes: number };
  consistency: { proveUs: number; verifyUs: number; reads: number; hashes: number };
  receiptUs: number;
  batchReceiptsMs: number;
  verifyMs: number;
  verified: boolean;
  failures: number;
}

function event(i: number): LedgerEvent {
  return {
    type: "scan.completed",
    time: "2026-11-21T10:00:00.000Z",
    actor: "bench",
    subject: `change:${i}`,
    payload: { findings: i % 7, digest: `${i}`.padStart(64, "0") },
  };
}

/** A deterministic stream of numbers below `bound`, so every run draws the same cases. */
function generator(seed: number): (bound: number) => number {
  let state = seed;
  return (bound) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((state / 2_147_483_648) * bound);
  };
}

async function build(): Promise<{ verifierKey: string; buildMs: number }> {
  if (existsSync(DONE)) return { verifierKey: (await readFile(`${KEY}.pub`, "utf8")).trim(), buildMs: 0 };
  await rm(DIR, { recursive: true, force: true });
  await mkdir(DIR, { recursive: true });
  const keys = generateSigner(ORIGIN);
  await writeFile(KEY, `${keys.signerKey}\n`, { mode: 0o600 });
  await writeFile(`${KEY}.pub`, `${keys.verifierKey}\n`);
  const start = process.hrtime.bigint();
  const ledger = await createLedger(openSqliteStore(LEDGER), { origin: ORIGIN, signer: parseSignerKey(keys.signerKey) });
  for (let i = 0; i < ENTRIES; i += BATCH) {
    await ledger.append(Array.from({ length: BATCH }, (_, j) => event(i + j)));
  }
  await ledger.close();
  const buildMs = Number(process.hrtime.bigint() - start) / 1e6;
  await writeFile(DONE, `${new Date().toISOString()}\n`);
  return { verifierKey: keys.verifierKey, buildMs };
}

/** Counts the hash reads of one proof. */
function counted(store: LedgerStore): { store: LedgerStore; take: () => { reads: number; hashes: number } } {
  let reads = 0;
  let hashes = 0;
  const wrapped: LedgerStore = {
    ...store,
    hashes: async (level, from, to) => {
      const found = await store.hashes(level, from, to);
      reads++;
      hashes += found.length;
      return found;
    },
  };
  return {
    store: wrapped,
    take: () => {
      const taken = { reads, hashes };
      reads = 0;
      hashes = 0;
      return taken;
    },
  };
}

const micros = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export async function benchProofs(): Promise<ProofsBench> {
  const { verifierKey, buildMs } = await build();
  const raw = openSqliteStore(LEDGER, { readonly: true });
  const { store, take } = counted(raw);
  const random = generator(7);
  let failures = 0;
  try {
    const root = await rootAt(store, ENTRIES);
    take();
    const inclusion = { prove: [] as number[], verify: [] as number[], reads: [] as number[], hashes: [] as number[] };
    for (let n = 0; n < CASES; n++) {
      const index = random(ENTRIES);
      const [leaf] = await raw.hashes(0, index, index + 1);
      let start = process.hrtime.bigint();
      const proof = await proveInclusion(store, index, ENTRIES);
      inclusion.prove.push(micros(start));
      const { reads, hashes } = take();
      inclusion.reads.push(reads);
      inclusion.hashes.push(hashes);
      start = process.hrtime.bigint();
      if (!leaf || !verifyInclusion(index, ENTRIES, leaf, proof, root)) failures++;
      inclusion.verify.push(micros(start));
    }
    const consistency = { prove: [] as number[], verify: [] as number[], reads: [] as number[], hashes: [] as number[] };
    for (let n = 0; n < CASES; n++) {
      const oldSize = 1 + random(ENTRIES - 1);
      const oldRoot = await rootAt(store, oldSize);
      take();
      let start = process.hrtime.bigint();
      const proof = await proveConsistency(store, oldSize, ENTRIES);
      consistency.prove.push(micros(start));
      const { reads, hashes } = take();
      consistency.reads.push(reads);
      consistency.hashes.push(hashes);
      start = process.hrtime.bigint();
      if (!verifyConsistency(oldSize, ENTRIES, oldRoot, root, proof)) failures++;
      consistency.verify.push(micros(start));
    }
    const receipts: number[] = [];
    for (let n = 0; n < 100; n++) {
      const start = process.hrtime.bigint();
      const receipt = await receiptFor(raw, random(ENTRIES));
      receipts.push(micros(start));
      if (!verifyReceipt(receipt, verifierKey).ok) failures++;
    }
    const batchMs = await timeBatchReceipts(raw);
    const verifyStart = process.hrtime.bigint();
    const report = await verifyLedger(raw, verifierKey);
    const verifyMs = Number(process.hrtime.bigint() - verifyStart) / 1e6;
    const summary = (s: typeof inclusion) => ({
      proveUs: median(s.prove),
      verifyUs: median(s.verify),
      reads: median(s.reads),
      hashes: median(s.hashes),
    });
    return {
      entries: ENTRIES,
      buildMs,
      inclusion: summary(inclusion),
      consistency: summary(consistency),
      receiptUs: median(receipts),
      batchReceiptsMs: batchMs,
      verifyMs,
      verified: report.ok,
      failures,
    };
  } finally {
    await raw.close();
  }
}

/** Receipts for a batch of 1,000 built in memory on top of a tree of 999,000, as an append hands them out. */
async function timeBatchReceipts(store: LedgerStore): Promise<number> {
  const base = new MerkleBuilder();
  for await (const batch of store.entries({ to: ENTRIES - BATCH })) for (const item of batch) base.push(item.leafHash);
  const entries: NewEntry[] = [];
  for await (const batch of store.entries({ from: ENTRIES - BATCH })) {
    for (const item of batch) entries.push({ entry: item.entry, leafHash: leafHash(item.entry) });
  }
  const runs: number[] = [];
  for (let n = 0; n < 20; n++) {
    const start = process.hrtime.bigint();
    batchReceipts(base, entries, "bench.custody/proofs\n1000000\nAAAA\n\n— bench AAAA\n");
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(runs);
}

export function formatProofsBench(bench: ProofsBench): string {
  const us = (n: number) => `${n.toFixed(0)} µs`;
  const built = bench.buildMs > 0 ? ` (built in ${(bench.buildMs / 1000).toFixed(0)} s = ${Math.round(bench.entries / bench.buildMs * 1000)} appends/s)` : "";
  return [
    `proofs, SQLite ledger of ${bench.entries.toLocaleString("en-US")} entries${built}, medians over ${CASES} random cases:`,
    `  inclusion: generate ${us(bench.inclusion.proveUs)} (${bench.inclusion.reads} reads, ${bench.inclusion.hashes} hashes), verify ${us(bench.inclusion.verifyUs)}`,
    `  consistency: generate ${us(bench.consistency.proveUs)} (${bench.consistency.reads} reads, ${bench.consistency.hashes} hashes), verify ${us(bench.consistency.verifyUs)}`,
    `  receipt from the store (entry read, proof, check against the signed root): ${us(bench.receiptUs)}`,
    `  receipts for a batch of ${BATCH} built in memory while appending: ${bench.batchReceiptsMs.toFixed(1)} ms`,
    `  verifyLedger over all entries: ${(bench.verifyMs / 1000).toFixed(1)} s = ${Math.round((bench.entries / bench.verifyMs) * 1000)} entries/s, ok=${bench.verified}` +
      (bench.failures > 0 ? `; ${bench.failures} proofs FAILED to verify` : ""),
  ].join("\n");
}
