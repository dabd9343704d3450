// What node-postgres and the server report, turned into CustodyErrors that say which ledger (its URL
// with the password masked) and what to do. SQLSTATE codes from the PostgreSQL manual, appendix A.
import pg from "pg";
import { CustodyError, isCustodyError } from "../core/errors.js";

const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "EPIPE"]);

export function toPostgresLedgerError(location: string, error: unknown): Error {
  if (isCustodyError(error)) return error;
  if (!(error instanceof Error)) return new Error(String(error));
  const code = errorCode(error);
  const options = { cause: error };
  if ((code !== undefined && NETWORK_CODES.has(code)) || isDriverConnectionError(error)) {
    return new CustodyError(
      "ledger-unreachable",
      `cannot reach the ledger database ${location}: ${describe(error)}; start PostgreSQL there ` +
        "(e.g. pg_ctlcluster <version> main start) or point --ledger / CUSTODY_LEDGER at a running server",
      options,
    );
  }
  // The server asked for a password and none (or no usable one) was given: node-postgres fails in SASL.
  if (/^SASL/.test(error.message)) {
    return new CustodyError(
      "ledger-unreachable",
      `the ledger database ${location} wants a password: ${error.message}; put it in the URL or in PGPASSWORD`,
      options,
    );
  }
  switch (code) {
    case "28P01":
    case "28000":
      return new CustodyError(
        "ledger-unreachable",
        `the ledger database ${location} refused the login: ${error.message}; check the user and password in the URL`,
        options,
      );
    case "3D000":
      return new CustodyError(
        "ledger-unreachable",
        `${error.message} at ${location}; create it (createdb <name>) or fix the database name in the URL`,
        options,
      );
    case "42501":
      return new CustodyError(
        "ledger-denied",
        `ledger ${location}: ${error.message}; a writer role needs the grants described in docs/ledger.md, ` +
          "and creating the ledger needs its owner",
        options,
      );
    case "25006":
      return new CustodyError("ledger-denied", `ledger ${location} was opened read-only: ${error.message}`, options);
    case "23505":
      if (constraintOf(error) === "entries_pkey") {
        return new CustodyError(
          "ledger-conflict",
          `ledger ${location}: another writer appended at the same index first; retry`,
          options,
        );
      }
      break;
    default:
      if (code?.startsWith("08") || code?.startsWith("57P")) {
        return new CustodyError(
          "ledger-unreachable",
          `lost the connection to the ledger database ${location}: ${error.message}; check that the server is running, then retry`,
          options,
        );
      }
  }
  // Anything else the server said is about the ledger; any other error is a defect and stays as it is.
  if (error instanceof pg.DatabaseError) return new CustodyError("ledger-invalid", `ledger ${location}: ${error.message}`, options);
  return error;
}

/** node-postgres's own connection failures carry no code, only a message. */
function isDriverConnectionError(error: Error): boolean {
  return /^(Connection terminated|timeout expired|connect ETIMEDOUT)/i.test(error.message) || error instanceof AggregateError;
}

function describe(error: Error): string {
  if (error instanceof AggregateError) {
    const first = error.errors.find((e): e is Error => e instanceof Error);
    return first?.message ?? "connection failed";
  }
  return error.message;
}

function errorCode(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function constraintOf(error: Error): string | undefined {
  const constraint = (error as { constraint?: unknown }).constraint;
  return typeof constraint === "string" ? constraint : undefined;
}
