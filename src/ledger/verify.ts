// Offline verification of a ledger with nothing but its store and the log's public key. Entries are
// streamed once in batches; the tree root is recomputed incrementally and compared with every signed
// checkpoint as the stream reaches its size, so memory stays O(batch + log n).
import { isCustodyError } from "../core/errors.js";
import { bytesEqual } from "./bytes.js";
import { parseCheckpoint } from "./checkpoint.js";
import { decodeEvent } from "./events.js";
import { MerkleBuilder, leafHash } from "./merkle.js";
import { parseVerifierKey } from "./note-keys.js";
import type { NoteVerifier } from "./note-keys.js";
import { openNote } from "./note.js";
import type { CheckpointRecord, LedgerStore } from "./store.js";
import { readTrustedCheckpoint } from "./trusted-checkpoint.js";
import { ProblemList, describeRange } from "./verify-report.js";
import type { VerifyProblem, VerifyReport } from "./verify-report.js";

export interface VerifyOptions {
  /** A signed checkpoint note the auditor kept from an earlier look at the log. */
  trustedCheckpoint?: string;
  /** Entries read per batch (default 10,000). */
  batchSize?: number;
  /** Problems listed per kind before the rest are only counted (default 20). */
  problemLimit?: number;
}

interface SignedHead {
  size: number;
  rootHash: Uint8Array;
  /** Already reported as inconsistent with its stored record. */
  flagged: boolean;
}

/** Throws only for a malformed verifier key; every finding about the log itself is in the report. */
export async function verifyLedger(
  store: LedgerStore,
  verifierKey: string | NoteVerifier,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const verifier = typeof verifierKey === "string" ? parseVerifierKey(verifierKey) : verifierKey;
  const problems = new ProblemList(options.problemLimit ?? 20);
  const origin = { value: await store.getMeta("origin") };
  const trusted = readTrusted(options.trustedCheckpoint, verifier, origin.value, problems);
  const checkpoints = store.checkpoints()[Symbol.asyncIterator]();
  const builder = new MerkleBuilder();
  let lastMatch = 0;
  let firstMismatch: number | undefined;
  let laterMismatches = 0;
  let checked = 0;
  let newestSigned = -1;
  let trustedChecked = false;

  async function nextHead(): Promise<SignedHead | undefined> {
    for (;;) {
      const next = await checkpoints.next();
      if (next.done) return undefined;
      const head = readHead(next.value, verifier, origin, problems);
      if (head) return head;
    }
  }

  function compare(head: SignedHead): void {
    checked++;
    if (bytesEqual(builder.root(), head.rootHash)) {
      if (firstMismatch === undefined) lastMatch = head.size;
      return;
    }
    if (firstMismatch !== undefined) {
      laterMismatches++;
      return;
    }
    firstMismatch = head.size;
    const range = { first: lastMatch, last: head.size - 1 };
    const anchor = lastMatch > 0 ? `the checkpoint for size ${lastMatch} still matches` : "no earlier checkpoint matches";
    problems.add({
      kind: "root-mismatch",
      range,
      checkpointSize: head.size,
      message:
        `the signed checkpoint for size ${head.size} does not match the entries: ` +
        `first divergence in ${describeRange(range)} (${anchor})`,
    });
  }

  let pending = await nextHead();
  async function settle(): Promise<void> {
    while (pending && pending.size <= builder.size) {
      newestSigned = Math.max(newestSigned, pending.size);
      if (pending.size === builder.size) compare(pending);
      else if (!pending.flagged) outOfOrder(pending, problems);
      pending = await nextHead();
    }
    if (trusted && !trustedChecked && trusted.size === builder.size) {
      trustedChecked = true;
      if (!bytesEqual(builder.root(), trusted.rootHash)) {
        const range = { first: Math.min(lastMatch, trusted.size - 1), last: trusted.size - 1 };
        problems.add({
          kind: "trusted-checkpoint-mismatch",
          range,
          checkpointSize: trusted.size,
          message:
            `the log does not match the trusted checkpoint for size ${trusted.size}: it was rewritten or forked; ` +
            `first divergence in ${describeRange(range)}`,
        });
      }
    }
  }

  await settle();
  let nextIndex = 0;
  for await (const batch of store.entries({ batchSize: options.batchSize ?? 10_000 })) {
    for (const item of batch) {
      if (item.index > nextIndex) {
        const range = { first: nextIndex, last: item.index - 1 };
        problems.add({ kind: "entry-missing", range, message: `${describeRange(range)} missing from the log` });
      }
      nextIndex = item.index + 1;
      const hash = leafHash(item.entry);
      if (!bytesEqual(hash, item.leafHash)) {
        problems.add({
          kind: "leaf-hash-mismatch",
          index: item.index,
          message: `entry ${item.index} does not match its stored leaf hash: its bytes were changed`,
        });
      }
      checkEvent(item.entry, item.index, problems);
      builder.push(hash);
      if ((pending && pending.size <= builder.size) || trusted?.size === builder.size) await settle();
    }
  }

  const size = builder.size;
  let beyond = -1;
  for (; pending; pending = await nextHead()) {
    newestSigned = Math.max(newestSigned, pending.size);
    if (pending.size > size) beyond = Math.max(beyond, pending.size);
    else if (!pending.flagged) outOfOrder(pending, problems);
  }
  if (laterMismatches > 0) {
    problems.add({
      kind: "root-mismatch",
      message: `${laterMismatches} later checkpoint(s) do not match either, as follows from the first divergence`,
    });
  }
  if (beyond > size) {
    problems.add(truncation(`the newest signed checkpoint is for ${beyond} entries`, beyond, size));
  } else if (newestSigned < size) {
    const range = { first: Math.max(newestSigned, 0), last: size - 1 };
    problems.add({
      kind: "unsigned-entries",
      range,
      message: `${describeRange(range)} not covered by any checkpoint signed by ${verifier.name}`,
    });
  }
  if (trusted && trusted.size > size) {
    problems.add(truncation(`the trusted checkpoint is for ${trusted.size} entries`, trusted.size, size));
  }
  return { ok: problems.size === 0, size, checkedCheckpoints: checked, problems: problems.list() };
}

function readHead(
  record: CheckpointRecord,
  verifier: NoteVerifier,
  origin: { value: string | undefined },
  problems: ProblemList,
): SignedHead | undefined {
  const label = `the checkpoint stored for size ${record.size}`;
  const opened = openNote(record.note, [verifier]);
  if (!opened.ok) {
    const kind = opened.reason === "malformed" ? "checkpoint-invalid" : "checkpoint-unverified";
    problems.add({ kind, checkpointSize: record.size, message: `${label} is not valid: ${opened.message}` });
    return undefined;
  }
  let checkpoint;
  try {
    checkpoint = parseCheckpoint(opened.text);
  } catch (error) {
    if (!isCustodyError(error)) throw error;
    problems.add({ kind: "checkpoint-invalid", checkpointSize: record.size, message: `${label}: ${error.message}` });
    return undefined;
  }
  origin.value ??= checkpoint.origin;
  if (checkpoint.origin !== origin.value) {
    problems.add({
      kind: "origin-mismatch",
      checkpointSize: record.size,
      message: `${label} is for log "${checkpoint.origin}", not "${origin.value}"`,
    });
    return undefined;
  }
  const flagged = checkpoint.size !== record.size;
  if (flagged) {
    problems.add({
      kind: "checkpoint-invalid",
      checkpointSize: checkpoint.size,
      message: `${label} actually signs size ${checkpoint.size}: its stored size was changed`,
    });
  }
  return { size: checkpoint.size, rootHash: checkpoint.rootHash, flagged };
}

function readTrusted(note: string | undefined, verifier: NoteVerifier, origin: string | undefined, problems: ProblemList): SignedHead | undefined {
  const checkpoint = readTrustedCheckpoint(note, verifier, origin, problems);
  return checkpoint === undefined ? undefined : { size: checkpoint.size, rootHash: checkpoint.rootHash, flagged: false };
}

function checkEvent(entry: Uint8Array, index: number, problems: ProblemList): void {
  try {
    decodeEvent(entry);
  } catch (error) {
    if (!isCustodyError(error)) throw error;
    problems.add({ kind: "entry-invalid", index, message: `entry ${index}: ${error.message}` });
  }
}

function outOfOrder(head: SignedHead, problems: ProblemList): void {
  problems.add({
    kind: "checkpoint-invalid",
    checkpointSize: head.size,
    message: `the checkpoint for size ${head.size} is stored out of order and could not be checked`,
  });
}

function truncation(what: string, signed: number, size: number): VerifyProblem {
  const range = { first: size, last: signed - 1 };
  return {
    kind: "truncated",
    range,
    message: `${what} but the log holds ${size}: ${signed - size} missing (${describeRange(range)}); the log was truncated`,
  };
}
