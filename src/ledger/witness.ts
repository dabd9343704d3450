// Witness cosignatures (c2sp.org/tlog-cosignature, Ed25519 `cosignature/v1`) and the witness side of
// c2sp.org/tlog-witness add-checkpoint. A cosignature signs "cosignature/v1\ntime <t>\n" followed by the
// checkpoint text, and its signature line carries key ID ‖ big-endian u64 timestamp ‖ Ed25519 signature
// (72 bytes after the key ID). A witness cosigns a checkpoint only after checking the log's signature
// and a consistency proof from the last checkpoint it cosigned for that log, so a log that shows two
// histories to two parties cannot get both cosigned.
import { sign, verify } from "node:crypto";
import { CustodyError } from "../core/errors.js";
import { bytesEqual, concatBytes, decodeBase64Strict, encodeBase64 } from "./bytes.js";
import { parseCheckpoint } from "./checkpoint.js";
import type { Checkpoint } from "./checkpoint.js";
import { HASH_SIZE, emptyRoot } from "./merkle.js";
import { formatKeyId } from "./note-keys.js";
import type { NoteVerifier } from "./note-keys.js";
import { openNote, parseNote } from "./note.js";
import { verifyConsistency } from "./proof.js";
import type { VerifyProblem, VerifyReport } from "./verify-report.js";
import type { WitnessSigner, WitnessVerifier } from "./witness-keys.js";

const SIGNATURE_PREFIX = "\u2014 ";
const TIMESTAMP_BYTES = 8;
const COSIGNATURE_BYTES = TIMESTAMP_BYTES + 64;
/** c2sp.org/tlog-witness: a client MUST NOT send more than 63 consistency proof lines. */
const MAX_PROOF_LINES = 63;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/**
 * The timestamp of a v1 cosignature (the signature bytes after the key ID), or undefined when the bytes
 * are not one: a cosignature is exactly 72 bytes, and timestamps past 2^53 cannot be real times.
 */
export function cosignatureTimestamp(signature: Uint8Array): number | undefined {
  if (signature.byteLength !== COSIGNATURE_BYTES) return undefined;
  const timestamp = Buffer.from(signature.buffer, signature.byteOffset, TIMESTAMP_BYTES).readBigUInt64BE(0);
  return timestamp <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(timestamp) : undefined;
}

/** The message a v1 cosignature signs. */
export function cosignatureMessage(checkpointText: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, "utf8");
}

/** The signature line of a cosignature over `checkpointText` made at `time` (seconds are kept, the rest dropped). */
export function cosign(checkpointText: string, signer: WitnessSigner, time: Date): string {
  const timestamp = Math.floor(time.getTime() / 1000);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new CustodyError("usage", `cannot cosign at ${time.toISOString()}: the time is before 1970`);
  const head = Buffer.alloc(4 + TIMESTAMP_BYTES);
  head.writeUInt32BE(signer.keyId, 0);
  head.writeBigUInt64BE(BigInt(timestamp), 4);
  const signature = sign(null, cosignatureMessage(checkpointText, timestamp), signer.privateKey);
  return `${SIGNATURE_PREFIX}${signer.name} ${encodeBase64(concatBytes([head, signature]))}\n`;
}

export interface Cosignature {
  witness: string;
  /** POSIX seconds the witness put in its cosignature. */
  timestamp: number;
}

export interface CosignatureCheck {
  /** Valid cosignatures by the given witnesses, one per witness. */
  valid: Cosignature[];
  /** Lines by a given witness that fail to verify: per the signed-note rules, the note must then be rejected. */
  invalid: string[];
}

/** Checks the cosignature lines of a signed note by the given witnesses; lines by other keys are ignored. */
export function checkCosignatures(note: string, witnesses: readonly WitnessVerifier[]): CosignatureCheck {
  const parsed = parseNote(note);
  if ("ok" in parsed) return { valid: [], invalid: [parsed.message] };
  const valid = new Map<string, Cosignature>();
  const invalid: string[] = [];
  for (const { name, keyId, signature } of parsed.signatures) {
    const witness = witnesses.find((w) => w.name === name && w.keyId === keyId);
    if (!witness) continue;
    const label = `${name}+${formatKeyId(keyId)}`;
    const timestamp = cosignatureTimestamp(signature);
    if (timestamp === undefined) {
      invalid.push(`the cosignature by ${label} is ${signature.byteLength} bytes, not the ${COSIGNATURE_BYTES} of a v1 cosignature`);
      continue;
    }
    if (!verify(null, cosignatureMessage(parsed.text, timestamp), witness.publicKey, signature.subarray(TIMESTAMP_BYTES))) {
      invalid.push(`the cosignature by ${label} does not verify`);
      continue;
    }
    valid.set(witness.verifierKey, { witness: name, timestamp });
  }
  return { valid: [...valid.values()], invalid };
}

export interface WitnessPolicy {
  witnesses: readonly WitnessVerifier[];
  /** Valid cosignatures required (default: every witness given). */
  minimum?: number;
}

/** What a checkpoint lacks under a witness policy, in the shape of a verification report's problems. */
export function witnessProblems(note: string, policy: WitnessPolicy, label: string): VerifyProblem[] {
  const minimum = policy.minimum ?? policy.witnesses.length;
  const { valid, invalid } = checkCosignatures(note, policy.witnesses);
  const problems: VerifyProblem[] = invalid.map((message) => ({ kind: "cosignature-invalid", message: `${label}: ${message}` }));
  if (valid.length < minimum) {
    const by = valid.length > 0 ? ` (by ${valid.map((c) => c.witness).join(", ")})` : "";
    problems.push({
      kind: "witness-missing",
      message: `${label} carries ${valid.length} valid cosignature(s)${by} from the ${policy.witnesses.length} witness(es) given; ${minimum} required`,
    });
  }
  return problems;
}

/** `report` with what the newest checkpoint (`note`) lacks under the witness policy; not ok when it lacks anything. */
export function requireWitnesses(report: VerifyReport, note: string | undefined, policy: WitnessPolicy, label: string): VerifyReport {
  const problems: VerifyProblem[] =
    note === undefined ? [{ kind: "witness-missing", message: `${label} is missing, so it carries no cosignature` }] : witnessProblems(note, policy, label);
  return problems.length === 0 ? report : { ...report, ok: false, problems: [...report.problems, ...problems] };
}

export interface AddCheckpointRequest {
  oldSize: number;
  proof: Uint8Array[];
  /** The signed checkpoint note. */
  note: string;
}

/** The c2sp.org/tlog-witness add-checkpoint body: `old <size>`, proof lines, a blank line, the checkpoint. */
export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  return `old ${request.oldSize}\n${request.proof.map((hash) => `${encodeBase64(hash)}\n`).join("")}\n${request.note}`;
}

export function parseAddCheckpointRequest(body: string): AddCheckpointRequest {
  const bad = (why: string): CustodyError =>
    new CustodyError("witness-request-invalid", `the add-checkpoint request is malformed: ${why}`);
  const lines = body.split("\n");
  const oldLine = lines[0] ?? "";
  const oldText = oldLine.startsWith("old ") ? oldLine.slice(4) : undefined;
  if (oldText === undefined || !DECIMAL.test(oldText)) throw bad(`it must start with "old <size>", not ${JSON.stringify(oldLine.slice(0, 40))}`);
  const oldSize = Number(oldText);
  if (!Number.isSafeInteger(oldSize)) throw bad(`old size ${oldText} is too large`);
  const proof: Uint8Array[] = [];
  let at = 1;
  for (; at < lines.length && lines[at] !== ""; at++) {
    const hash = decodeBase64Strict(lines[at] ?? "");
    if (!hash || hash.byteLength !== HASH_SIZE) throw bad(`proof line ${at} is not a base64 SHA-256 hash`);
    proof.push(hash);
  }
  if (proof.length > MAX_PROOF_LINES) throw bad(`it has ${proof.length} proof lines; at most ${MAX_PROOF_LINES} are allowed`);
  if (at >= lines.length) throw bad("there is no blank line before the checkpoint");
  const note = lines.slice(at + 1).join("\n");
  if (note === "") throw bad("the checkpoint is missing");
  return { oldSize, proof, note };
}

export type WitnessRefusal = "unknown-origin" | "unverified" | "bad-request" | "rollback" | "conflict" | "inconsistent";

export type WitnessDecision =
  | { ok: true; cosignature: string; checkpoint: Checkpoint }
  | { ok: false; reason: WitnessRefusal; message: string; stateSize: number };

export interface WitnessState {
  /** The last checkpoint this witness cosigned for the log (already verified by the caller). */
  checkpoint: Checkpoint;
}

export interface AddCheckpointInput {
  request: AddCheckpointRequest;
  origin: string;
  log: NoteVerifier;
  witness: WitnessSigner;
  state: WitnessState | undefined;
  now: Date;
}

/** Decides an add-checkpoint request as c2sp.org/tlog-witness specifies; pure: storing the new state is the caller's part. */
export function addCheckpoint(input: AddCheckpointInput): WitnessDecision {
  const { request, origin, log, witness, state } = input;
  const stateSize = state?.checkpoint.size ?? 0;
  const refuse = (reason: WitnessRefusal, message: string): WitnessDecision => ({ ok: false, reason, message, stateSize });
  const parsed = parseNote(request.note);
  if ("ok" in parsed) return refuse("bad-request", parsed.message);
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(parsed.text);
  } catch (error) {
    return refuse("bad-request", error instanceof Error ? error.message : String(error));
  }
  if (checkpoint.origin !== origin) return refuse("unknown-origin", `this witness cosigns checkpoints of "${origin}", not "${checkpoint.origin}"`);
  const opened = openNote(request.note, [log]);
  if (!opened.ok) return refuse("unverified", `the checkpoint is not signed by the log key ${log.name}: ${opened.message}`);
  const { oldSize, proof } = request;
  if (oldSize > checkpoint.size) return refuse("bad-request", `old size ${oldSize} is larger than the checkpoint's size ${checkpoint.size}`);
  if (checkpoint.size < stateSize) {
    return refuse("rollback", `the checkpoint is for ${checkpoint.size} entries but this witness already cosigned ${stateSize}: the log rolled back`);
  }
  if (oldSize !== stateSize) return refuse("conflict", `old size ${oldSize} does not match the ${stateSize} entries this witness last cosigned; ask again from ${stateSize}`);
  const oldRoot = state?.checkpoint.rootHash ?? emptyRoot();
  if (oldSize === checkpoint.size && !bytesEqual(oldRoot, checkpoint.rootHash)) {
    return refuse("conflict", `the checkpoint for size ${oldSize} has a different root than the one this witness cosigned: the log forked`);
  }
  if (!consistent(oldSize, checkpoint, oldRoot, proof)) {
    return refuse("inconsistent", `the consistency proof from size ${oldSize} to ${checkpoint.size} does not verify: the new checkpoint does not extend the old one`);
  }
  return { ok: true, cosignature: cosign(parsed.text, witness, input.now), checkpoint };
}

function consistent(oldSize: number, checkpoint: Checkpoint, oldRoot: Uint8Array, proof: readonly Uint8Array[]): boolean {
  // Every tree extends the empty one; only an empty tree must carry the empty root, and nothing needs a proof.
  if (oldSize === 0) return proof.length === 0 && (checkpoint.size > 0 || bytesEqual(checkpoint.rootHash, emptyRoot()));
  return verifyConsistency(oldSize, checkpoint.size, oldRoot, checkpoint.rootHash, proof);
}
