import { isDigestOrIdentifier, isPathOrUrl, isReference } from "../allowlist.js";
import type { SecretRule } from "../types.js";
import { credentialHelp } from "./help.js";

/** Keys that contain a secret word yet hold public data: `password_hash`, `token_url`, `secretName`. */
const PUBLIC_KEY_NAME = /hash|digest|sha\d|checksum|md5|fingerprint|(?:id|name|type|url|uri|path|file|len|length|prefix|header|field|count|expiry|expires|ttl|endpoint|policy|ref)$/i;

export function looksLikeLiteralSecret(value: string, groups: Readonly<Record<string, string | undefined>>): boolean {
  const key = `${groups.key ?? ""}${groups.suffix ?? ""}`;
  if (PUBLIC_KEY_NAME.test(key)) return false;
  if (isReference(value) || isDigestOrIdentifier(value) || isPathOrUrl(value)) return false;
  // Words and constant names (`ApiKeyType`, `TOKEN_HEADER`) are code or prose, not credentials.
  if (/^[A-Za-z_]+$/.test(value)) return false;
  // Resource names (`shop-runtime`, `db.primary`) and word-plus-digits test passwords
  // (`password123`) carry too little randomness to be anyone's credential.
  if (/^[a-z]+(?:[-_.][a-z]+)+$/.test(value) || /^[a-z]+\d{1,4}$/.test(value)) return false;
  // Unquoted, an identifier is a variable (`token = previousToken2`) unless digits sit inside it
  // the way they do in random strings (`Zp9vQ2rLx7TmK4wN`).
  if (groups.secret2 !== undefined && /^[A-Za-z_$][\w$]*$/.test(value) && !/\d[A-Za-z_]/.test(value)) return false;
  return /[0-9]/.test(value) || /[^A-Za-z0-9]/.test(value);
}

export const GENERIC_RULES: SecretRule[] = [
  {
    id: "secrets/generic-secret-assignment",
    title: "High-entropy value assigned to a secret-named key",
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["pass", "pwd", "secret", "token", "api_key", "apikey", "api-key", "access_key", "accesskey", "access-key", "auth_key", "authkey", "private_key", "privatekey", "signing_key", "signingkey", "signing-key", "hmac_key", "hmackey", "hmac-key", "credential"],
    regex:
      /(?<key>passw(?:or)?d|pwd|passphrase|(?<![a-z])pass(?![a-z])|secret|token|api[_-]?key|access[_-]?key|auth[_-]?key|private[_-]?key|signing[_-]?key|hmac[_-]?key|credentials?)(?<suffix>[A-Za-z0-9_.-]{0,30})["'`]?[ \t]{0,5}(?::=|=>|\?=|=|:)[ \t]{0,5}(?:(?<quote>["'`])(?<secret>[^"'`\s\\]{8,200})\k<quote>|(?<secret2>[^"'`\s,;\\(){}[\]<>]{8,200})(?=[ \t]*(?:#[^\n]*)?(?:\r?\n|$)))/i,
    minEntropy: 3.2,
    // An unquoted value must end its line, as in .env, YAML and INI files; in code it would be
    // an expression. A `#` inside it is part of the value (`db.password=Gavel#Hammer-24`): only
    // after whitespace does it start a comment.
    validate: looksLikeLiteralSecret,
    generic: true,
    help: credentialHelp(
      "password or key so that a snippet works without setup",
      "Rotate the credential with whoever issued it.",
    ),
  },
];
