import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import type { LedgerEvent } from "../core/types.js";
import { encodeEvent } from "./events.js";
import { openLedger } from "./ledger.js";
import { leafHash } from "./merkle.js";
import { generateSigner, parseSignerKey } from "./note-keys.js";
import { signNote } from "./note.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { VerifyOptions } from "./verify.js";
import { verifyLedger } from "./verify.js";
import type { VerifyProblem, VerifyReport } from "./verify-report.js";

const ORIGIN = "custody.example/audit";
const SIZE = 300;
// Uneven batches, so checkpoints land at sizes 10, 20, 30, 41, 58, 68, 78, 88, 99, 116, …, 300.
const BATCHES = [10, 10, 10, 11, 17];
const signer = parseSignerKey(generateSigner(ORIGIN).signerKey);
const dir = mkdtempSync(join(tmpdir(), "custody-verify-"));
const template = join(dir, "template.sqlite");
const boundaries: number[] = [];
const notes = new Map<number, string>();
let copies = 0;

function event(i: number): LedgerEvent {
  return {
    type: i % 3 === 0 ? "decision.made" : "scan.completed",
    time: new Date(Date.UTC(2025, 5, 1) + i * 60_000).toISOString(),
    actor: "alice",
    subject: `change:${i.toString(16).padStart(4, "0")}`,
    payload: { index: i, outcome: i % 5 === 0 ? "review" : "pass" },
  };
}

before(async () => {
  const ledger = await openLedger({ path: template, origin: ORIGIN, signer });
  for (let from = 0, b = 0; from < SIZE; b++) {
    const count = Math.min(BATCHES[b % BATCHES.length] ?? 10, SIZE - from);
    const batch = Array.from({ length: count }, (_, i) => event(from + i));
    const { checkpoint } = await ledger.append(batch);
    from += count;
    boundaries.push(from);
    notes.set(from, checkpoint);
  }
  await ledger.close();
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function copyOfLedger(): string {
  const path = join(dir, `copy-${copies++}.sqlite`);
  copyFileSync(template, path);
  return path;
}

/** What an attacker with write access to the file does: drop the guards, then edit. */
function tamper(path: string, edit: (db: Database.Database) => void): void {
  const db = new Database(path);
  for (const table of ["entries", "checkpoints"]) {
    db.exec(`DROP TRIGGER ${table}_append_only_update; DROP TRIGGER ${table}_append_only_delete;`);
  }
  edit(db);
  db.close();
}

function readEntry(db: Database.Database, index: number): Buffer {
  const row = db.prepare("SELECT entry FROM entries WHERE idx = ?").get(index) as { entry: Buffer };
  return row.entry;
}

function rewrite(db: Database.Database, index: number, entry: Buffer, updateLeafHash: boolean): void {
  db.prepare("UPDATE entries SET entry = ? WHERE idx = ?").run(entry, index);
  if (updateLeafHash) db.prepare("UPDATE entries SET leaf_hash = ? WHERE idx = ?").run(leafHash(entry), index);
}

async function verify(path: string, options?: VerifyOptions, key = signer.verifierKey): Promise<VerifyReport> {
  const store = openSqliteStore(path, { readonly: true });
  try {
    return await verifyLedger(store, key, options);
  } finally {
    await store.close();
  }
}

function find(report: VerifyReport, kind: VerifyProblem["kind"]): VerifyProblem {
  const problem = report.problems.find((p) => p.kind === kind);
  assert.ok(problem, `expected a ${kind} problem, got ${JSON.stringify(report.problems, null, 1)}`);
  return problem;
}

/** The checkpoint sizes around an entry: the last one not covering it and the first one covering it. */
function around(index: number): { first: number; last: number } {
  const first = [0, ...boundaries].filter((b) => b <= index).at(-1) ?? 0;
  const covering = boundaries.find((b) => b > index) ?? SIZE;
  return { first, last: covering - 1 };
}

void describe("verifyLedger", () => {
  void it("accepts an untouched ledger and checks every checkpoint", async () => {
    const report = await verify(copyOfLedger());
    assert.deepEqual(report, { ok: true, size: SIZE, checkedCheckpoints: boundaries.length, problems: [] });
  });

  void it("accepts an untouched ledger against the checkpoint an auditor kept", async () => {
    const report = await verify(copyOfLedger(), { trustedCheckpoint: notes.get(99) ?? "" });
    assert.equal(report.ok, true);
  });

  void it("names the entry whose bytes were changed", async () => {
    const path = copyOfLedger();
    tamper(path, (db) => {
      rewrite(db, 123, Buffer.from(readEntry(db, 123).toString().replace('"alice"', '"mallo"')), false);
    });
    const report = await verify(path);
    assert.equal(report.ok, false);
    assert.deepEqual(report.problems[0], {
      kind: "leaf-hash-mismatch",
      index: 123,
      message: "entry 123 does not match its stored leaf hash: its bytes were changed",
    });
    assert.deepEqual(find(report, "root-mismatch").range, around(123));
  });

  void it("names the range between the last good and first bad checkpoint when hashes were rewritten too", async () => {
    const path = copyOfLedger();
    tamper(path, (db) => {
      rewrite(db, 50, Buffer.from(readEntry(db, 50).toString().replace('"alice"', '"mallo"')), true);
    });
    const report = await verify(path);
    assert.equal(report.ok, false);
    assert.equal(report.problems.some((p) => p.kind === "leaf-hash-mismatch"), false);
    const mismatch = find(report, "root-mismatch");
    assert.deepEqual(mismatch.range, { first: 41, last: 57 });
    assert.match(mismatch.message, /first divergence in entries 41\.\.57/);
  });

  void it("detects two entries swapped with their leaf hashes", async () => {
    const path = copyOfLedger();
    tamper(path, (db) => {
      const a = readEntry(db, 200);
      const b = readEntry(db, 203);
      rewrite(db, 200, b, true);
      rewrite(db, 203, a, true);
    });
    const report = await verify(path);
    assert.equal(report.ok, false);
    assert.deepEqual(find(report, "root-mismatch").range, around(200));
  });

  void it("names both entries when only the entry bytes were swapped", async () => {
    const path = copyOfLedger();
    tamper(path, (db) => {
      const a = readEntry(db, 10);
      rewrite(db, 10, readEntry(db, 11), false);
      rewrite(db, 11, a, false);
    });
    const report = await verify(path);
    const named = report.problems.filter((p) => p.kind === "leaf-hash-mismatch").map((p) => p.index);
    assert.deepEqual(named, [10, 11]);
  });

  void it("names an entry that is no longer a canonical event", async () => {
    const path = copyOfLedger();
    tamper(path, (db) => {
      const pretty = JSON.stringify(JSON.parse(readEntry(db, 77).toString()), null, 2);
      rewrite(db, 77, Buffer.from(pretty), true);
    });
    const report = await verify(path);
    const invalid = find(report, "entry-invalid");
    assert.equal(invalid.index, 77);
    assert.match(invalid.message, /canonical/);
  });

  void it("names an entry deleted from the middle", async () => {
    const path = copyOfLedger();
    tamper(path, (db) => db.exec("DELETE FROM entries WHERE idx = 150"));
    const report = await verify(path);
    assert.deepEqual(find(report, "entry-missing").range, { first: 150, last: 150 });
    assert.equal(report.ok, false);
  });

  void it("detects truncation and says how many entries are missing", async () => {
    const path = copyOfLedger();
    tamper(path, (db) => db.exec("DELETE FROM entries WHERE idx >= 290"));
    const report = await verify(path);
    assert.equal(report.ok, false);
    assert.equal(report.size, 290);
    const truncated = find(report, "truncated");
    assert.deepEqual(truncated.range, { first: 290, last: 299 });
    assert.match(truncated.message, /10 missing/);
  });

  void it("detects truncation that also removed the checkpoints, given a checkpoint the auditor kept", async () => {
    const path = copyOfLedger();
    const kept = boundaries.at(-1) ?? SIZE;
    const cut = boundaries.at(-3) ?? 0;
    tamper(path, (db) => {
      db.prepare("DELETE FROM entries WHERE idx >= ?").run(cut);
      db.prepare("DELETE FROM checkpoints WHERE size > ?").run(cut);
    });
    // Without outside knowledge a cleanly cut log looks like an older, honest one.
    assert.equal((await verify(path)).ok, true);
    const report = await verify(path, { trustedCheckpoint: notes.get(kept) ?? "" });
    assert.equal(report.ok, false);
    assert.deepEqual(find(report, "truncated").range, { first: cut, last: kept - 1 });
  });

  void it("detects a rewrite hidden by deleting the checkpoints after it, given a kept checkpoint", async () => {
    const path = copyOfLedger();
    tamper(path, (db) => {
      rewrite(db, 295, Buffer.from(readEntry(db, 295).toString().replace('"alice"', '"mallo"')), true);
      db.prepare("DELETE FROM checkpoints WHERE size = ?").run(SIZE);
    });
    const report = await verify(path, { trustedCheckpoint: notes.get(SIZE) ?? "" });
    assert.equal(report.ok, false);
    assert.deepEqual(find(report, "trusted-checkpoint-mismatch").range, around(295));
    assert.deepEqual(find(report, "unsigned-entries").range, around(295));
  });

  void it("rejects a checkpoint forged with another key over appended entries", async () => {
    const path = copyOfLedger();
    const forger = parseSignerKey(generateSigner(ORIGIN).signerKey);
    const store = openSqliteStore(path);
    const entries = [event(SIZE), event(SIZE + 1)].map((e) => {
      const entry = encodeEvent(e);
      return { entry, leafHash: leafHash(entry) };
    });
    const note = signNote(`${ORIGIN}\n${SIZE + 2}\n${Buffer.alloc(32).toString("base64")}\n`, forger);
    await store.append(SIZE, entries, { size: SIZE + 2, note });
    await store.close();
    const report = await verify(path);
    assert.equal(report.ok, false);
    assert.equal(find(report, "checkpoint-unverified").checkpointSize, SIZE + 2);
    assert.deepEqual(find(report, "unsigned-entries").range, { first: SIZE, last: SIZE + 1 });
  });

  void it("rejects a stored checkpoint whose text was edited", async () => {
    const path = copyOfLedger();
    tamper(path, (db) => {
      const note = notes.get(58) ?? "";
      db.prepare("UPDATE checkpoints SET note = ? WHERE size = 58").run(note.replace("\n58\n", "\n57\n"));
    });
    const report = await verify(path);
    assert.equal(find(report, "checkpoint-unverified").checkpointSize, 58);
  });

  void it("notices a stored checkpoint size that no longer matches what was signed", async () => {
    const path = copyOfLedger();
    tamper(path, (db) => db.exec("UPDATE checkpoints SET size = 'fifty-eight' WHERE size = 58"));
    const report = await verify(path);
    const invalid = find(report, "checkpoint-invalid");
    assert.equal(invalid.checkpointSize, 58);
    assert.match(invalid.message, /actually signs size 58/);
  });

  void it("fails everything against the wrong verifier key, and rejects a kept checkpoint from another key", async () => {
    const other = generateSigner(ORIGIN);
    const report = await verify(copyOfLedger(), {}, other.verifierKey);
    assert.equal(report.ok, false);
    assert.equal(report.checkedCheckpoints, 0);
    assert.deepEqual(find(report, "unsigned-entries").range, { first: 0, last: SIZE - 1 });
    const foreign = signNote(`${ORIGIN}\n1\n${Buffer.alloc(32).toString("base64")}\n`, parseSignerKey(other.signerKey));
    const withForeign = await verify(copyOfLedger(), { trustedCheckpoint: foreign });
    assert.equal(find(withForeign, "trusted-checkpoint-invalid").kind, "trusted-checkpoint-invalid");
  });

  void it("lists a few problems of each kind and counts the rest", async () => {
    const path = copyOfLedger();
    tamper(path, (db) => db.exec("UPDATE entries SET leaf_hash = zeroblob(32) WHERE idx < 50"));
    const report = await verify(path, { problemLimit: 5 });
    const listed = report.problems.filter((p) => p.kind === "leaf-hash-mismatch");
    assert.deepEqual(listed.slice(0, 5).map((p) => p.index), [0, 1, 2, 3, 4]);
    assert.match(listed[5]?.message ?? "", /45 more leaf-hash-mismatch problems/);
  });

  void it("refuses to open a file that is not a ledger, naming it", () => {
    const path = join(dir, "not-a-ledger.db");
    writeFileSync(path, "SQLite format 3? no.\n".repeat(100));
    assert.throws(() => openSqliteStore(path, { readonly: true }), (error: unknown) =>
      error instanceof Error && "code" in error && error.code === "ledger-invalid" && error.message.includes(path),
    );
  });
});
