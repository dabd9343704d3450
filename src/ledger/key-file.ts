// The ledger's signing key on disk: the signer key in a file only its owner can read, and the
// verifier key beside it in `<file>.pub`, which is what auditors are given.
import { link, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { CustodyError, isCustodyError } from "../core/errors.js";
import { generateSigner, parseSignerKey } from "./note-keys.js";
import type { NoteSigner } from "./note-keys.js";

/** Reads the signer key at `keyPath`, creating it (mode 0600) and `<keyPath>.pub` when absent. */
export async function loadOrCreateSigner(keyPath: string, name: string): Promise<NoteSigner> {
  let text = await readIfPresent(keyPath);
  if (text === undefined) {
    const keys = generateSigner(name);
    await mkdir(dirname(keyPath), { recursive: true, mode: 0o700 });
    // Written whole to a temporary file, then linked into place: a process killed mid-write leaves
    // no half-written key that every later run would refuse, and link() fails if another process won.
    const temporary = `${keyPath}.${process.pid}.${Date.now()}.tmp`;
    try {
      await writeFile(temporary, `${keys.signerKey}\n`, { mode: 0o600, flag: "wx", flush: true });
      await link(temporary, keyPath);
      text = keys.signerKey;
    } catch (error) {
      // Another process created the key between our read and write: use theirs.
      if (errorCode(error) !== "EEXIST") throw unreadable(keyPath, error);
      text = await readIfPresent(keyPath);
    } finally {
      await rm(temporary, { force: true });
    }
  }
  const signer = parseKeyFile(keyPath, text ?? "");
  if (signer.name !== name) {
    throw new CustodyError(
      "ledger-key-invalid",
      `key file ${keyPath} holds a key named "${signer.name}", but this ledger signs as "${name}"; ` +
        "pass the key file that belongs to this ledger",
    );
  }
  await ensurePublicKey(`${keyPath}.pub`, signer.verifierKey);
  return signer;
}

/** Reads a signer key file without creating anything. */
export async function loadSigner(keyPath: string): Promise<NoteSigner> {
  const text = await readIfPresent(keyPath);
  if (text === undefined) {
    throw new CustodyError("ledger-key-missing", `signer key file ${keyPath} does not exist`);
  }
  return parseKeyFile(keyPath, text);
}

async function ensurePublicKey(pubPath: string, verifierKey: string): Promise<void> {
  const existing = await readIfPresent(pubPath);
  if (existing === undefined) {
    try {
      await writeFile(pubPath, `${verifierKey}\n`, { mode: 0o644, flag: "wx" });
      return;
    } catch (error) {
      if (errorCode(error) !== "EEXIST") throw unreadable(pubPath, error);
      return ensurePublicKey(pubPath, verifierKey);
    }
  }
  if (existing.trim() !== verifierKey) {
    throw new CustodyError(
      "ledger-key-invalid",
      `${pubPath} does not hold the verifier key of the key file beside it; delete it to have it written again`,
    );
  }
}

function parseKeyFile(keyPath: string, text: string): NoteSigner {
  try {
    return parseSignerKey(text);
  } catch (error) {
    if (!isCustodyError(error)) throw error;
    throw new CustodyError(error.code, `key file ${keyPath}: ${error.message}`, { cause: error });
  }
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw unreadable(path, error);
  }
}

function unreadable(path: string, error: unknown): CustodyError {
  const why = error instanceof Error ? error.message : String(error);
  return new CustodyError("file-unreadable", `cannot use key file ${path}: ${why}`, { cause: error });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
