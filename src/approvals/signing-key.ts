// A reviewer's private key: read from a file (OpenSSH `openssh-key-v1`, as `custody keygen` and
// `ssh-keygen -t ed25519` write it, or PKCS#8 PEM, as `openssl genpkey -algorithm ed25519` writes it)
// or generated. Errors name the file and never repeat key material.
import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { CustodyError } from "../core/errors.js";
import { formatSshPublicKey, publicKeyFromRaw, type PublicKey } from "./keys.js";
import { formatOpenSshPrivateKey, isOpenSshPrivateKey, parseOpenSshPrivateKey } from "./openssh.js";

/** Far above any key file; a bound so a wrong path (a log, an image) is refused quickly. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

export interface SigningKey {
  publicKey: PublicKey;
  /** The comment stored with the key (OpenSSH files), often the owner's e-mail. */
  comment: string;
  sign(message: Uint8Array): Uint8Array;
}

export function signingKeyFromSeed(seed: Uint8Array, comment = ""): SigningKey {
  const privateKey = privateKeyFromSeed(seed);
  const jwk = privateKey.export({ format: "jwk" });
  if (typeof jwk.x !== "string") throw new CustodyError("approval-key-invalid", "the Ed25519 key has no public half");
  return fromKeyObject(privateKey, new Uint8Array(Buffer.from(jwk.x, "base64url")), comment);
}

function fromKeyObject(privateKey: KeyObject, raw: Uint8Array, comment: string): SigningKey {
  return {
    publicKey: publicKeyFromRaw(raw),
    comment,
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

// RFC 8410 DER framing of an Ed25519 private key: the 32-byte seed follows this prefix.
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
}

/** Parses key file text; `source` names the file in messages. */
export function parseSigningKey(text: string, source: string): SigningKey {
  if (isOpenSshPrivateKey(text)) {
    const key = parseOpenSshPrivateKey(text, source);
    const signer = signingKeyFromSeed(key.seed, key.comment);
    if (!Buffer.from(signer.publicKey.raw).equals(Buffer.from(key.publicKey))) {
      throw new CustodyError("approval-key-invalid", `${source}: the stored public key does not belong to the private key`);
    }
    return signer;
  }
  if (text.includes("-----BEGIN PRIVATE KEY-----")) return parsePkcs8(text, source);
  if (text.includes("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
    throw new CustodyError("approval-key-invalid", `${source}: the key is encrypted with a passphrase, which custody cannot read; use an unencrypted key kept private (mode 0600)`);
  }
  if (/^\s*(ssh-ed25519 |ed25519:)/.test(text)) {
    throw new CustodyError("approval-key-invalid", `${source} holds a public key; pass the private key file (without .pub)`);
  }
  throw new CustodyError(
    "approval-key-invalid",
    `${source} is not an Ed25519 private key; create one with \`custody keygen FILE\` or \`ssh-keygen -t ed25519\``,
  );
}

function parsePkcs8(text: string, source: string): SigningKey {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: "pem" });
  } catch {
    throw new CustodyError("approval-key-invalid", `${source}: the PEM private key cannot be read`);
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new CustodyError("approval-key-invalid", `${source} holds a ${key.asymmetricKeyType ?? "unknown"} key; approvals are signed with Ed25519 keys`);
  }
  const x = key.export({ format: "jwk" }).x;
  if (typeof x !== "string") throw new CustodyError("approval-key-invalid", `${source}: the key has no public half`);
  return fromKeyObject(key, new Uint8Array(Buffer.from(x, "base64url")), "");
}

export async function loadSigningKey(path: string): Promise<SigningKey> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const why = error instanceof Error && "code" in error && error.code === "ENOENT" ? "no such file" : "cannot read it";
    throw new CustodyError("file-unreadable", `--key ${path}: ${why}; pass the private key file`, { cause: error });
  }
  if (bytes.byteLength > MAX_KEY_FILE_BYTES) {
    throw new CustodyError("approval-key-invalid", `--key ${path} is ${bytes.byteLength} bytes, far larger than a key file; check the path`);
  }
  return parseSigningKey(bytes.toString("utf8"), path);
}

export interface GeneratedKey {
  signingKey: SigningKey;
  /** What was written to `<path>.pub`. */
  sshPublicKey: string;
}

/**
 * Writes a new Ed25519 key to `path` (mode 0600, refusing to overwrite) in the OpenSSH format, so
 * `ssh-keygen -y -f` reads it too, and the public key to `<path>.pub`.
 */
export async function generateSigningKey(path: string, comment: string): Promise<GeneratedKey> {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  if (typeof jwk.d !== "string" || typeof jwk.x !== "string") throw new CustodyError("approval-key-invalid", "key generation returned no key");
  const seed = new Uint8Array(Buffer.from(jwk.d, "base64url"));
  const raw = new Uint8Array(Buffer.from(jwk.x, "base64url"));
  const text = formatOpenSshPrivateKey({ seed, publicKey: raw, comment }, randomBytes(4).readUInt32BE(0));
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, text, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "EEXIST") {
      throw new CustodyError("usage", `${path} already exists; custody never overwrites a key, choose another file`);
    }
    throw new CustodyError("file-unreadable", `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sshPublicKey = formatSshPublicKey(raw, comment);
  await writeFile(`${path}.pub`, `${sshPublicKey}\n`, { mode: 0o644 });
  return { signingKey: fromKeyObject(privateKey, raw, comment), sshPublicKey };
}
