// OpenSSH private key files (`-----BEGIN OPENSSH PRIVATE KEY-----`), the `openssh-key-v1` format of
// OpenSSH's PROTOCOL.key: magic, cipher and KDF names, the public keys, then the (possibly encrypted)
// private section of check integers, keys and comments, padded with 1, 2, 3, … to the cipher's block.
// Only unencrypted Ed25519 keys are read; an encrypted key gets an error that says how to proceed.
import { CustodyError } from "../core/errors.js";
import { SSH_ED25519 } from "./keys.js";
import { WireReader, wireString, wireUint32 } from "./ssh-wire.js";

const BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
const END = "-----END OPENSSH PRIVATE KEY-----";
const MAGIC = Buffer.from("openssh-key-v1\0", "latin1");
const UNENCRYPTED_BLOCK = 8;

export interface OpenSshKey {
  /** The 32-byte Ed25519 seed (the first half of OpenSSH's 64-byte private key). */
  seed: Uint8Array;
  publicKey: Uint8Array;
  comment: string;
}

export function isOpenSshPrivateKey(text: string): boolean {
  return text.includes(BEGIN);
}

/** Reads an unencrypted Ed25519 key; `source` names the file in errors (which never quote the key). */
export function parseOpenSshPrivateKey(text: string, source: string): OpenSshKey {
  const fail = (why: string): CustodyError => new CustodyError("approval-key-invalid", `${source}: ${why}`);
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw fail("not an OpenSSH private key (no BEGIN/END OPENSSH PRIVATE KEY lines)");
  const body = text.slice(start + BEGIN.length, end).replace(/\s+/g, "");
  const bytes = Buffer.from(body, "base64");
  if (bytes.byteLength < MAGIC.byteLength || !bytes.subarray(0, MAGIC.byteLength).equals(MAGIC)) {
    throw fail("not in the openssh-key-v1 format");
  }
  const reader = new WireReader(bytes.subarray(MAGIC.byteLength));
  const cipher = reader.text();
  const kdf = reader.text();
  const kdfOptions = reader.string();
  const count = reader.uint32();
  if (cipher === undefined || kdf === undefined || kdfOptions === undefined || count === undefined) throw fail("the key file is truncated");
  if (cipher !== "none" || kdf !== "none") {
    throw fail(
      `the key is encrypted with a passphrase (${cipher}, ${kdf}), which custody cannot read; ` +
        "sign with a custody key (`custody keygen FILE`) or with an unencrypted copy kept private " +
        "(`cp KEY COPY && ssh-keygen -p -N '' -f COPY`)",
    );
  }
  if (count !== 1) throw fail(`the file holds ${count} keys; custody reads files with exactly one`);
  const publicBlob = reader.string();
  const privateSection = reader.string();
  if (publicBlob === undefined || privateSection === undefined) throw fail("the key file is truncated");
  return parsePrivateSection(privateSection, fail);
}

function parsePrivateSection(section: Uint8Array, fail: (why: string) => CustodyError): OpenSshKey {
  if (section.byteLength % UNENCRYPTED_BLOCK !== 0) throw fail("the private section is not padded to whole blocks");
  const reader = new WireReader(section);
  const check1 = reader.uint32();
  const check2 = reader.uint32();
  if (check1 === undefined || check1 !== check2) throw fail("the check integers differ (a damaged or wrongly decrypted key)");
  const type = reader.text();
  if (type !== SSH_ED25519) {
    throw fail(`it holds a ${type ?? "unknown"} key; approvals are signed with Ed25519 keys (ssh-keygen -t ed25519)`);
  }
  const publicKey = reader.string();
  const secret = reader.string();
  const comment = reader.text();
  if (publicKey?.byteLength !== 32 || secret?.byteLength !== 64 || comment === undefined) throw fail("the Ed25519 key is malformed");
  // OpenSSH stores seed ‖ public key; the second half must repeat the public key.
  if (!Buffer.from(secret.subarray(32)).equals(Buffer.from(publicKey))) throw fail("the private and public halves do not match");
  const padding = reader.take(reader.remaining) ?? new Uint8Array();
  if (!padding.every((byte, index) => byte === index + 1)) throw fail("the padding is malformed");
  return { seed: new Uint8Array(secret.subarray(0, 32)), publicKey: new Uint8Array(publicKey), comment };
}

/** Writes an unencrypted openssh-key-v1 file, as `ssh-keygen -N ''` would (used by tests and key generation). */
export function formatOpenSshPrivateKey(key: OpenSshKey, checkInt: number): string {
  const publicBlob = Buffer.concat([wireString(SSH_ED25519), wireString(key.publicKey)]);
  const body = [
    wireUint32(checkInt),
    wireUint32(checkInt),
    wireString(SSH_ED25519),
    wireString(key.publicKey),
    wireString(Buffer.concat([key.seed, key.publicKey])),
    wireString(key.comment),
  ];
  let section = Buffer.concat(body);
  const pad = (UNENCRYPTED_BLOCK - (section.byteLength % UNENCRYPTED_BLOCK)) % UNENCRYPTED_BLOCK;
  section = Buffer.concat([section, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);
  const bytes = Buffer.concat([
    MAGIC,
    wireString("none"),
    wireString("none"),
    wireString(new Uint8Array()),
    wireUint32(1),
    wireString(publicBlob),
    wireString(section),
  ]);
  const lines = bytes.toString("base64").match(/.{1,70}/g) ?? [];
  return `${BEGIN}\n${lines.join("\n")}\n${END}\n`;
}
