import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { dropSchemas, freshSchemaName, TEST_POSTGRES_URL, withSuperuser } from "../../test/helpers/postgres.js";
import { CustodyError } from "../core/errors.js";
import { ledgerExists, openLedgerStore } from "./open-store.js";
import { describeDatabaseUrl, isDatabaseUrl, parseLedgerUrl } from "./postgres-url.js";

const dir = mkdtempSync(join(tmpdir(), "custody-open-store-"));
const schemas: string[] = [];
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchemas(schemas);
});

void describe("openLedgerStore", () => {
  void it("opens an SQLite file for a path", async () => {
    const path = join(dir, "ledger.db");
    const store = await openLedgerStore(path);
    assert.equal(store.location, path);
    assert.equal(await store.nextIndex(), 0);
    await store.close();
    const auditor = await openLedgerStore(path, { readonly: true });
    await auditor.close();
  });

  void it("opens PostgreSQL for a URL, in the schema the URL or the option names", async () => {
    const fromUrl = freshSchemaName("custody_open");
    const fromOption = freshSchemaName("custody_open");
    schemas.push(fromUrl, fromOption);
    const first = await openLedgerStore(`${TEST_POSTGRES_URL}?schema=${fromUrl}`);
    const second = await openLedgerStore(TEST_POSTGRES_URL.replace(/^postgres:/, "postgresql:"), { schema: fromOption });
    assert.match(first.location, new RegExp(`\\?schema=${fromUrl}$`));
    assert.match(second.location, new RegExp(`^postgresql://.*\\?schema=${fromOption}$`));
    await first.close();
    await second.close();
    const found = await withSuperuser((client) =>
      client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname = ANY($1) ORDER BY nspname", [[fromUrl, fromOption]]),
    );
    assert.deepEqual(found.rows.map((r) => r.nspname), [fromUrl, fromOption].sort());
  });

  void it("refuses a URL and an option that name different schemas, and unsafe schema names", async () => {
    await assert.rejects(openLedgerStore(`${TEST_POSTGRES_URL}?schema=a`, { schema: "b" }), { code: "usage" });
    await assert.rejects(openLedgerStore(`${TEST_POSTGRES_URL}?schema=Robert";DROP`), (error: unknown) =>
      error instanceof CustodyError && error.code === "usage" && /schema name .* is not allowed/.test(error.message),
    );
  });
});

void describe("ledgerExists", () => {
  void it("answers for files and schemas without creating either, and names an unreachable server", async () => {
    const path = join(dir, "later.db");
    assert.equal(await ledgerExists(path), false);
    const schema = freshSchemaName("custody_exists");
    schemas.push(schema);
    const url = `${TEST_POSTGRES_URL}?schema=${schema}`;
    assert.equal(await ledgerExists(url), false);
    assert.equal(await ledgerExists(url), false, "asking created nothing");
    await (await openLedgerStore(url)).close();
    await (await openLedgerStore(path)).close();
    assert.equal(await ledgerExists(url), true);
    assert.equal(await ledgerExists(path), true);
    await assert.rejects(ledgerExists("postgres://u:pw@127.0.0.1:1/test"), { code: "ledger-unreachable" });
  });
});

void describe("ledger URLs", () => {
  void it("tells URLs from paths", () => {
    assert.equal(isDatabaseUrl("postgres://h/db"), true);
    assert.equal(isDatabaseUrl("POSTGRESQL://h/db"), true);
    assert.equal(isDatabaseUrl("./postgres://h"), false);
    assert.equal(isDatabaseUrl("/var/lib/custody/ledger.db"), false);
  });

  void it("masks a password in the user part, in a parameter, and in a URL it cannot parse", () => {
    assert.equal(describeDatabaseUrl("postgres://u:pa%40ss@h:5432/db"), "postgres://u:***@h:5432/db");
    assert.equal(describeDatabaseUrl("postgres://u@h/db?password=pw&sslmode=require"), "postgres://u@h/db?password=***&sslmode=require");
    assert.doesNotMatch(describeDatabaseUrl("postgres://u:se cret@h:bad port/db"), /se cret/);
  });

  void it("takes Custody's schema parameter off the URL the driver gets, and defaults it to custody", () => {
    const parsed = parseLedgerUrl("postgres://u:pw@h/db?sslmode=require&schema=audit_log");
    assert.deepEqual(parsed, {
      connectionString: "postgres://u:pw@h/db?sslmode=require",
      schema: "audit_log",
      location: "postgres://u:***@h/db?sslmode=require&schema=audit_log",
    });
    assert.equal(parseLedgerUrl("postgres://h/db").schema, "custody");
  });
});
