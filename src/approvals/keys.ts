// Reviewers' public keys as a policy lists them: an OpenSSH `ssh-ed25519 AAAA… [comment]` line, or
// `ed25519:<base64 of the 32-byte key>`. Both spellings of one key are the same key: same fingerprint,
// computed as ssh-keygen does (SHA-256 of the SSH wire encoding, unpadded base64, `SHA256:` prefix).
import { createHash, createPublicKey } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { CustodyError } from "../core/errors.js";
import { WireReader, wireString } from "./ssh-wire.js";

export const SSH_ED25519 = "ssh-ed25519";
export const ED25519_PREFIX = "ed25519:";
const RAW_KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface PublicKey {
  /** The 32-byte Ed25519 public key. */
  raw: Uint8Array;
  /** `SHA256:…` as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** `ed25519:<base64>`, the form to paste into a policy. */
  text: string;
  keyObject: KeyObject;
}

export type KeyParse = { ok: true; key: PublicKey } | { ok: false; message: string };

/** The key from its 32 raw bytes. */
export function publicKeyFromRaw(raw: Uint8Array): PublicKey {
  const x = Buffer.from(raw).toString("base64url");
  return {
    raw,
    fingerprint: fingerprintOf(raw),
    text: `${ED25519_PREFIX}${Buffer.from(raw).toString("base64")}`,
    keyObject: createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" }),
  };
}

/** `ssh-keygen -l` style fingerprint of an Ed25519 key. */
export function fingerprintOf(raw: Uint8Array): string {
  const digest = createHash("sha256").update(sshPublicBlob(raw)).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}

/** The SSH wire blob of an Ed25519 public key: string "ssh-ed25519", string key. */
export function sshPublicBlob(raw: Uint8Array): Uint8Array {
  return Buffer.concat([wireString(SSH_ED25519), wireString(raw)]);
}

/** An `authorized_keys` style line for the key. */
export function formatSshPublicKey(raw: Uint8Array, comment?: string): string {
  const line = `${SSH_ED25519} ${Buffer.from(sshPublicBlob(raw)).toString("base64")}`;
  return comment === undefined || comment === "" ? line : `${line} ${comment}`;
}

/** Parses either accepted spelling; never throws. */
export function parsePublicKey(text: string): KeyParse {
  const trimmed = text.trim();
  if (trimmed.startsWith(ED25519_PREFIX)) return parseRawForm(trimmed.slice(ED25519_PREFIX.length));
  const fields = trimmed.split(/\s+/);
  if (fields[0] === SSH_ED25519 && fields[1] !== undefined) return parseSshForm(fields[1]);
  if (fields[0]?.startsWith("ssh-") || fields[0]?.startsWith("ecdsa-") || fields[0]?.startsWith("sk-")) {
    return { ok: false, message: `${fields[0]} keys are not supported; approvals are signed with Ed25519 (ssh-ed25519) keys` };
  }
  return { ok: false, message: "expected `ssh-ed25519 AAAA…` or `ed25519:<base64 of the 32-byte key>`" };
}

/** Like parsePublicKey, for keys given on the command line: a clear error instead of a result. */
export function requirePublicKey(text: string, what: string): PublicKey {
  const parsed = parsePublicKey(text);
  if (parsed.ok) return parsed.key;
  throw new CustodyError("approval-key-invalid", `${what} is not a usable public key: ${parsed.message}`);
}

function parseRawForm(base64: string): KeyParse {
  if (!BASE64.test(base64)) return { ok: false, message: "the text after `ed25519:` is not base64" };
  const raw = Buffer.from(base64, "base64");
  if (raw.byteLength !== RAW_KEY_BYTES) {
    return { ok: false, message: `an Ed25519 public key is ${RAW_KEY_BYTES} bytes, this one decodes to ${raw.byteLength}` };
  }
  return { ok: true, key: publicKeyFromRaw(new Uint8Array(raw)) };
}

function parseSshForm(base64: string): KeyParse {
  if (!BASE64.test(base64)) return { ok: false, message: "the key field of the ssh-ed25519 line is not base64" };
  const reader = new WireReader(Buffer.from(base64, "base64"));
  const type = reader.text();
  const raw = reader.string();
  if (type !== SSH_ED25519 || raw?.byteLength !== RAW_KEY_BYTES || reader.remaining !== 0) {
    return { ok: false, message: "the ssh-ed25519 line does not hold an Ed25519 key (copy the whole line from the .pub file)" };
  }
  return { ok: true, key: publicKeyFromRaw(new Uint8Array(raw)) };
}
