import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { LedgerEvent } from "../core/types.js";
import { encodeEvent } from "./events.js";
import { exportLedger } from "./export.js";
import { openLedger } from "./ledger.js";
import { generateSigner, parseSignerKey } from "./note-keys.js";
import type { NoteSigner } from "./note-keys.js";
import { openSqliteStore } from "./sqlite-store.js";
import { encodeBundle, parseBundle } from "./tiles.js";
import { verifyExport } from "./verify-export.js";
import type { VerifyExportOptions } from "./verify-export.js";
import type { VerifyProblem, VerifyReport } from "./verify-report.js";

const ORIGIN = "custody.example/export-audit";
const SIZE = 700;
const signer = parseSignerKey(generateSigner(ORIGIN).signerKey);
const dir = mkdtempSync(join(tmpdir(), "custody-verify-export-"));
let made = 0;
const fresh = (name: string): string => join(dir, `${name}-${made++}`);
/** The signed notes of the honest ledger, by size (every 100 entries). */
const kept = new Map<number, string>();
let honest = "";

function event(i: number, variant = ""): LedgerEvent {
  return {
    type: i % 4 === 0 ? "decision.made" : "scan.completed",
    time: new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString(),
    actor: `alice${variant}`,
    subject: `change:${i.toString(16).padStart(4, "0")}`,
    payload: { index: i, outcome: i % 5 === 0 ? "review" : "pass" },
  };
}

/** Exports a ledger of `size` entries signed by `key`, entry i being `make(i)`. */
async function exportedLedger(size: number, key: NoteSigner = signer, make: (i: number) => LedgerEvent = event): Promise<{ directory: string; notes: Map<number, string> }> {
  const path = fresh("ledger.sqlite");
  const notes = new Map<number, string>();
  const ledger = await openLedger({ path, origin: ORIGIN, signer: key });
  for (let from = 0; from < size; from += 100) {
    const batch = Array.from({ length: Math.min(100, size - from) }, (_, i) => make(from + i));
    notes.set(from + batch.length, (await ledger.append(batch)).checkpoint);
  }
  await ledger.close();
  const store = openSqliteStore(path, { readonly: true });
  const directory = fresh("export");
  try {
    await exportLedger(store, directory);
  } finally {
    await store.close();
  }
  return { directory, notes };
}

before(async () => {
  const built = await exportedLedger(SIZE);
  honest = built.directory;
  for (const [size, note] of built.notes) kept.set(size, note);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function copyOfExport(from = honest): string {
  const copy = fresh("copy");
  cpSync(from, copy, { recursive: true });
  return copy;
}

const verify = (directory: string, options?: VerifyExportOptions): Promise<VerifyReport> => verifyExport(directory, signer.verifierKey, options);

function find(report: VerifyReport, kind: VerifyProblem["kind"]): VerifyProblem {
  const problem = report.problems.find((p) => p.kind === kind);
  assert.ok(problem, `expected a ${kind} problem, got ${JSON.stringify(report.problems, null, 1)}`);
  return problem;
}

function editBundle(directory: string, path: string, edit: (entries: Uint8Array[]) => Uint8Array[]): void {
  const file = join(directory, path);
  writeFileSync(file, encodeBundle(edit(parseBundle(readFileSync(file)).entries)));
}

void describe("verifyExport", () => {
  void it("accepts an untouched export with only the directory and the public key", async () => {
    assert.deepEqual(await verify(honest), { ok: true, size: SIZE, checkedCheckpoints: 1, problems: [] });
  });

  void it("names the entry whose bytes were changed in its bundle", async () => {
    const copy = copyOfExport();
    editBundle(copy, "tile/entries/001", (entries) =>
      entries.map((entry, i) => (i === 44 ? Buffer.from(Buffer.from(entry).toString().replace('"alice"', '"mallo"')) : entry)),
    );
    const report = await verify(copy);
    assert.equal(report.ok, false);
    const problem = find(report, "leaf-hash-mismatch");
    assert.equal(problem.index, 300);
    assert.equal(problem.tile, "tile/entries/001");
    assert.match(problem.message, /entry 300 \(tile\/entries\/001, position 44\) does not hash to tile\/0\/001 hash 44/);
    assert.equal(report.problems.length, 1, JSON.stringify(report.problems));
  });

  void it("names the changed level-0 tile and the level-1 tile that no longer matches it", async () => {
    const copy = copyOfExport();
    const file = join(copy, "tile/0/001");
    const bytes = readFileSync(file);
    bytes[5 * 32] = (bytes[5 * 32] ?? 0) ^ 1;
    writeFileSync(file, bytes);
    const report = await verify(copy);
    assert.equal(find(report, "leaf-hash-mismatch").index, 261);
    const tile = find(report, "tile-mismatch");
    assert.equal(tile.tile, "tile/1/000.p/2");
    assert.match(tile.message, /tile\/1\/000\.p\/2 hash 1 is not the root of tile\/0\/001/);
  });

  void it("detects a changed upper tile and the root it breaks", async () => {
    const copy = copyOfExport();
    const file = join(copy, "tile/1/000.p/2");
    const bytes = readFileSync(file);
    bytes[0] = (bytes[0] ?? 0) ^ 0x80;
    writeFileSync(file, bytes);
    const report = await verify(copy);
    assert.equal(find(report, "tile-mismatch").tile, "tile/1/000.p/2");
    find(report, "root-mismatch");
  });

  void it("rejects a checkpoint that was edited or signed by another key", async () => {
    const edited = copyOfExport();
    const note = readFileSync(join(edited, "checkpoint"), "utf8");
    writeFileSync(join(edited, "checkpoint"), note.replace(`\n${SIZE}\n`, `\n${SIZE - 1}\n`));
    const report = await verify(edited);
    assert.equal(report.ok, false);
    assert.equal(find(report, "checkpoint-unverified").tile, "checkpoint");

    const other = parseSignerKey(generateSigner(ORIGIN).signerKey);
    const forged = await exportedLedger(SIZE, other);
    const forgedReport = await verify(forged.directory);
    assert.match(find(forgedReport, "checkpoint-unverified").message, /no signature from a trusted key/);
  });

  void it("names the first of two entries that were swapped in their bundle", async () => {
    const copy = copyOfExport();
    editBundle(copy, "tile/entries/000", (entries) => {
      const swapped = [...entries];
      [swapped[3], swapped[4]] = [entries[4] as Uint8Array, entries[3] as Uint8Array];
      return swapped;
    });
    const report = await verify(copy);
    const mismatches = report.problems.filter((p) => p.kind === "leaf-hash-mismatch").map((p) => p.index);
    assert.deepEqual(mismatches, [3, 4]);
  });

  void it("detects entries reordered with every tile recomputed to match, by the signed root", async () => {
    // The log's own entries with 650 and 651 swapped, tiles rebuilt to match, under the honest checkpoint.
    const reordered = await exportedLedger(SIZE, signer, (i) => event(i === 650 ? 651 : i === 651 ? 650 : i));
    writeFileSync(join(reordered.directory, "checkpoint"), readFileSync(join(honest, "checkpoint")));
    const report = await verify(reordered.directory);
    assert.deepEqual(report.problems.map((p) => p.kind), ["root-mismatch"]);
    assert.match(report.problems[0]?.message ?? "", /do not hash to the root of the signed checkpoint for size 700/);
  });

  void it("detects a truncated export: missing files and bundles with fewer entries than the checkpoint signs", async () => {
    const missing = copyOfExport();
    unlinkSync(join(missing, "tile/entries/002.p/188"));
    unlinkSync(join(missing, "tile/0/002.p/188"));
    const report = await verify(missing);
    const problems = report.problems.filter((p) => p.kind === "truncated");
    assert.deepEqual(problems.map((p) => p.tile), ["tile/entries/002.p/188", "tile/0/002.p/188"]);
    assert.deepEqual(problems[0]?.range, { first: 512, last: 699 });
    assert.equal(report.size, 512);

    const short = copyOfExport();
    editBundle(short, "tile/entries/001", (entries) => entries.slice(0, 200));
    const shortReport = await verify(short);
    const cut = find(shortReport, "truncated");
    assert.equal(cut.tile, "tile/entries/001");
    assert.deepEqual(cut.range, { first: 456, last: 511 });

    // A shorter log, exported honestly, under the newer checkpoint it no longer reaches.
    const shorter = await exportedLedger(500);
    writeFileSync(join(shorter.directory, "checkpoint"), readFileSync(join(honest, "checkpoint")));
    const shorterReport = await verify(shorter.directory);
    const gone = shorterReport.problems.filter((p) => p.kind === "truncated").map((p) => p.tile);
    assert.deepEqual(gone, ["tile/1/000.p/2", "tile/entries/001", "tile/0/001", "tile/entries/002.p/188", "tile/0/002.p/188"]);
  });

  void it("accepts an export that extends a checkpoint the auditor kept, and rejects one cut back below it", async () => {
    for (const size of [100, 300, 500, 600, SIZE]) {
      const report = await verify(honest, { trustedCheckpoint: kept.get(size) ?? "" });
      assert.equal(report.ok, true, `kept at ${size}: ${JSON.stringify(report.problems)}`);
    }
    const earlier = await exportedLedger(500);
    const report = await verify(earlier.directory, { trustedCheckpoint: kept.get(SIZE) ?? "" });
    assert.match(find(report, "truncated").message, /trusted checkpoint is for 700 entries but the export's checkpoint signs 500/);
  });

  void it("detects a fork signed by the same key against the checkpoint the auditor kept", async () => {
    // Same size, one entry different, every tile and the checkpoint validly made with the log's own key.
    const fork = await exportedLedger(SIZE, signer, (i) => event(i, i === 650 ? "-forked" : ""));
    assert.equal((await verify(fork.directory)).ok, true);
    const sameSize = await verify(fork.directory, { trustedCheckpoint: kept.get(SIZE) ?? "" });
    assert.equal(find(sameSize, "trusted-checkpoint-mismatch").checkpointSize, SIZE);
    // A fork that diverged before the kept size fails the consistency proof computed from its tiles …
    const early = await exportedLedger(SIZE, signer, (i) => event(i, i === 50 ? "-forked" : ""));
    const earlyReport = await verify(early.directory, { trustedCheckpoint: kept.get(300) ?? "" });
    assert.match(find(earlyReport, "trusted-checkpoint-mismatch").message, /consistency proof computed from its tiles fails/);
    // … while one that diverged after it still extends it: the kept checkpoint proves nothing later.
    assert.equal((await verify(fork.directory, { trustedCheckpoint: kept.get(600) ?? "" })).ok, true);
  });

  void it("reports a bundle holding an entry that is not a canonical event", async () => {
    const copy = copyOfExport();
    editBundle(copy, "tile/entries/000", (entries) => entries.map((entry, i) => (i === 7 ? Buffer.from(`${Buffer.from(entry).toString()} `) : entry)));
    const report = await verify(copy);
    const invalid = find(report, "entry-invalid");
    assert.equal(invalid.index, 7);
    assert.match(invalid.message, /canonical/);
    assert.ok(encodeEvent(event(7)).byteLength > 0);
  });

  void it("fails with a clear error when the directory is not there", async () => {
    await assert.rejects(verify(join(dir, "no-such-export")), { code: "export-invalid" });
  });
});
