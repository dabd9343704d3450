// Keys of witnesses (cosigners) for C2SP tlog-cosignature v1 with Ed25519. A cosignature's key ID is
// SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4]: the 0x04 type byte keeps cosignatures apart from plain
// note signatures by the same key. As in the Go implementation (transparency-dev/formats), a witness's
// private key is an ordinary signed-note signer key (PRIVATE+KEY+…, type 0x01), and its public key is
// published as a verifier key of type 0x04; a type-0x01 verifier key is accepted and converted.
import { createHash, createPublicKey } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { CustodyError } from "../core/errors.js";
import { concatBytes, decodeBase64Strict, encodeBase64 } from "./bytes.js";
import { loadSigner } from "./key-file.js";
import { computeKeyId, formatKeyId, generateSigner, isValidKeyName, parseSignerKey } from "./note-keys.js";
import type { NoteSigner } from "./note-keys.js";

const ED25519 = 0x01;
const COSIGNATURE_V1 = 0x04;
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export interface WitnessVerifier {
  readonly name: string;
  /** The cosignature key ID (type 0x04). */
  readonly keyId: number;
  readonly publicKey: KeyObject;
  /** `<name>+<key id>+<base64(0x04 ‖ public key)>`. */
  readonly verifierKey: string;
}

export interface WitnessSigner extends WitnessVerifier {
  readonly privateKey: KeyObject;
}

export function cosignatureKeyId(name: string, publicKey: Uint8Array): number {
  return createHash("sha256").update(name, "utf8").update(Uint8Array.of(0x0a, COSIGNATURE_V1)).update(publicKey).digest().readUInt32BE(0);
}

/** A new witness key pair: the signer key is secret, the verifier key is what logs and auditors are given. */
export function generateWitnessKey(name: string): { signerKey: string; verifierKey: string } {
  const { signerKey } = generateSigner(name);
  return { signerKey, verifierKey: witnessSignerFrom(parseSignerKey(signerKey)).verifierKey };
}

/** Writes a new witness key to `path` (mode 0600, never overwriting) and its verifier key to `path.pub`. */
export async function createWitnessKeyFile(path: string, name: string): Promise<WitnessVerifier> {
  const keys = generateWitnessKey(name);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  try {
    await writeFile(path, `${keys.signerKey}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    const exists = typeof error === "object" && error !== null && "code" in error && error.code === "EEXIST";
    throw new CustodyError(
      exists ? "usage" : "file-unreadable",
      exists ? `${path} already exists; a key file is never overwritten, choose another path` : `cannot write ${path}: ${String(error)}`,
      { cause: error },
    );
  }
  await writeFile(`${path}.pub`, `${keys.verifierKey}\n`, { mode: 0o644 });
  return parseWitnessVerifier(keys.verifierKey);
}

/** Reads a witness key file written by createWitnessKeyFile (or any signed-note signer key file). */
export async function loadWitnessSigner(path: string): Promise<WitnessSigner> {
  return witnessSignerFrom(await loadSigner(path));
}

/** A witness signer from a signer key (PRIVATE+KEY+…). The error never repeats the key. */
export function parseWitnessSigner(signerKey: string): WitnessSigner {
  return witnessSignerFrom(parseSignerKey(signerKey));
}

export function witnessSignerFrom(signer: NoteSigner): WitnessSigner {
  const raw = rawPublicKey(signer.privateKey);
  return {
    name: signer.name,
    keyId: cosignatureKeyId(signer.name, raw),
    publicKey: createPublicKey(signer.privateKey),
    privateKey: signer.privateKey,
    verifierKey: formatWitnessKey(signer.name, raw),
  };
}

/** Parses a witness verifier key: type 0x04 (cosignature) or 0x01 (Ed25519 note key of the same key pair). */
export function parseWitnessVerifier(verifierKey: string): WitnessVerifier {
  const text = verifierKey.trim();
  const shown = JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
  const malformed = (why: string): CustodyError =>
    new CustodyError(
      "ledger-key-invalid",
      `witness key ${shown} is not valid (${why}); expected <name>+<8 hex key id>+<base64 key>, as the witness published it`,
    );
  const first = text.indexOf("+");
  const second = first < 0 ? -1 : text.indexOf("+", first + 1);
  if (second < 0) throw malformed("wrong number of fields");
  const [name, id, key] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  if (!isValidKeyName(name)) throw malformed("bad key name");
  if (!/^[0-9a-f]{8}$/.test(id)) throw malformed("bad key id");
  const typed = decodeBase64Strict(key);
  if (!typed || typed.byteLength !== 33 || (typed[0] !== COSIGNATURE_V1 && typed[0] !== ED25519)) {
    throw malformed("not an Ed25519 cosignature or note key");
  }
  const raw = typed.subarray(1);
  const expected = typed[0] === COSIGNATURE_V1 ? cosignatureKeyId(name, raw) : computeKeyId(name, raw);
  if (formatKeyId(expected) !== id) throw malformed("key id does not match the key");
  return {
    name,
    keyId: cosignatureKeyId(name, raw),
    publicKey: createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: "der", type: "spki" }),
    verifierKey: formatWitnessKey(name, raw),
  };
}

function formatWitnessKey(name: string, publicKey: Uint8Array): string {
  const typed = encodeBase64(concatBytes([Uint8Array.of(COSIGNATURE_V1), publicKey]));
  return `${name}+${formatKeyId(cosignatureKeyId(name, publicKey))}+${typed}`;
}

function rawPublicKey(privateKey: KeyObject): Uint8Array {
  const der = createPublicKey(privateKey).export({ format: "der", type: "spki" });
  return der.subarray(SPKI_ED25519_PREFIX.byteLength);
}
