// The PostgreSQL server the ledger tests run against (the machine's own, started before the tests;
// CUSTODY_TEST_POSTGRES_URL points elsewhere). Every test gets a schema of its own, dropped at the end.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const TEST_POSTGRES_URL = process.env.CUSTODY_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A schema name no other test (or concurrent test run) uses. */
export function freshSchemaName(prefix = "custody_test"): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

/** Runs `work` with a connection of the test server's superuser. */
export async function withSuperuser<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropSchemas(names: Iterable<string>): Promise<void> {
  const list = [...names];
  if (list.length === 0) return;
  await withSuperuser(async (client) => {
    for (const name of list) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  });
}

/** The test server URL with `schema` selected. */
export function urlWithSchema(schema: string, base = TEST_POSTGRES_URL): string {
  const url = new URL(base);
  url.searchParams.set("schema", schema);
  return url.toString();
}
