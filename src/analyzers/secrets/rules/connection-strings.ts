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
  // Anonymous FTP takes any password, by convention this word.
  "anonymous",
]);

/** A literal password worth reporting: not a well-known default, not the user name, not a variable. */
function isLiteralPassword(password: string, user: string | undefined): boolean {
  return !DEVELOPMENT_DEFAULTS.has(password.toLowerCase()) && password !== user && !isReference(password);
}

/** Documentation hosts: credentials shown with them are illustrations. */
const DOCUMENTATION_HOST = /(?:^|\.)example\.(?:com|org|net)$|\.example$/i;

/**
 * A `scheme://user:password@host` rule for one family of services. The user part may be empty
 * (`mqtt://:password@host`); `/`, `?`, `#` and `@` end each part so the match never leaves the URL.
 * The password alone may hold a `#`: it should be written `%23`, but `Accession#1887@db` is how
 * people type it, and drivers that split at the last `@` accept it.
 */
function urlPasswordRule(rule: {
  id: string;
  title: string;
  schemes: string;
  keywords: string[];
  what: string;
  revoke: string;
}): SecretRule {
  return {
    id: rule.id,
    title: rule.title,
    severity: "high",
    cwe: ["CWE-798"],
    keywords: rule.keywords,
    regex: new RegExp(
      String.raw`\b(?:${rule.schemes}):\/\/(?<user>[^\s:/?#@'"\x60]{0,128}):(?<secret>[^\s:/?@'"\x60]{1,256})@(?<host>[^\s/?#:'"\x60@]{1,256})`,
    ),
    validate: (password, groups) => isLiteralPassword(password, groups.user) && !DOCUMENTATION_HOST.test(groups.host ?? ""),
    help: credentialHelp(rule.what, rule.revoke),
  };
}

/**
 * An ODBC value in braces that is a bare identifier or index is a template placeholder
 * (`{dbPassword}`, `{1}`), not a password.
 */
function isConnectionStringPassword(password: string, groups: Readonly<Record<string, string | undefined>>): boolean {
  const braced = groups.secret3 !== undefined || groups.secret4 !== undefined;
  if (braced && /^(?:[A-Za-z_][A-Za-z_.]*|[0-9]+)$/.test(password)) return false;
  return isLiteralPassword(password.trim(), groups.user);
}

// Keys that name the server in ADO.NET, ODBC and OLE DB connection strings.
const SERVER_KEY = "(?:server|data source|datasource|host|address|addr|network address)";
// Plain values stop at ";" and quotes; ODBC wraps values with special characters in braces.
const VALUE = (plain: string, braced: string): string =>
  String.raw`(?:\{(?<${braced}>[^}\n]{1,128})\}|(?<${plain}>[^;'"\n{]{1,128}))`;
// The other "key=value;" pairs in between; ";" cannot occur inside one, so the loop cannot backtrack.
const OTHER_PAIRS = String.raw`(?:[^;'"\n]{0,200};){0,15}?`;

export const CONNECTION_STRING_RULES: SecretRule[] = [
  {
    id: "secrets/database-url-password",
    title: "Database connection URL with an inline password",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "mssql", "sqlserver", "cockroachdb", "clickhouse"],
    regex:
      /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse)(?:\+[A-Za-z0-9]{1,20})?:\/\/(?<user>[^\s:/?#@'"`]{0,128}):(?<secret>[^\s:/?@'"`]{1,256})@[^\s/?#'"`@]{1,256}/,
    // Case-sensitive on purpose: schemes are written in lower case, and /i halves the speed.
    validate: (password, groups) => isLiteralPassword(password, groups.user),
    help: credentialHelp(
      "connection string with the password in it",
      "Change the database user's password, then pass the URL (or just the password) in through the environment.",
    ),
  },
  {
    id: "secrets/jdbc-url-password",
    title: "JDBC URL with an inline password",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["jdbc:"],
    // `user:password@host` JDBC URLs are already database URLs; this covers the `password=`
    // property and Oracle's `user/password@` form.
    regex:
      /jdbc:(?:oracle:(?:thin|oci):(?<user>[A-Za-z0-9_$#]{1,30})\/(?<secret>[^\s@'"`/;]{1,128})@|[a-z][a-z0-9]{1,20}:[^\s'"`<>]{1,300}?[?;&:](?:password|Password|PASSWORD)=(?<secret2>[^\s;&'"`<>]{1,128}))/,
    validate: (password, groups) => isLiteralPassword(password, groups.user),
    help: credentialHelp(
      "JDBC URL with the password in it",
      "Change the database user's password and give the driver the password through a data source property read from the environment.",
    ),
  },
  {
    id: "secrets/connection-string-password",
    title: "ADO.NET or ODBC connection string with a password",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["password", "pwd"],
    // The server key may come before or after the password; either way both must be there. The
    // pattern starts at the password key and looks back for the server key, which is much faster
    // than trying the server alternatives at every position.
    regex: new RegExp(
      String.raw`(?<![\w])(?:password|pwd)[ \t]?=[ \t]?(?:(?<=(?<![\w])${SERVER_KEY}[ \t]?=[^;'"\n]{1,200};${OTHER_PAIRS}[ \t]{0,4}(?:password|pwd)[ \t]?=[ \t]?)${VALUE("secret", "secret3")}|${VALUE("secret2", "secret4")};${OTHER_PAIRS}[ \t]{0,4}${SERVER_KEY}[ \t]?=)`,
      "i",
    ),
    validate: isConnectionStringPassword,
    help: credentialHelp(
      "connection string with the password in it",
      "Change the database login's password, then keep the connection string in user secrets, the environment or a vault, or use integrated or managed identity authentication.",
    ),
  },
  urlPasswordRule({
    id: "secrets/mqtt-url-password",
    title: "MQTT broker URL with an inline password",
    schemes: String.raw`mqtts?(?:\+[a-z]{2,5})?`,
    keywords: ["mqtt"],
    what: "broker URL with the password in it",
    revoke: "Change the MQTT user's password on the broker and pass the credentials in through the environment.",
  }),
  urlPasswordRule({
    id: "secrets/smtp-url-password",
    title: "SMTP URL with an inline password",
    schemes: "smtps?",
    keywords: ["smtp"],
    what: "mail server URL with the password in it",
    revoke: "Change the SMTP account's password (or revoke the app password or SMTP key) and read it from the environment.",
  }),
  urlPasswordRule({
    id: "secrets/ftp-url-password",
    title: "FTP or SFTP URL with an inline password",
    schemes: "s?ftps?",
    keywords: ["ftp"],
    what: "file server URL with the password in it",
    revoke: "Change the account's password on the server and prefer SFTP with a key read from a secret store.",
  }),
  urlPasswordRule({
    id: "secrets/ldap-url-password",
    title: "LDAP URL with an inline bind password",
    schemes: "ldaps?",
    keywords: ["ldap"],
    what: "directory bind URL with the password in it",
    revoke: "Change the bind account's password in the directory and read it from the environment.",
  }),
  {
    id: "secrets/http-basic-auth-url",
    title: "HTTP(S) URL with embedded basic-auth credentials",
    // A catch-all like the generic assignment rule, with the same severity.
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["http://", "https://"],
    regex:
      /\bhttps?:\/\/(?<user>[^\s:/?#@'"`<>]{1,128}):(?<secret>[^\s:/?#@'"`<>]{1,256})@(?<host>[A-Za-z0-9][A-Za-z0-9.-]{0,252})/,
    // A catch-all: a provider token in the password place (git remotes with a PAT) is reported by
    // the provider's rule instead. Very short values are illustrations (`https://a:b@host`), and
    // an all-digit one is a port in a malformed URL.
    validate: (password, groups) =>
      password.length >= 6 &&
      !/^[0-9]+$/.test(password) &&
      isLiteralPassword(password, groups.user) &&
      !DOCUMENTATION_HOST.test(groups.host ?? ""),
    generic: true,
    help: credentialHelp(
      "URL with a user name and password in it (package indexes, git remotes, internal APIs)",
      "Change the password or revoke the token, then configure the credentials in a netrc, credential helper or the tool's own secret setting.",
    ),
  },
  {
    id: "secrets/kafka-sasl-password",
    title: "Kafka SASL password in a JAAS config or client properties",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["loginmodule", "sasl.password", "sasl_password", "plain.password", "plain_password"],
    // JAAS values are quoted, and escaped again when the config sits in a Java or JSON string.
    regex:
      /(?:LoginModule[ \t]{1,8}required\b[^;\n]{0,400}?\bpassword[ \t]{0,4}=[ \t]{0,4}\\?["'](?<secret>[^"'\\\s;]{1,256})\\?["']|sasl[._](?:plain[._])?password["'`]?[ \t]{0,5}(?::=|=|:)[ \t]{0,5}["'`]?(?<secret2>[^\s"'`;,]{1,256}))/i,
    validate: (password) => isLiteralPassword(password, undefined),
    help: credentialHelp(
      "Kafka SASL password (or Confluent Cloud API secret)",
      "Delete the API key or change the SASL user's password on the cluster, and load the JAAS config from the environment or a secrets provider.",
    ),
  },
];
