// Receipts in the C2SP tlog-proof@v1 format (c2sp.org/tlog-proof): an entry's index, its inclusion
// proof and the signed checkpoint the proof leads to, in one text that a holder checks offline with
// nothing but the log's public key. Custody puts the entry itself on the optional `extra` line, so a
// receipt also says what was recorded; like the spec says, that line is not trusted on its own: it is
// only believed once the inclusion proof for its leaf hash leads to the signed root.
import { isCustodyError, CustodyError } from "../core/errors.js";
import { bytesEqual, decodeBase64Strict, encodeBase64 } from "./bytes.js";
import { parseCheckpoint } from "./checkpoint.js";
import { HASH_SIZE, leafHash } from "./merkle.js";
import { parseVerifierKey } from "./note-keys.js";
import type { NoteVerifier } from "./note-keys.js";
import { openNote } from "./note.js";
import { verifyInclusion } from "./proof.js";

export const RECEIPT_HEADER = "c2sp.org/tlog-proof@v1";
/** A proof for any tree of fewer than 2^63 entries has at most 63 hashes. */
const MAX_PROOF_HASHES = 63;
/** Largest entry (64 KiB) in base64, plus a generous checkpoint with cosignatures. */
export const MAX_RECEIPT_CHARS = 256 * 1024;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

export interface Receipt {
  index: number;
  /** Inclusion proof hashes, from the leaf's sibling up to the root's child. */
  proof: Uint8Array[];
  /** The signed checkpoint note, verbatim. */
  checkpoint: string;
  /** The unauthenticated extra data; in Custody receipts, the entry bytes. */
  extra?: Uint8Array;
}

export type ReceiptFailureReason =
  | "malformed"
  | "checkpoint-unverified"
  | "origin-mismatch"
  | "entry-missing"
  | "entry-mismatch"
  | "not-included";

export interface VerifiedReceipt {
  ok: true;
  index: number;
  treeSize: number;
  rootHash: Uint8Array;
  origin: string;
  /** The leaf hash the proof was checked for. */
  leafHash: Uint8Array;
  /** The entry bytes whose inclusion was proven, when the receipt or the caller supplied them. */
  entry: Uint8Array;
  /** Names of the trusted keys whose signatures on the checkpoint verified. */
  verifiedBy: string[];
}

export interface ReceiptFailure {
  ok: false;
  reason: ReceiptFailureReason;
  message: string;
}

export interface VerifyReceiptOptions {
  /** The entry the holder has; it must be the entry the receipt proves. Needed when the receipt has no extra line. */
  entry?: Uint8Array;
  /** The log's origin, first line of its checkpoints (default: the verifier key's name). */
  origin?: string;
}

export function formatReceipt(receipt: Receipt): string {
  if (!Number.isSafeInteger(receipt.index) || receipt.index < 0) {
    throw new RangeError(`receipt index ${receipt.index} is not a non-negative integer`);
  }
  const lines = [RECEIPT_HEADER];
  if (receipt.extra) lines.push(`extra ${encodeBase64(receipt.extra)}`);
  lines.push(`index ${receipt.index}`, ...receipt.proof.map(encodeBase64));
  return `${lines.join("\n")}\n\n${receipt.checkpoint}`;
}

/** Parses a receipt's layout; the checkpoint is kept as text and checked by verifyReceipt. */
export function parseReceipt(text: string): Receipt {
  if (text.length > MAX_RECEIPT_CHARS) throw invalid(`it is longer than ${MAX_RECEIPT_CHARS} characters`);
  const lines = text.split("\n");
  let at = 0;
  const next = (): string | undefined => lines[at++];
  if (next() !== RECEIPT_HEADER) throw invalid(`the first line must be ${RECEIPT_HEADER}`);
  let line = next();
  let extra: Uint8Array | undefined;
  if (line?.startsWith("extra ")) {
    extra = decodeBase64Strict(line.slice("extra ".length));
    if (!extra) throw invalid("the extra line is not canonical base64");
    line = next();
  }
  const indexText = line?.startsWith("index ") ? line.slice("index ".length) : undefined;
  if (indexText === undefined) throw invalid('the line after the header (and extra) must be "index <number>"');
  const index = Number(indexText);
  if (!DECIMAL.test(indexText) || !Number.isSafeInteger(index)) {
    throw invalid(`index ${JSON.stringify(indexText)} is not a decimal number without leading zeros`);
  }
  const proof: Uint8Array[] = [];
  for (line = next(); line !== undefined && line !== ""; line = next()) {
    const hash = decodeBase64Strict(line);
    if (!hash) throw invalid(`proof line ${proof.length + 1} is not canonical base64`);
    if (hash.byteLength !== HASH_SIZE) {
      throw invalid(`proof line ${proof.length + 1} holds ${hash.byteLength} bytes; a SHA-256 hash is ${HASH_SIZE}`);
    }
    proof.push(hash);
    if (proof.length > MAX_PROOF_HASHES) throw invalid(`it has more than ${MAX_PROOF_HASHES} proof lines`);
  }
  if (line === undefined) throw invalid("there is no empty line before the checkpoint");
  const checkpoint = lines.slice(at).join("\n");
  if (checkpoint === "") throw invalid("the checkpoint after the empty line is missing");
  return extra ? { index, proof, checkpoint, extra } : { index, proof, checkpoint };
}

/** Checks a receipt offline: checkpoint signature, origin, and the entry's inclusion under the signed root. */
export function verifyReceipt(
  text: string,
  verifierKey: string | NoteVerifier,
  options: VerifyReceiptOptions = {},
): VerifiedReceipt | ReceiptFailure {
  const verifier = typeof verifierKey === "string" ? parseVerifierKey(verifierKey) : verifierKey;
  let receipt: Receipt;
  try {
    receipt = parseReceipt(text);
  } catch (error) {
    if (!isCustodyError(error)) throw error;
    return fail("malformed", error.message);
  }
  const opened = openNote(receipt.checkpoint, [verifier]);
  if (!opened.ok) return fail("checkpoint-unverified", `the receipt's checkpoint is not signed by the log: ${opened.message}`);
  let checkpoint;
  try {
    checkpoint = parseCheckpoint(opened.text);
  } catch (error) {
    if (!isCustodyError(error)) throw error;
    return fail("malformed", `the receipt's ${error.message}`);
  }
  const origin = options.origin ?? verifier.name;
  if (checkpoint.origin !== origin) {
    return fail("origin-mismatch", `the receipt is for log "${checkpoint.origin}", not "${origin}"`);
  }
  const entry = options.entry ?? receipt.extra;
  if (!entry) {
    return fail("entry-missing", "the receipt does not carry its entry; give the entry it is for");
  }
  const leaf = leafHash(entry);
  if (options.entry && receipt.extra && !bytesEqual(leaf, leafHash(receipt.extra))) {
    return fail("entry-mismatch", `the entry given is not the one the receipt for entry ${receipt.index} carries`);
  }
  if (!verifyInclusion(receipt.index, checkpoint.size, leaf, receipt.proof, checkpoint.rootHash)) {
    return fail(
      "not-included",
      `the inclusion proof does not lead from entry ${receipt.index} to the signed root of tree size ${checkpoint.size}`,
    );
  }
  return {
    ok: true,
    index: receipt.index,
    treeSize: checkpoint.size,
    rootHash: checkpoint.rootHash,
    origin: checkpoint.origin,
    leafHash: leaf,
    entry,
    verifiedBy: opened.verifiedBy,
  };
}

function fail(reason: ReceiptFailureReason, message: string): ReceiptFailure {
  return { ok: false, reason, message };
}

function invalid(why: string): CustodyError {
  return new CustodyError("receipt-invalid", `receipt is not a valid ${RECEIPT_HEADER} proof: ${why}`);
}
