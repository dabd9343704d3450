// The PostgreSQL store against the machine's real server: append-only guards (triggers and
// privileges), concurrent appenders, and the errors a user sees for a wrong URL or schema.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, describe, it } from "node:test";
import pg from "pg";
import { dropSchemas, freshSchemaName, TEST_POSTGRES_URL, urlWithSchema, withSuperuser } from "../../test/helpers/postgres.js";
import { CustodyError } from "../core/errors.js";
import { createLedger } from "./ledger.js";
import { leafHash } from "./merkle.js";
import { generateSigner, parseSignerKey } from "./note-keys.js";
import { postgresWriterGrants } from "./postgres-schema.js";
import { openPostgresStore } from "./postgres-store.js";
import type { LedgerStore, NewEntry } from "./store.js";
import { verifyLedger } from "./verify.js";

const schemas: string[] = [];
after(() => dropSchemas(schemas));

async function freshStore(): Promise<{ store: LedgerStore; schema: string; url: string }> {
  const schema = freshSchemaName("custody_pg");
  schemas.push(schema);
  const url = urlWithSchema(schema);
  return { store: await openPostgresStore({ url }), schema, url };
}

function entries(from: number, count: number): NewEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const entry = Buffer.from(`entry ${from + i}`);
    return { entry, leafHash: leafHash(entry) };
  });
}

const node = (level: number, index: number): { level: number; index: number; hash: Uint8Array } => ({
  level,
  index,
  hash: new Uint8Array(32).fill(level * 16 + index),
});

/** Every statement that would rewrite history, for each append-only table. */
function rewrites(schema: string): string[] {
  return ["entries", "checkpoints", "nodes"].flatMap((table) => [
    `UPDATE "${schema}".${table} SET ${table === "checkpoints" ? "note = 'forged'" : table === "entries" ? "entry = '\\x00'" : "hash = '\\x00'"}`,
    `DELETE FROM "${schema}".${table}`,
    `DELETE FROM "${schema}".${table} WHERE false`,
    `TRUNCATE "${schema}".${table}`,
  ]);
}

async function populated(): Promise<{ store: LedgerStore; schema: string; url: string }> {
  const fresh = await freshStore();
  await fresh.store.append(0, entries(0, 4), { size: 4, note: "n4\n" }, [node(1, 0), node(1, 1), node(2, 0)]);
  return fresh;
}

void describe("postgresql ledger store", () => {
  void it("refuses UPDATE, DELETE and TRUNCATE of entries, checkpoints and nodes, even for a superuser", async () => {
    const { store, schema } = await populated();
    await withSuperuser(async (client) => {
      for (const sql of rewrites(schema)) await assert.rejects(client.query(sql), /is append-only: (UPDATE|DELETE|TRUNCATE) refused/, sql);
    });
    assert.equal(await store.countEntries(), 4);
    assert.equal((await store.hashes(1, 0, 2)).length, 2);
    assert.equal((await store.latestCheckpoint())?.note, "n4\n");
    await store.close();
  });

  void it("lets a writer role append and read but not rewrite, even with the triggers disabled", async () => {
    const { store, schema, url } = await populated();
    const role = `custody_writer_${randomBytes(4).toString("hex")}`;
    await withSuperuser(async (client) => {
      await client.query(`CREATE ROLE ${role} LOGIN`);
      for (const sql of postgresWriterGrants(schema, role)) await client.query(sql);
      for (const table of ["entries", "checkpoints", "nodes"]) await client.query(`ALTER TABLE "${schema}".${table} DISABLE TRIGGER USER`);
    });
    try {
      const writerUrl = new URL(url);
      writerUrl.username = role;
      const writer = new pg.Client({ connectionString: writerUrl.toString().replace(/\?.*$/, "") });
      await writer.connect();
      try {
        for (const sql of rewrites(schema)) await assert.rejects(writer.query(sql), /permission denied/, sql);
        await assert.rejects(writer.query(`ALTER TABLE "${schema}".entries ENABLE TRIGGER USER`), /must be owner/);
      } finally {
        await writer.end();
      }
      const keys = generateSigner("custody.example/writer");
      const writerStore = await openPostgresStore({ url: writerUrl.toString() });
      const ledger = await createLedger(writerStore, { origin: "custody.example/writer", signer: parseSignerKey(keys.signerKey) });
      assert.deepEqual(await writerStore.append(4, entries(4, 2), { size: 6, note: "n6\n" }, [node(1, 2)]), [4, 5]);
      await assert.rejects(writerStore.setMeta("origin", "custody.example/other"), { code: "ledger-denied" });
      await ledger.close();
      assert.equal(await store.getMeta("origin"), "custody.example/writer");
      assert.equal(await store.getMeta("verifier-key"), keys.verifierKey);
      assert.equal((await store.latestCheckpoint())?.note, "n6\n");
      assert.equal((await store.hashes(1, 0, 9)).length, 3);
      const other = new URL(writerUrl);
      other.searchParams.set("schema", freshSchemaName("custody_pg_denied"));
      await assert.rejects(openPostgresStore({ url: other.toString() }), (error: unknown) => {
        assert.ok(error instanceof CustodyError);
        assert.equal(error.code, "ledger-denied");
        assert.match(error.message, /permission denied/);
        return true;
      });
    } finally {
      await withSuperuser(async (client) => {
        await client.query(`DROP OWNED BY ${role}`);
        await client.query(`DROP ROLE ${role}`);
      });
      await store.close();
    }
  });

  void it("lets an auditor role with USAGE and SELECT read the ledger read-only, and nothing more", async () => {
    const { store, schema, url } = await populated();
    const role = `custody_auditor_${randomBytes(4).toString("hex")}`;
    await withSuperuser(async (client) => {
      await client.query(`CREATE ROLE ${role} LOGIN`);
      await client.query(`GRANT USAGE ON SCHEMA "${schema}" TO ${role}`);
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA "${schema}" TO ${role}`);
    });
    try {
      const auditorUrl = new URL(url);
      auditorUrl.username = role;
      const auditor = await openPostgresStore({ url: auditorUrl.toString(), readonly: true });
      assert.equal(await auditor.countEntries(), 4);
      assert.equal((await auditor.latestCheckpoint())?.note, "n4\n");
      await auditor.close();
      const careless = await openPostgresStore({ url: auditorUrl.toString() });
      await assert.rejects(careless.append(4, entries(4, 1)), { code: "ledger-denied" });
      await careless.close();
    } finally {
      await withSuperuser(async (client) => {
        await client.query(`DROP OWNED BY ${role}`);
        await client.query(`DROP ROLE ${role}`);
      });
      await store.close();
    }
  });

  void it("lets exactly one of two appenders at the same index succeed, every time", async () => {
    const { store: first, url } = await freshStore();
    const second = await openPostgresStore({ url });
    for (let round = 0; round < 20; round++) {
      const at = round * 2;
      const results = await Promise.allSettled([
        first.append(at, entries(at, 2), { size: at + 2, note: `first ${round}\n` }, [node(1, round)]),
        second.append(at, entries(at, 2), { size: at + 2, note: `second ${round}\n` }, [node(1, round)]),
      ]);
      assert.equal(results.filter((r) => r.status === "fulfilled").length, 1, `round ${round}`);
      const failure = results.find((r) => r.status === "rejected");
      assert.ok(failure?.status === "rejected" && failure.reason instanceof CustodyError);
      assert.equal(failure.reason.code, "ledger-conflict");
    }
    assert.equal(await first.nextIndex(), 40);
    assert.equal(await first.countEntries(), 40);
    assert.equal((await first.hashes(1, 0, 100)).length, 20);
    const sizes: number[] = [];
    for await (const checkpoint of first.checkpoints()) sizes.push(checkpoint.size);
    assert.deepEqual(sizes, Array.from({ length: 20 }, (_, round) => round * 2 + 2));
    await first.close();
    await second.close();
  });

  void it("lets two ledgers appending at the same moment both land, one after a retry, and the result verifies", async () => {
    const { store: a, url } = await freshStore();
    const b = await openPostgresStore({ url });
    const origin = "custody.example/concurrent";
    const keys = generateSigner(origin);
    const signer = parseSignerKey(keys.signerKey);
    const event = (writer: string, i: number) => ({
      type: "scan.completed" as const,
      time: "2026-11-21T10:00:00.000Z",
      actor: writer,
      subject: `change:${writer}-${i}`,
      payload: { i },
    });
    const ledgers = [await createLedger(a, { origin, signer }), await createLedger(b, { origin, signer })];
    const appended: number[] = [];
    for (let round = 0; round < 15; round++) {
      const results = await Promise.all(ledgers.map((ledger, w) => ledger.append([event(`w${w}`, round), event(`w${w}`, round + 100)])));
      appended.push(...results.flatMap((result) => result.indexes));
    }
    assert.deepEqual(appended.sort((x, y) => x - y), Array.from({ length: 60 }, (_, i) => i));
    const report = await verifyLedger(a, keys.verifierKey);
    assert.deepEqual({ ok: report.ok, size: report.size, problems: report.problems }, { ok: true, size: 60, problems: [] });
    await a.close();
    await b.close();
  });

  void it("returns stored hashes in index order and stops at the first one it does not hold", async () => {
    const { store, schema } = await populated();
    await store.append(4, entries(4, 2), undefined, [node(1, 2)]);
    assert.deepEqual(await store.hashes(0, 1, 5), entries(1, 4).map((e) => Buffer.from(e.leafHash)));
    assert.deepEqual(await store.hashes(1, 0, 9), [0, 1, 2].map((i) => Buffer.from(node(1, i).hash)));
    assert.deepEqual(await store.hashes(2, 1, 2), []);
    await assert.rejects(store.append(4, entries(4, 1), undefined, [node(3, 0)]), { code: "ledger-conflict" });
    assert.deepEqual(await store.hashes(3, 0, 1), [], "a refused append keeps none of its nodes");
    await withSuperuser(async (client) => {
      await client.query(`ALTER TABLE "${schema}".entries DISABLE TRIGGER USER`);
      await client.query(`DELETE FROM "${schema}".entries WHERE idx = 3`);
    });
    assert.equal((await store.hashes(0, 0, 6)).length, 3);
    await store.close();
  });

  void it("cannot write through a read-only store", async () => {
    const { store, url } = await populated();
    const auditor = await openPostgresStore({ url, readonly: true });
    await assert.rejects(auditor.append(4, entries(4, 1)), { code: "ledger-denied" });
    await assert.rejects(auditor.setMeta("origin", "x.example/y"), { code: "ledger-denied" });
    assert.equal(await auditor.countEntries(), 4);
    await auditor.close();
    await store.close();
  });
});

void describe("postgresql ledger store: wrong places", () => {
  void it("says which server it cannot reach, without its password, and what to do", async () => {
    await assert.rejects(openPostgresStore({ url: "postgres://ledger:s3cret-pw@127.0.0.1:1/test" }), (error: unknown) => {
      assert.ok(error instanceof CustodyError);
      assert.equal(error.code, "ledger-unreachable");
      assert.match(error.message, /postgres:\/\/ledger:\*\*\*@127\.0\.0\.1:1\/test/);
      assert.match(error.message, /start PostgreSQL/);
      assert.doesNotMatch(error.message, /s3cret-pw/);
      return true;
    });
  });

  void it("names a database that does not exist", async () => {
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = "/custody_no_such_database";
    await assert.rejects(openPostgresStore({ url: url.toString() }), (error: unknown) =>
      error instanceof CustodyError && error.code === "ledger-unreachable" && /custody_no_such_database" does not exist/.test(error.message),
    );
  });

  void it("refuses a schema that holds other tables and leaves it untouched", async () => {
    const schema = freshSchemaName("custody_pg_foreign");
    schemas.push(schema);
    await withSuperuser((client) => client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.users (name text)`));
    await assert.rejects(openPostgresStore({ url: urlWithSchema(schema) }), (error: unknown) =>
      error instanceof CustodyError && error.code === "ledger-invalid" && /is not a Custody ledger/.test(error.message),
    );
    const tables = await withSuperuser((client) =>
      client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = $1", [schema]),
    );
    assert.deepEqual(tables.rows, [{ tablename: "users" }]);
  });

  void it("refuses a meta table without the ledger's format marker", async () => {
    const schema = freshSchemaName("custody_pg_marker");
    schemas.push(schema);
    await withSuperuser((client) =>
      client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.meta (key text, value text); INSERT INTO ${schema}.meta VALUES ('format', 'other/1')`),
    );
    await assert.rejects(openPostgresStore({ url: urlWithSchema(schema) }), /not a Custody ledger \(format marker "other\/1"/);
  });

  void it("does not create a ledger when opening read-only", async () => {
    const schema = freshSchemaName("custody_pg_missing");
    await assert.rejects(openPostgresStore({ url: urlWithSchema(schema), readonly: true }), (error: unknown) =>
      error instanceof CustodyError && error.code === "ledger-invalid" && /holds no Custody ledger/.test(error.message),
    );
    const found = await withSuperuser((client) => client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]));
    assert.equal(found.rowCount, 0);
  });
});
