// The log's side of witnessing, after `ledger proof --from SIZE` has written the add-checkpoint request
// (receipt-ledger.ts): storing the cosignatures a witness returns beside its checkpoint. Checkpoint rows
// are append-only, so the
// cosigned note is stored as a new row for the same tree size; being the newest, it is the one
// `ledger checkpoint` prints and `ledger export` publishes.
import { CustodyError } from "../core/errors.js";
import { parseCheckpoint } from "./checkpoint.js";
import { formatKeyId, parseVerifierKey } from "./note-keys.js";
import { openNote, parseNote } from "./note.js";
import type { CheckpointRecord, LedgerStore } from "./store.js";
import { checkCosignatures } from "./witness.js";
import type { Cosignature } from "./witness.js";
import type { WitnessVerifier } from "./witness-keys.js";

const SIGNATURE_PREFIX = "\u2014 ";

export interface AttachedCosignatures {
  /** Tree size of the checkpoint the cosignatures were stored with. */
  size: number;
  added: Cosignature[];
  /** The checkpoint note with every cosignature it now carries. */
  note: string;
}

/**
 * Verifies the cosignature lines of a witness's answer against the newest checkpoint and stores that
 * checkpoint again with them. Lines by keys not given are ignored; a line by a given witness that does
 * not verify is an error, and a witness's older cosignature on the same checkpoint is replaced.
 */
export async function attachCosignatures(store: LedgerStore, response: string, witnesses: readonly WitnessVerifier[]): Promise<AttachedCosignatures> {
  const { record, size } = await newestSigned(store);
  const lines = signatureLines(response);
  const parsed = parseNote(record.note);
  if ("ok" in parsed) throw new CustodyError("ledger-invalid", `the newest checkpoint of ${store.location} is malformed: ${parsed.message}`);
  const check = checkCosignatures(`${parsed.text}\n${lines.join("")}`, witnesses);
  if (check.invalid.length > 0) {
    throw new CustodyError(
      "ledger-invalid",
      `refusing the cosignatures: ${check.invalid.join("; ")} over the newest checkpoint (size ${size}); ` +
        "ask the witness again with the request custody ledger proof --from SIZE writes",
    );
  }
  if (check.valid.length === 0) {
    throw new CustodyError(
      "ledger-invalid",
      `none of the ${lines.length} signature line(s) is a cosignature by the witness key(s) given; pass --witness with the key of the witness that answered`,
    );
  }
  const byWitness = (line: string): WitnessVerifier | undefined => witnesses.find((w) => lineKey(line) === `${w.name}+${formatKeyId(w.keyId)}`);
  const kept = noteLines(record.note).filter((line) => byWitness(line) === undefined);
  const added = lines.filter((line) => byWitness(line) !== undefined);
  const note = `${parsed.text}\n${[...kept, ...added].join("")}`;
  const stored: CheckpointRecord = record.frontier ? { size: record.size, note, frontier: record.frontier } : { size: record.size, note };
  await store.addCheckpoint(stored);
  return { size, added: check.valid, note };
}

async function newestSigned(store: LedgerStore): Promise<{ record: CheckpointRecord; size: number }> {
  const record = await store.latestCheckpoint();
  if (!record) throw new CustodyError("ledger-invalid", `ledger ${store.location} has no checkpoint yet; run custody gate first`);
  const key = await store.getMeta("verifier-key");
  if (key === undefined) throw new CustodyError("ledger-key-missing", `ledger ${store.location} does not record its verifier key`);
  const opened = openNote(record.note, [parseVerifierKey(key)]);
  if (!opened.ok) {
    throw new CustodyError("ledger-invalid", `the newest checkpoint of ${store.location} does not verify (${opened.message}); run custody ledger verify`);
  }
  return { record, size: parseCheckpoint(opened.text).size };
}

/** The signature lines of a witness's answer (each "— name base64"); blank lines are ignored. */
function signatureLines(response: string): string[] {
  const lines = response.split("\n").map((line) => line.replace(/\r$/, "")).filter((line) => line.trim() !== "");
  const bad = lines.find((line) => !line.startsWith(SIGNATURE_PREFIX) || lineKey(line) === undefined);
  if (bad !== undefined) {
    throw new CustodyError("witness-request-invalid", `the witness's answer holds a line that is not a signature line: ${JSON.stringify(bad.slice(0, 80))}`);
  }
  if (lines.length === 0) throw new CustodyError("witness-request-invalid", "the witness's answer holds no signature line");
  return lines.map((line) => `${line}\n`);
}

/** `name+keyid` of a signature line, or undefined when it does not parse. */
function lineKey(line: string): string | undefined {
  const parsed = parseNote(`x\n\n${line.endsWith("\n") ? line : `${line}\n`}`);
  if ("ok" in parsed) return undefined;
  const [signature] = parsed.signatures;
  return signature ? `${signature.name}+${formatKeyId(signature.keyId)}` : undefined;
}

function noteLines(note: string): string[] {
  const split = note.lastIndexOf("\n\n");
  return note.slice(split + 2).split("\n").filter((line) => line !== "").map((line) => `${line}\n`);
}
