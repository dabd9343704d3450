// Ed25519 keys for C2SP signed notes, in the text encodings of golang.org/x/mod/sumdb/note:
//   verifier key  <name>+<key id, 8 hex>+<base64(0x01 ‖ 32-byte public key)>
//   signer key    PRIVATE+KEY+<name>+<key id, 8 hex>+<base64(0x01 ‖ 32-byte seed)>
// so keys made here work with Go tooling (witnesses, sumdb clients) and the other way round.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { CustodyError } from "../core/errors.js";
import { concatBytes, decodeBase64Strict, encodeBase64 } from "./bytes.js";

const ED25519_TYPE = 0x01;
const SIGNER_PREFIX = "PRIVATE+KEY+";
// DER framing of an Ed25519 key (RFC 8410): the raw 32 bytes follow these prefixes.
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export interface NoteSigner {
  readonly name: string;
  /** First four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key), big-endian. */
  readonly keyId: number;
  readonly privateKey: KeyObject;
  /** The matching verifier key string, safe to publish. */
  readonly verifierKey: string;
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: KeyObject;
  readonly verifierKey: string;
}

export interface GeneratedKeys {
  /** Secret: store it with owner-only permissions. */
  signerKey: string;
  verifierKey: string;
}

/** Key names must be non-empty and contain no Unicode spaces, plus signs or control characters. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\p{White_Space}\p{Cc}+]/u.test(name) && !/\p{Cs}/u.test(name);
}

export function computeKeyId(name: string, publicKey: Uint8Array): number {
  const digest = createHash("sha256")
    .update(name, "utf8")
    .update(Uint8Array.of(0x0a, ED25519_TYPE))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, "0");
}

export function generateSigner(name: string): GeneratedKeys {
  assertKeyName(name);
  const { privateKey } = generateKeyPairSync("ed25519");
  const seed = rawSeed(privateKey);
  const publicKey = rawPublicKey(privateKey);
  const keyId = formatKeyId(computeKeyId(name, publicKey));
  const typedSeed = encodeBase64(concatBytes([Uint8Array.of(ED25519_TYPE), seed]));
  return {
    signerKey: `${SIGNER_PREFIX}${name}+${keyId}+${typedSeed}`,
    verifierKey: formatVerifierKey(name, publicKey),
  };
}

/** Parses a signer key. The error never repeats the key, which is a secret. */
export function parseSignerKey(signerKey: string): NoteSigner {
  const malformed = (why: string): CustodyError =>
    new CustodyError(
      "ledger-key-invalid",
      `signer key is not valid (${why}); expected PRIVATE+KEY+<name>+<8 hex key id>+<base64 key> as written by custody`,
    );
  const trimmed = signerKey.trim();
  if (!trimmed.startsWith(SIGNER_PREFIX)) throw malformed("missing PRIVATE+KEY+ prefix");
  const parts = splitKey(trimmed.slice(SIGNER_PREFIX.length));
  if (!parts) throw malformed("wrong number of fields");
  const typed = decodeBase64Strict(parts.key);
  if (!isValidKeyName(parts.name)) throw malformed("bad key name");
  if (!/^[0-9a-f]{8}$/.test(parts.keyId)) throw malformed("bad key id");
  if (!typed || typed.byteLength !== 33 || typed[0] !== ED25519_TYPE) throw malformed("not an Ed25519 seed");
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, typed.subarray(1)]),
    format: "der",
    type: "pkcs8",
  });
  const publicKey = rawPublicKey(privateKey);
  const keyId = computeKeyId(parts.name, publicKey);
  if (formatKeyId(keyId) !== parts.keyId) throw malformed("key id does not match the key");
  return { name: parts.name, keyId, privateKey, verifierKey: formatVerifierKey(parts.name, publicKey) };
}

export function parseVerifierKey(verifierKey: string): NoteVerifier {
  const shown = JSON.stringify(verifierKey.length > 200 ? `${verifierKey.slice(0, 200)}…` : verifierKey);
  const malformed = (why: string): CustodyError =>
    new CustodyError(
      "ledger-key-invalid",
      `verifier key ${shown} is not valid (${why}); expected <name>+<8 hex key id>+<base64 key>, as in the .pub file`,
    );
  const parts = splitKey(verifierKey.trim());
  if (!parts) throw malformed("wrong number of fields");
  const typed = decodeBase64Strict(parts.key);
  if (!isValidKeyName(parts.name)) throw malformed("bad key name");
  if (!/^[0-9a-f]{8}$/.test(parts.keyId)) throw malformed("bad key id");
  if (!typed || typed.byteLength !== 33 || typed[0] !== ED25519_TYPE) throw malformed("not an Ed25519 public key");
  const raw = typed.subarray(1);
  const keyId = computeKeyId(parts.name, raw);
  if (formatKeyId(keyId) !== parts.keyId) throw malformed("key id does not match the key");
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: "der", type: "spki" });
  return { name: parts.name, keyId, publicKey, verifierKey: formatVerifierKey(parts.name, raw) };
}

function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  const typed = encodeBase64(concatBytes([Uint8Array.of(ED25519_TYPE), publicKey]));
  return `${name}+${formatKeyId(computeKeyId(name, publicKey))}+${typed}`;
}

/** `<name>+<id>+<key>`; the key is base64 and may itself contain "+", so split on the first two only. */
function splitKey(text: string): { name: string; keyId: string; key: string } | undefined {
  const first = text.indexOf("+");
  const second = first < 0 ? -1 : text.indexOf("+", first + 1);
  if (second < 0) return undefined;
  return { name: text.slice(0, first), keyId: text.slice(first + 1, second), key: text.slice(second + 1) };
}

function assertKeyName(name: string): void {
  if (isValidKeyName(name)) return;
  throw new CustodyError(
    "ledger-key-invalid",
    `key name ${JSON.stringify(name)} is not valid: it must be non-empty without spaces or "+", e.g. example.com/ledger`,
  );
}

function rawSeed(privateKey: KeyObject): Uint8Array {
  const der = privateKey.export({ format: "der", type: "pkcs8" });
  return der.subarray(PKCS8_ED25519_PREFIX.byteLength);
}

function rawPublicKey(privateKey: KeyObject): Uint8Array {
  const der = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  return der.subarray(SPKI_ED25519_PREFIX.byteLength);
}
