import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import Database from "better-sqlite3";
import type { LedgerEvent } from "../core/types.js";
import { toHex } from "./bytes.js";
import { encodeEvent } from "./events.js";
import { createLedger } from "./ledger.js";
import { leafHash } from "./merkle.js";
import { generateSigner, parseSignerKey } from "./note-keys.js";
import { memoryTree } from "./proof.js";
import { proveConsistency, proveInclusion, rootAt } from "./proof-store.js";
import { receiptFor } from "./receipt-ledger.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { LedgerStore } from "./store.js";

const ORIGIN = "custody.example/proofs";
const signer = parseSignerKey(generateSigner(ORIGIN).signerKey);
const dir = mkdtempSync(join(tmpdir(), "custody-proof-store-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
let files = 0;

function event(i: number): LedgerEvent {
  return { type: "scan.completed", time: "2026-01-01T00:00:00.000Z", actor: "ci", subject: `change:${i}`, payload: { n: i } };
}
const leaves = (count: number): Uint8Array[] => Array.from({ length: count }, (_, i) => leafHash(encodeEvent(event(i))));

/** A ledger file holding `count` events appended in batches of uneven sizes. */
async function ledgerFile(count: number): Promise<string> {
  const path = join(dir, `ledger-${files++}.sqlite`);
  const store = openSqliteStore(path);
  const ledger = await createLedger(store, { origin: ORIGIN, signer });
  for (let from = 0, batch = 1; from < count; from += batch, batch = (batch * 7 + 3) % 97 || 1) {
    await ledger.append(Array.from({ length: Math.min(batch, count - from) }, (_, i) => event(from + i)));
  }
  await ledger.close();
  return path;
}

/** Counts what a proof reads from the store. */
function counting(store: LedgerStore): { store: LedgerStore; calls: () => number; rows: () => number } {
  let calls = 0;
  let rows = 0;
  const wrapped: LedgerStore = {
    ...store,
    hashes: async (level, from, to) => {
      calls++;
      const found = await store.hashes(level, from, to);
      rows += found.length;
      return found;
    },
  };
  return { store: wrapped, calls: () => calls, rows: () => rows };
}

/** Makes the file look like one written before interior nodes were kept. */
function dropNodes(path: string): void {
  const db = new Database(path);
  db.exec("DROP TRIGGER nodes_append_only_update; DROP TRIGGER nodes_append_only_delete; DROP TABLE nodes");
  db.close();
}

void describe("proofs from a ledger store", () => {
  void it("match in-memory proofs for every size and entry of a ledger appended in uneven batches", async () => {
    const count = 300;
    const store = openSqliteStore(await ledgerFile(count), { readonly: true });
    const tree = memoryTree(leaves(count));
    for (const size of [1, 2, 3, 17, 64, 255, 256, 257, 299, 300]) {
      assert.equal(toHex(await rootAt(store, size)), toHex(tree.root(size)), `root at ${size}`);
      for (const index of new Set([0, 1, size >> 1, size - 1].filter((i) => i < size))) {
        assert.deepEqual((await proveInclusion(store, index, size)).map(toHex), tree.inclusion(index, size).map(toHex));
      }
      for (const old of new Set([1, 5, 16, size >> 1, size].filter((o) => o >= 1 && o <= size))) {
        assert.deepEqual((await proveConsistency(store, old, size)).map(toHex), tree.consistency(old, size).map(toHex));
      }
    }
    assert.deepEqual(await proveConsistency(store, 0, count), []);
    await assert.rejects(proveInclusion(store, count, count), { code: "usage" });
    await store.close();
  });

  void it("reads O(log n) hashes per proof from a ledger of 5,000 entries", async () => {
    const count = 5000;
    const { store, calls, rows } = counting(openSqliteStore(await ledgerFile(count), { readonly: true }));
    const proof = await proveInclusion(store, 1234, count);
    assert.deepEqual(proof.map(toHex), memoryTree(leaves(count)).inclusion(1234, count).map(toHex));
    // 13 levels: each proof hash takes at most two reads of at most 8 stored hashes (and a right edge a few more).
    console.log(`inclusion proof of entry 1234 of 5000: ${calls()} reads, ${rows()} hashes`);
    assert.ok(calls() <= 40, `${calls()} reads`);
    assert.ok(rows() <= 200, `${rows()} hashes read`);
    await store.close();
  });

  void it("still answers for a ledger written before nodes were kept, and keeps nodes once it is written again", async () => {
    const path = await ledgerFile(200);
    dropNodes(path);
    const old = counting(openSqliteStore(path, { readonly: true }));
    assert.deepEqual((await proveInclusion(old.store, 150, 200)).map(toHex), memoryTree(leaves(200)).inclusion(150, 200).map(toHex));
    assert.ok(old.rows() >= 150, "without nodes the proof is rebuilt from the leaves");
    await old.store.close();

    const store = openSqliteStore(path);
    const ledger = await createLedger(store, { origin: ORIGIN, signer });
    await ledger.append(Array.from({ length: 100 }, (_, i) => event(200 + i)));
    assert.equal((await store.hashes(8, 0, 2)).length, 1, "the level-8 node completed by the new batch is kept");
    const tree = memoryTree(leaves(300));
    for (const index of [3, 199, 200, 299]) {
      assert.deepEqual((await proveInclusion(store, index, 300)).map(toHex), tree.inclusion(index, 300).map(toHex));
    }
    await ledger.close();
  });

  void it("refuses to hand out a proof built from a tampered node", async () => {
    const path = await ledgerFile(100);
    const db = new Database(path);
    db.exec("DROP TRIGGER nodes_append_only_update");
    db.prepare("UPDATE nodes SET hash = ? WHERE level = 4 AND idx = 0").run(Buffer.alloc(32, 7));
    db.close();
    const store = openSqliteStore(path, { readonly: true });
    await assert.rejects(receiptFor(store, 90), (error: Error & { code?: string }) => {
      assert.equal(error.code, "ledger-invalid");
      assert.match(error.message, /does not match its signed checkpoint.*custody ledger verify/);
      return true;
    });
    assert.match(await receiptFor(store, 5), /^c2sp\.org\/tlog-proof@v1\n/, "entries whose proof avoids the node still get one");
    await store.close();
  });
});
