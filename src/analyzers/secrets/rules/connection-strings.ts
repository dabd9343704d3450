import { isReference } from "../allowlist.js";
import type { SecretRule } from "../types.js";
import { credentialHelp } from "./help.js";

/** Passwords that only ever guard a local development container. */
const DEVELOPMENT_DEFAULTS = new Set([
  "password",
  "pass",
  "passwd",
  "secret",
  "postgres",
  "mysql",
  "root",
  "admin",
  "guest",
  "test",
  "user",
  "redis",
  "mongo",
  "dev",
  "local",
  "default",
  "changeit",
]);

export const CONNECTION_STRING_RULES: SecretRule[] = [
  {
    id: "secrets/database-url-password",
    title: "Database connection URL with an inline password",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "mssql", "sqlserver", "cockroachdb", "clickhouse"],
    regex:
      /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse)(?:\+[A-Za-z0-9]+)?:\/\/(?<user>[^\s:/?#@'"`]{0,128}):(?<secret>[^\s:/?#@'"`]{1,256})@[^\s/?#'"`@]{1,256}/,
    // Case-sensitive on purpose: schemes are written in lower case, and /i halves the speed.
    validate: (password, groups) =>
      !DEVELOPMENT_DEFAULTS.has(password.toLowerCase()) && password !== groups.user && !isReference(password),
    help: credentialHelp(
      "connection string with the password in it",
      "Change the database user's password, then pass the URL (or just the password) in through the environment.",
    ),
  },
];
