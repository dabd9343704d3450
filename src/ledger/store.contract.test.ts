// The behaviour every LedgerStore must share, run against each implementation. A new store (e.g.
// PostgreSQL) joins by adding itself to IMPLEMENTATIONS.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { dropSchemas, freshSchemaName, urlWithSchema } from "../../test/helpers/postgres.js";
import { leafHash } from "./merkle.js";
import { openPostgresStore } from "./postgres-store.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { LedgerStore, NewEntry, StoredEntry } from "./store.js";

interface Implementation {
  name: string;
  /** A fresh, empty store, and a way to open the same store again. */
  create(): Promise<{ store: LedgerStore; reopen: () => Promise<LedgerStore> }>;
}

const dir = mkdtempSync(join(tmpdir(), "custody-store-contract-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
let files = 0;
const schemas: string[] = [];
after(() => dropSchemas(schemas));

const IMPLEMENTATIONS: Implementation[] = [
  {
    name: "sqlite",
    create() {
      const path = join(dir, `ledger-${files++}.sqlite`);
      return Promise.resolve({ store: openSqliteStore(path), reopen: () => Promise.resolve(openSqliteStore(path)) });
    },
  },
  {
    name: "postgresql",
    async create() {
      const schema = freshSchemaName("custody_contract");
      schemas.push(schema);
      const url = urlWithSchema(schema);
      return { store: await openPostgresStore({ url }), reopen: () => openPostgresStore({ url, create: false }) };
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
      const { store } = await implementation.create();
      assert.equal(await store.nextIndex(), 0);
      assert.equal(await store.countEntries(), 0);
      assert.deepEqual(await readAll(store), []);
      assert.equal(await store.latestCheckpoint(), undefined);
      await store.close();
    });

    void it("appends batches at consecutive indexes and reads them back in order, in batches", async () => {
      const { store } = await implementation.create();
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
      const { store } = await implementation.create();
      await store.append(0, entries(0, 2));
      const note = "stale\n";
      await assert.rejects(store.append(1, entries(1, 2), { size: 3, note }), { code: "ledger-conflict" });
      assert.equal(await store.nextIndex(), 2);
      assert.equal(await store.latestCheckpoint(), undefined);
      await store.close();
    });

    void it("stores a checkpoint with its batch, frontier included, and orders checkpoints by size", async () => {
      const { store } = await implementation.create();
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

    void it("keeps the interior nodes of a batch and returns stored hashes in order up to the first gap", async () => {
      const { store } = await implementation.create();
      const node = (level: number, index: number) => ({ level, index, hash: new Uint8Array(32).fill(level * 16 + index) });
      const bytes = (hashes: Uint8Array[]) => hashes.map((h) => Buffer.from(h));
      await store.append(0, entries(0, 4), { size: 4, note: "n\n" }, [node(1, 0), node(1, 1), node(2, 0)]);
      await assert.rejects(store.append(0, entries(0, 1), undefined, [node(3, 0)]), { code: "ledger-conflict" });
      assert.deepEqual(bytes(await store.hashes(0, 1, 10)), bytes(entries(1, 3).map((e) => e.leafHash)));
      assert.deepEqual(bytes(await store.hashes(1, 0, 5)), bytes([node(1, 0).hash, node(1, 1).hash]));
      assert.deepEqual(bytes(await store.hashes(2, 0, 1)), bytes([node(2, 0).hash]));
      assert.deepEqual(await store.hashes(3, 0, 1), [], "a refused append keeps none of its nodes");
      assert.deepEqual(await store.hashes(1, 2, 4), []);
      await store.close();
    });

    void it("stops hashes at a hole in the middle of a level and keeps nodes across reopening", async () => {
      const { store, reopen } = await implementation.create();
      const hash = (fill: number) => new Uint8Array(32).fill(fill);
      const bytes = (hashes: Uint8Array[]) => hashes.map((h) => Buffer.from(h));
      // Level 4 nodes 0, 1 and 3 are kept; node 2 is not (as in a ledger that started keeping nodes late).
      const nodes = [0, 1, 3].map((index) => ({ level: 4, index, hash: hash(index + 1) }));
      await store.append(0, entries(0, 64), { size: 64, note: "n\n" }, nodes);
      await store.close();
      const again = await reopen();
      assert.deepEqual(bytes(await again.hashes(4, 0, 4)), bytes([hash(1), hash(2)]), "stops before the missing node 2");
      assert.deepEqual(bytes(await again.hashes(4, 1, 2)), bytes([hash(2)]));
      assert.deepEqual(bytes(await again.hashes(4, 3, 9)), bytes([hash(4)]));
      assert.deepEqual(await again.hashes(4, 2, 4), [], "nothing when the first index is missing");
      assert.deepEqual(await again.hashes(4, 1, 1), [], "nothing for an empty range");
      assert.deepEqual(bytes(await again.hashes(0, 62, 70)), bytes(entries(62, 2).map((e) => e.leafHash)));
      await again.close();
    });

    void it("keeps metadata and everything else across reopening", async () => {
      const { store, reopen } = await implementation.create();
      await store.setMeta("origin", "example.com/a");
      await store.setMeta("origin", "example.com/b");
      await store.append(0, entries(0, 2), { size: 2, note: "n\n" });
      await store.close();
      const again = await reopen();
      assert.equal(await again.getMeta("origin"), "example.com/b");
      assert.equal(await again.getMeta("verifier-key"), undefined);
      assert.equal(await again.nextIndex(), 2);
      assert.equal((await again.latestCheckpoint())?.size, 2);
      await again.close();
    });
  });
}
