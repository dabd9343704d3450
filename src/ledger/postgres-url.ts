// A PostgreSQL ledger is named by a connection URL. The URL may carry a password, so everything
// Custody prints about it goes through describeDatabaseUrl, which never shows one.
import { z } from "zod";
import { CustodyError } from "../core/errors.js";

export const DEFAULT_LEDGER_SCHEMA = "custody";

const URL_SCHEME = /^postgres(?:ql)?:\/\//i;
// Lower-case unquoted identifiers only: the schema name is spliced into DDL, and a name that needs
// quoting rules of its own is not worth the risk.
const schemaNameSchema = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, "use lower-case letters, digits and underscores, starting with a letter or underscore (at most 63)");

export interface ParsedLedgerUrl {
  /** The URL handed to the driver: as given, without Custody's own `schema` parameter. */
  connectionString: string;
  schema: string;
  /** The URL with any password masked, plus the schema: safe for messages and reports. */
  location: string;
}

/** True for `postgres://` and `postgresql://` URLs; anything else is a file path. */
export function isDatabaseUrl(location: string): boolean {
  return URL_SCHEME.test(location);
}

/** Splits Custody's `schema` query parameter off a PostgreSQL URL and checks it. */
export function parseLedgerUrl(url: string, schemaOption?: string): ParsedLedgerUrl {
  if (!isDatabaseUrl(url)) {
    throw new CustodyError("usage", `${describeDatabaseUrl(url)} is not a PostgreSQL URL; use postgres://user@host:port/database`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CustodyError(
      "usage",
      `the ledger URL ${describeDatabaseUrl(url)} is malformed; use postgres://user[:password]@host[:port]/database[?schema=name]`,
    );
  }
  const fromUrl = parsed.searchParams.get("schema") ?? undefined;
  if (fromUrl !== undefined && schemaOption !== undefined && fromUrl !== schemaOption) {
    throw new CustodyError(
      "usage",
      `the ledger URL names schema "${fromUrl}" but schema "${schemaOption}" was also given; give one of them`,
    );
  }
  const schema = checkSchemaName(schemaOption ?? fromUrl ?? DEFAULT_LEDGER_SCHEMA);
  parsed.searchParams.delete("schema");
  const connectionString = parsed.toString();
  return { connectionString, schema, location: withSchema(describeDatabaseUrl(connectionString), schema) };
}

export function checkSchemaName(name: string): string {
  const result = schemaNameSchema.safeParse(name);
  if (!result.success) {
    const why = result.error.issues[0]?.message ?? "invalid";
    throw new CustodyError("usage", `ledger schema name ${JSON.stringify(name)} is not allowed: ${why}`);
  }
  return result.data;
}

/** The URL with the password (in the user part or a `password` parameter) replaced by `***`. */
export function describeDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Unparseable: mask whatever sits between "scheme://user:" and "@" rather than echo it.
    return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, "$1***@").replace(/(password=)[^&]*/gi, "$1***");
  }
  if (parsed.password !== "") parsed.password = "***";
  if (parsed.searchParams.has("password")) parsed.searchParams.set("password", "***");
  return parsed.toString();
}

function withSchema(url: string, schema: string): string {
  return `${url}${url.includes("?") ? "&" : "?"}schema=${schema}`;
}
