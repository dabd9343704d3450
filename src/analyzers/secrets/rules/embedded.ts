// Credentials without a provider prefix, recognisable by where they sit: Docker `auths`, HTTP Basic
// and Bearer headers, `curl -u`, command-line password flags, base64-wrapped private keys, and
// secret defaults in environment lookups (`getenv("API_SECRET", "<the secret>")`).
import { isPlaceholder, isReference } from "../allowlist.js";
import type { SecretRule } from "../types.js";
import { isDecodablePrivateKey, shannonEntropy } from "../validators.js";
import { credentialHelp } from "./help.js";
import { looksLikeLiteralSecret } from "./generic.js";

/** `user:password` in base64, with a password that is not a placeholder or a reference. */
function isBase64UserPassword(value: string): boolean {
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  // eslint-disable-next-line no-control-regex
  const match = /^([^:\x00-\x1f]{1,128}):([^\x00-\x1f]{6,256})$/.exec(decoded);
  const password = match?.[2];
  return password !== undefined && !isPlaceholder(password) && !isReference(password);
}

function isPlausiblePassword(value: string): boolean {
  return !isPlaceholder(value) && !isReference(value) && shannonEntropy(value) >= 2.8;
}

/** A PEM private key that was base64-encoded again, as Kubernetes secrets and kubeconfigs hold them. */
function isBase64PrivateKey(value: string): boolean {
  const decoded = Buffer.from(value, "base64").toString("utf8");
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(decoded) && isDecodablePrivateKey(decoded.trim());
}

export const EMBEDDED_RULES: SecretRule[] = [
  {
    id: "secrets/docker-config-auth",
    title: "Registry credentials in a Docker config `auths` entry",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ['"auth"'],
    regex: /"auth"[ \t]*:[ \t]*"(?<secret>[A-Za-z0-9+/]{8,1000}={0,2})"/,
    validate: isBase64UserPassword,
    help: credentialHelp(
      "container registry login (the base64 `auth` string is just `user:password`)",
      "Revoke the token or password at the registry, and use a credential helper (`credsStore`) instead of storing it in `config.json`.",
    ),
  },
  {
    id: "secrets/basic-auth-header",
    title: "HTTP Basic credentials in an Authorization header",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["basic "],
    regex: /Authorization["']?[ \t]*[:=,]?[ \t]*["']?Basic[ \t]+(?<secret>[A-Za-z0-9+/]{8,1000}={0,2})(?![A-Za-z0-9+/=])/i,
    validate: isBase64UserPassword,
    help: credentialHelp(
      "username and password (a Basic header is base64, not encryption)",
      "Change the password, and inject the header at run time (an environment variable, a secret store, or the proxy's own auth file).",
    ),
  },
  {
    id: "secrets/curl-user-password",
    title: "Password passed to curl with -u/--user",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["curl"],
    regex: /\bcurl\b[^\n|;&]{0,300}?[ \t](?:-u|--user)[ \t]*["']?(?<user>[A-Za-z0-9._@-]{1,64}):(?<secret>[^\s"'$`]{6,200})/,
    validate: isPlausiblePassword,
    generic: true,
    help: credentialHelp(
      "username and password in a curl command line",
      "Change the password; let curl read credentials from a `.netrc` file or `--user \"$USER:$PASS\"` filled from CI secrets.",
    ),
  },
  {
    id: "secrets/password-flag",
    title: "Password given on a command line (`--password`, `--requirepass`, `-p…`)",
    severity: "medium",
    cwe: ["CWE-798", "CWE-214"],
    keywords: ["pass", "--token", "--api-key", "--secret"],
    regex:
      /(?<![\w-])--(?<key>password|passwd|pass|requirepass|masterauth|token|api-key|apikey|secret|auth-token)(?:[ \t]*=[ \t]*|["']?[ \t]*,[ \t]*|[ \t]+)(?<quote>["']?)(?<secret>[^\s"'$`{}()<>,;]{8,200})\k<quote>/i,
    minEntropy: 3,
    validate: looksLikeLiteralSecret,
    generic: true,
    help: credentialHelp(
      "password in a command line (it also shows up in process listings and shell history)",
      "Change the password; pass it through an environment variable or a file the program reads (`--requirepass` from a mounted secret, `--password-file`).",
    ),
  },
  {
    id: "secrets/bearer-token-literal",
    title: "Bearer token written into an Authorization header",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["bearer "],
    regex: /Authorization["']?[ \t]*[:=,][ \t]*["'`]Bearer[ \t]+(?<secret>[A-Za-z0-9._~+/-]{20,500}=*)["'`]/i,
    minEntropy: 3.5,
    validate: (token) => !isPlaceholder(token) && !isReference(token),
    generic: true,
    help: credentialHelp(
      "API token in a hard-coded Authorization header",
      "Revoke the token with its issuer, and build the header from an environment variable or a secret input (`${input:token}`, `${env:TOKEN}`).",
    ),
  },
  {
    id: "secrets/base64-private-key",
    title: "Base64-encoded private key (Kubernetes secret, kubeconfig, CI variable)",
    severity: "critical",
    cwe: ["CWE-321", "CWE-798"],
    // "-----BEGIN" in base64, at any of the three alignments.
    keywords: ["ls0tls1crudjt", "0tls0tqkvhsu4", "tls0tlujfr0lo"],
    regex: /(?<![A-Za-z0-9+/])(?<secret>(?:LS0tLS1CRUdJT|0tLS0tQkVHSU4|tLS0tLUJFR0lO)[A-Za-z0-9+/]{100,20000}={0,2})(?![A-Za-z0-9+/=])/,
    validate: isBase64PrivateKey,
    // Yields to rules that know the context (`client-key-data` in a kubeconfig).
    generic: true,
    help: credentialHelp(
      "private key, base64-encoded (encoding hides nothing)",
      "Treat the key as compromised: issue a new key and certificate, and keep the secret out of the repository (sealed secrets, an external secret store, or SOPS).",
    ),
  },
  {
    id: "secrets/env-default-secret",
    title: "Secret used as the default of an environment lookup",
    severity: "high",
    cwe: ["CWE-798", "CWE-1188"],
    keywords: ["getenv", "environ", "env.fetch", "env.get", "env("],
    regex:
      /(?:getenv|environ\.get|ENV\.fetch|env\.get|\benv)\(\s*["'](?<key>[A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|PASS|API_KEY|APIKEY|PRIVATE_KEY|CREDENTIALS?)[A-Z0-9_]*)["']\s*,\s*(?<quote>["'])(?<secret>[^"'\s\\]{8,200})\k<quote>/i,
    minEntropy: 3.2,
    validate: (value, groups) => looksLikeLiteralSecret(value, { ...groups, key: "" }),
    generic: true,
    help: credentialHelp(
      "secret as the fallback of an environment variable, so the code runs when the variable is unset",
      "Rotate the value, and fail at start-up when the variable is missing instead of falling back to a literal.",
    ),
  },
];
