// The behaviour every LedgerStore must share, run against each implementation. A new store (e.g.
// PostgreSQL) joins by adding itself to IMPLEMENTATIONS.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { leafHash } from "./merkle.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { LedgerStore, NewEntry, StoredEntry } from "./store.js";

interface Implementation {
  name: string;
  /** A fresh, empty store, and a way to open the same store again. */
  create(): { store: LedgerStore; reopen: () => LedgerStore };
}

const dir = mkdtempSync(join(tmpdir(), "custody-store-contract-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
let files = 0;

const IMPLEMENTATIONS: Implementation[] = [
  {
    name: "sqlite",
    create() {
      const path = join(dir, `ledger-${files++}.sqlite`);
      return { store: openSqliteStore(path), reopen: () => openSqliteStore(path) };
    },
  },
];

function entries(from: number, count: number): NewEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const entry = Buffer.from(`entry ${from + i}`);
    return { entry, leafHash: leafHash(entry) };
  });
}

async function readAll(store: LedgerStore, options?: Parameters<LedgerStore["entries"]>[0]): Promise<StoredEntry[][]> {
  const batches: StoredEntry[][] = [];
  for await (const batch of store.entries(options)) batches.push(batch);
  return batches;
}

for (const implementation of IMPLEMENTATIONS) {
  void describe(`LedgerStore contract: ${implementation.name}`, () => {
    void it("starts empty", async () => {
      const { store } = implementation.create();
      assert.equal(await store.nextIndex(), 0);
      assert.equal(await store.countEntries(), 0);
      assert.deepEqual(await readAll(store), []);
      assert.equal(await store.latestCheckpoint(), undefined);
      await store.close();
    });

    void it("appends batches at consecutive indexes and reads them back in order, in batches", async () => {
      const { store } = implementation.create();
      assert.deepEqual(await store.append(0, entries(0, 3)), [0, 1, 2]);
      assert.deepEqual(await store.append(3, entries(3, 4)), [3, 4, 5, 6]);
      assert.equal(await store.nextIndex(), 7);
      const batches = await readAll(store, { batchSize: 3 });
      assert.deepEqual(batches.map((b) => b.length), [3, 3, 1]);
      const flat = batches.flat();
      assert.deepEqual(flat.map((e) => e.index), [0, 1, 2, 3, 4, 5, 6]);
      const text = (e: NewEntry): string => Buffer.from(e.entry).toString();
      assert.deepEqual(flat.map(text), entries(0, 7).map(text));
      assert.deepEqual(Buffer.from(flat[4]?.leafHash ?? []), Buffer.from(leafHash(Buffer.from("entry 4"))));
      const window = (await readAll(store, { from: 2, to: 5 })).flat().map((e) => e.index);
      assert.deepEqual(window, [2, 3, 4]);
      await store.close();
    });

    void it("rejects an append at a stale index without changing anything", async () => {
      const { store } = implementation.create();
      await store.append(0, entries(0, 2));
      const note = "stale\n";
      await assert.rejects(store.append(1, entries(1, 2), { size: 3, note }), { code: "ledger-conflict" });
      assert.equal(await store.nextIndex(), 2);
      assert.equal(await store.latestCheckpoint(), undefined);
      await store.close();
    });

    void it("stores a checkpoint with its batch, frontier included, and orders checkpoints by size", async () => {
      const { store } = implementation.create();
      const frontier = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)];
      await store.append(0, entries(0, 3), { size: 3, note: "note at 3\n", frontier });
      await store.addCheckpoint({ size: 1, note: "note at 1\n" });
      await store.append(3, entries(3, 1), { size: 4, note: "note at 4\n" });
      const all = [];
      for await (const checkpoint of store.checkpoints()) all.push(checkpoint);
      assert.deepEqual(all.map((c) => c.size), [1, 3, 4]);
      assert.deepEqual(all[1]?.frontier?.map((h) => Buffer.from(h)), frontier.map((h) => Buffer.from(h)));
      assert.equal(all[0]?.frontier, undefined);
      assert.equal((await store.latestCheckpoint())?.note, "note at 4\n");
      await store.close();
    });

    void it("keeps metadata and everything else across reopening", async () => {
      const { store, reopen } = implementation.create();
      await store.setMeta("origin", "example.com/a");
      await store.setMeta("origin", "example.com/b");
      await store.append(0, entries(0, 2), { size: 2, note: "n\n" });
      await store.close();
      const again = reopen();
      assert.equal(await again.getMeta("origin"), "example.com/b");
      assert.equal(await again.getMeta("verifier-key"), undefined);
      assert.equal(await again.nextIndex(), 2);
      assert.equal((await again.latestCheckpoint())?.size, 2);
      await again.close();
    });
  });
}
