// Proofs against a ledger's newest checkpoint, as texts a holder can keep: a tlog-proof receipt for one
// entry, and a consistency proof from an older tree size in the body format of the C2SP tlog-witness
// add-checkpoint call (c2sp.org/tlog-witness, see witness.ts), so it can be handed to a witness as it is.
// Every proof is checked against the signed root before it is returned: stored hashes are not trusted.
import { CustodyError, isCustodyError } from "../core/errors.js";
import { parseCheckpoint } from "./checkpoint.js";
import type { Checkpoint } from "./checkpoint.js";
import { leafHash } from "./merkle.js";
import { parseNote } from "./note.js";
import { verifyConsistency, verifyInclusion } from "./proof.js";
import { proveConsistency, proveInclusion, rootAt } from "./proof-store.js";
import { formatReceipt } from "./receipt.js";
import type { LedgerStore } from "./store.js";
import { formatAddCheckpointRequest } from "./witness.js";

/** The receipt for entry `index` against the ledger's newest checkpoint, with the entry on its extra line. */
export async function receiptFor(store: LedgerStore, index: number): Promise<string> {
  const { note, checkpoint } = await newestCheckpoint(store);
  if (!Number.isSafeInteger(index) || index < 0 || index >= checkpoint.size) {
    throw new CustodyError(
      "usage",
      `entry ${index} is not covered by the newest checkpoint of ledger ${store.location} (tree size ${checkpoint.size}); ` +
        `give an index from 0 to ${checkpoint.size - 1}`,
    );
  }
  const entry = await readEntry(store, index);
  const proof = await proveInclusion(store, index, checkpoint.size);
  if (!verifyInclusion(index, checkpoint.size, leafHash(entry), proof, checkpoint.rootHash)) {
    throw tampered(store, `the proof for entry ${index}`);
  }
  return formatReceipt({ index, proof, checkpoint: note, extra: entry });
}

/** A consistency proof from the tree of `oldSize` entries to the newest checkpoint, in tlog-witness body form. */
export async function consistencyFor(store: LedgerStore, oldSize: number): Promise<string> {
  const { note, checkpoint } = await newestCheckpoint(store);
  if (!Number.isSafeInteger(oldSize) || oldSize < 0 || oldSize > checkpoint.size) {
    throw new CustodyError(
      "usage",
      `size ${oldSize} is not between 0 and the newest checkpoint's tree size ${checkpoint.size} in ledger ${store.location}`,
    );
  }
  const proof = await proveConsistency(store, oldSize, checkpoint.size);
  if (oldSize > 0) {
    const oldRoot = await rootAt(store, oldSize);
    if (!verifyConsistency(oldSize, checkpoint.size, oldRoot, checkpoint.rootHash, proof)) {
      throw tampered(store, `the consistency proof from size ${oldSize}`);
    }
  }
  return formatAddCheckpointRequest({ oldSize, proof, note });
}

async function newestCheckpoint(store: LedgerStore): Promise<{ note: string; checkpoint: Checkpoint }> {
  const latest = await store.latestCheckpoint();
  if (!latest) {
    throw new CustodyError("ledger-invalid", `ledger ${store.location} has no checkpoint yet; append to it first`);
  }
  const unreadable = (why: string): CustodyError =>
    new CustodyError("ledger-invalid", `ledger ${store.location}: its newest checkpoint is unreadable (${why}); run custody ledger verify`);
  const parsed = parseNote(latest.note);
  if ("ok" in parsed) throw unreadable(parsed.message);
  try {
    return { note: latest.note, checkpoint: parseCheckpoint(parsed.text) };
  } catch (error) {
    if (!isCustodyError(error)) throw error;
    throw unreadable(error.message);
  }
}

async function readEntry(store: LedgerStore, index: number): Promise<Uint8Array> {
  for await (const batch of store.entries({ from: index, to: index + 1, batchSize: 1 })) {
    const [item] = batch;
    if (item?.index === index) return item.entry;
  }
  throw new CustodyError("ledger-invalid", `ledger ${store.location} has no entry ${index}; run custody ledger verify`);
}

function tampered(store: LedgerStore, what: string): CustodyError {
  return new CustodyError(
    "ledger-invalid",
    `ledger ${store.location}: ${what} does not match its signed checkpoint, so stored data was changed; ` +
      "run custody ledger verify",
  );
}
