// One way in for every caller that is handed a ledger location: a file path means the SQLite store,
// a postgres:// or postgresql:// URL the PostgreSQL store. Each store's driver is loaded only when it
// is used, so that a command working on a file never pays for loading the PostgreSQL client.
import { existsSync } from "node:fs";
import { isDatabaseUrl } from "./postgres-url.js";
import type { LedgerStore } from "./store.js";

export interface OpenLedgerStoreOptions {
  /** Create the ledger when missing (default true; ignored when readonly). */
  create?: boolean;
  /** Open read-only, as an auditor would (default false). */
  readonly?: boolean;
  /** PostgreSQL schema holding the ledger, when the URL has no `schema` parameter (default `custody`). */
  schema?: string;
}

export async function openLedgerStore(location: string, options: OpenLedgerStoreOptions = {}): Promise<LedgerStore> {
  const { schema, ...common } = options;
  if (isDatabaseUrl(location)) {
    const { openPostgresStore } = await import("./postgres-store.js");
    return openPostgresStore({ url: location, ...common, ...(schema !== undefined ? { schema } : {}) });
  }
  const { openSqliteStore } = await import("./sqlite-store.js");
  return openSqliteStore(location, common);
}

/**
 * Whether a ledger is already there, without creating one: a reader that finds none has nothing to
 * read, whereas opening read-only would be an error. Unreachable servers still throw.
 */
export async function ledgerExists(location: string, options: Pick<OpenLedgerStoreOptions, "schema"> = {}): Promise<boolean> {
  if (!isDatabaseUrl(location)) return existsSync(location);
  const { postgresLedgerExists } = await import("./postgres-store.js");
  return postgresLedgerExists(location, options.schema);
}
