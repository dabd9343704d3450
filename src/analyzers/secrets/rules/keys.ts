import type { SecretRule } from "../types.js";
import { isDecodablePrivateKey, isJwtWithAlgorithm } from "../validators.js";
import { credentialHelp } from "./help.js";

const BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const BECH32_GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function bech32Polymod(values: readonly number[]): number {
  let checksum = 1;
  for (const value of values) {
    const top = checksum >>> 25;
    checksum = ((checksum & 0x1ffffff) << 5) ^ value;
    BECH32_GENERATOR.forEach((generator, bit) => {
      if ((top >>> bit) & 1) checksum ^= generator;
    });
  }
  return checksum;
}

/**
 * Bech32 strings (age keys among them) end in a 6-character BCH checksum over the human-readable
 * part and the data; a random string passes about once in a billion.
 */
export function hasValidBech32Checksum(text: string): boolean {
  const lower = text.toLowerCase();
  const separator = lower.lastIndexOf("1");
  if (separator < 1 || lower.length - separator < 7) return false;
  const hrp = lower.slice(0, separator);
  const data: number[] = [];
  for (const ch of lower.slice(separator + 1)) {
    const value = BECH32_CHARSET.indexOf(ch);
    if (value === -1) return false;
    data.push(value);
  }
  const codes = Array.from(hrp, (ch) => ch.charCodeAt(0));
  return bech32Polymod([...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31), ...data]) === 1;
}

/** A PuTTY key file counts only if its `Private-Lines` announce base64 that is really there. */
export function hasPuttyPrivateLines(block: string): boolean {
  const lines = block.split(/\r?\n/);
  const at = lines.findIndex((line) => /^Private-Lines: [0-9]{1,3}$/.test(line));
  if (at === -1) return false;
  const count = Number((lines[at] ?? "").slice("Private-Lines: ".length));
  const body = lines.slice(at + 1, at + 1 + count).join("");
  if (count === 0 || body.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return false;
  return Buffer.from(body, "base64").length >= 16;
}

/**
 * JWTs published by design: Supabase's `anon` key ships in every browser client and only carries
 * the permissions row-level security grants to anonymous users.
 */
function isPublicJwt(token: string): boolean {
  const payload = token.split(".")[1] ?? "";
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof claims === "object" && claims !== null && "role" in claims && claims.role === "anon";
  } catch {
    return false;
  }
}

/** The help every private key rule shares, with what to revoke for that kind of key. */
function keyHelp(what: string, revoke: string): string {
  return credentialHelp(what, `Treat the key as compromised: ${revoke}`);
}

interface PemKind {
  id: string;
  title: string;
  /** The label between `BEGIN ` and `-----`. */
  label: string;
  severity: SecretRule["severity"];
  help: string;
}

/**
 * One rule per PEM label, so a finding says which kind of key leaked. The body stops at the first
 * "-----", so a BEGIN line without its END costs one short scan.
 */
function pemRule(kind: PemKind): SecretRule {
  return {
    id: kind.id,
    title: kind.title,
    severity: kind.severity,
    cwe: ["CWE-321", "CWE-798"],
    keywords: [`begin ${kind.label.toLowerCase()}-----`],
    regex: new RegExp(`(?<secret>-----BEGIN ${kind.label}-----(?:[^-]|-(?!----)){32,8192}-----END ${kind.label}-----)`),
    validate: isDecodablePrivateKey,
    // The block starts with a fixed "-----BEGIN" line; a prefix would show nothing useful.
    visiblePrefix: 0,
    help: kind.help,
  };
}

const PAIR_REVOKE = "remove the public half wherever it is trusted (certificates, `authorized_keys`, JWKS) and generate a new pair.";

export const KEY_RULES: SecretRule[] = [
  pemRule({
    id: "secrets/private-key",
    title: "PKCS#8 private key",
    label: "PRIVATE KEY",
    severity: "critical",
    help: keyHelp("private key (for tests, fixtures or a quick TLS setup)", PAIR_REVOKE),
  }),
  pemRule({
    id: "secrets/encrypted-private-key",
    title: "Passphrase-encrypted PKCS#8 private key",
    label: "ENCRYPTED PRIVATE KEY",
    // Still a leak, but one that needs the passphrase too, which is often nearby.
    severity: "high",
    help: keyHelp("encrypted private key, often with its passphrase in a nearby file", PAIR_REVOKE),
  }),
  pemRule({
    id: "secrets/rsa-private-key",
    title: "RSA private key (PKCS#1)",
    label: "RSA PRIVATE KEY",
    severity: "critical",
    help: keyHelp("RSA private key (for JWT signing, TLS or an app's private key)", PAIR_REVOKE),
  }),
  pemRule({
    id: "secrets/ec-private-key",
    title: "EC private key (SEC1)",
    label: "EC PRIVATE KEY",
    severity: "critical",
    help: keyHelp("elliptic-curve private key (for ES256 signing, TLS or a wallet)", PAIR_REVOKE),
  }),
  pemRule({
    id: "secrets/dsa-private-key",
    title: "DSA private key",
    label: "DSA PRIVATE KEY",
    severity: "critical",
    help: keyHelp("DSA private key", PAIR_REVOKE),
  }),
  pemRule({
    id: "secrets/openssh-private-key",
    title: "OpenSSH private key",
    label: "OPENSSH PRIVATE KEY",
    severity: "critical",
    help: keyHelp(
      "SSH private key (for deploy scripts and CI)",
      "remove its public key from every `authorized_keys`, deploy key and forge account that trusts it, then generate a new pair.",
    ),
  }),
  pemRule({
    id: "secrets/pgp-private-key-block",
    title: "PGP private key block",
    label: "PGP PRIVATE KEY BLOCK",
    severity: "critical",
    help: keyHelp(
      "PGP secret key (for signing releases or decrypting files in CI)",
      "publish a revocation certificate for it to the keyservers and recipients that hold it, then create a new key.",
    ),
  }),
  {
    id: "secrets/putty-private-key",
    title: "PuTTY private key file",
    severity: "critical",
    cwe: ["CWE-321", "CWE-798"],
    keywords: ["putty-user-key-file-"],
    // Header lines ("Name: value") and base64 lines never overlap, so the line loop cannot backtrack.
    regex:
      /(?<secret>PuTTY-User-Key-File-[23]: [A-Za-z0-9@.-]{3,40}\r?\nEncryption: [a-z0-9-]{3,20}\r?\n(?:[A-Za-z0-9-]{1,30}: [^\r\n]{0,200}\r?\n|[A-Za-z0-9+/=]{1,100}\r?\n){2,120}?Private-MAC: [0-9a-f]{40,64})/,
    validate: hasPuttyPrivateLines,
    visiblePrefix: 0,
    help: keyHelp(
      "PuTTY key file (.ppk)",
      "remove its public key from every `authorized_keys` that trusts it and generate a new pair with PuTTYgen.",
    ),
  },
  {
    id: "secrets/age-secret-key",
    title: "age encryption secret key",
    severity: "critical",
    cwe: ["CWE-321", "CWE-798"],
    keywords: ["age-secret-key-1"],
    // Bech32: 32 key bytes (52 characters) and a 6-character checksum from the bech32 alphabet.
    regex: /(?<![A-Za-z0-9-])(?<secret>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})(?![A-Za-z0-9])/,
    validate: hasValidBech32Checksum,
    help: credentialHelp(
      "age identity (for sops or encrypted dotfiles)",
      "Generate a new identity with `age-keygen`, re-encrypt every file to the new recipient and remove the old recipient everywhere.",
    ),
  },
  {
    id: "secrets/jwt",
    title: "JSON Web Token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["eyj"],
    regex:
      /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{10,2048}\.eyJ[A-Za-z0-9_-]{10,4096}\.[A-Za-z0-9_-]{16,1024})(?![A-Za-z0-9_-])/,
    validate: (token) => isJwtWithAlgorithm(token) && !isPublicJwt(token),
    help: credentialHelp(
      "bearer token copied from a request or a service dashboard (some services issue long-lived JWTs as API keys)",
      "Rotate the signing key or the service key that issued it, since a JWT stays valid until it expires.",
    ),
  },
];
