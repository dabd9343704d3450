// Plumbing shared by the PostgreSQL store and its schema: transactions on a pooled connection and the
// advisory lock that serialises writers of one ledger.
import { createHash } from "node:crypto";
import type pg from "pg";

/** First key of the two-key advisory lock: the namespace of Custody's locks in a shared database. */
export const LOCK_CLASS = 0x6c656467;

/** The schema's lock key: a stable 32-bit number from its name. */
export function advisoryLockKey(schema: string): number {
  return createHash("sha256").update(`custody-ledger:${schema}`).digest().readInt32BE(0);
}

/**
 * Runs `work` in a transaction on a pooled connection. `begin` may carry more statements after BEGIN
 * (no parameters: it goes as one simple query, saving round trips); their results are handed to `work`.
 */
export async function transaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, began: pg.QueryResult[]) => Promise<T>,
  begin = "BEGIN",
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    // A multi-statement simple query answers with one result per statement, a single one with one result.
    const answer: unknown = await client.query(begin);
    const result = await work(client, Array.isArray(answer) ? (answer as pg.QueryResult[]) : [answer as pg.QueryResult]);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch {
      // The connection itself failed; do not hand it back to the pool.
      broken = true;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
