// Writing to the ledger: events become canonical entries, each batch is appended together with a
// freshly signed checkpoint for the new tree size and the interior nodes it completed (those at kept
// levels, see NODE_LEVEL_STEP), in one transaction. The writer keeps the Merkle frontier in memory and
// resumes it from the latest checkpoint, so an append costs O(batch + log n) however long the log is,
// and hands back a tlog-proof receipt per event.
import { CustodyError, isCustodyError } from "../core/errors.js";
import type { LedgerEvent } from "../core/types.js";
import { bytesEqual } from "./bytes.js";
import { formatCheckpoint, parseCheckpoint } from "./checkpoint.js";
import { encodeEvent } from "./events.js";
import { MerkleBuilder, NODE_LEVEL_STEP, leafHash } from "./merkle.js";
import { formatKeyId, isValidKeyName, parseVerifierKey } from "./note-keys.js";
import type { NoteSigner } from "./note-keys.js";
import { openNote, signNote } from "./note.js";
import { batchReceipts } from "./receipt-batch.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { LedgerStore, NewEntry, NodeRecord } from "./store.js";

export interface LedgerOptions {
  /** The log's identity, first line of every checkpoint, e.g. `example.com/custody`. */
  origin: string;
  /** Needed to append; without it the ledger is read-only. */
  signer?: NoteSigner;
}

export interface OpenLedgerOptions extends LedgerOptions {
  /** SQLite ledger file; created when missing. */
  path: string;
}

export interface AppendResult {
  /** Index of each appended event, in the order given. */
  indexes: number[];
  /** The signed checkpoint note for the tree including this batch. */
  checkpoint: string;
  /**
   * A C2SP tlog-proof receipt per event, in the order given, against `checkpoint`. Built from memory when
   * first read (no store access), so bulk writers that do not need them do not pay for them.
   */
  readonly receipts: string[];
}

export interface Ledger {
  readonly origin: string;
  readonly store: LedgerStore;
  size(): Promise<number>;
  append(events: readonly LedgerEvent[]): Promise<AppendResult>;
  /** The newest signed checkpoint note, if any. */
  latestCheckpoint(): Promise<string | undefined>;
  close(): Promise<void>;
}

const MAX_ATTEMPTS = 8;

/** A random pause that grows with each conflict, so writers that keep colliding stop doing so in step. */
function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
}

export async function openLedger(options: OpenLedgerOptions): Promise<Ledger> {
  const store = openSqliteStore(options.path);
  try {
    return await createLedger(store, options);
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** A ledger over any store (SQLite, PostgreSQL, …). */
export async function createLedger(store: LedgerStore, options: LedgerOptions): Promise<Ledger> {
  const { origin, signer } = options;
  if (!isValidKeyName(origin)) {
    throw new CustodyError(
      "usage",
      `ledger origin ${JSON.stringify(origin)} is not valid: use a name without spaces or "+", e.g. example.com/custody`,
    );
  }
  await claimMeta(store, "origin", origin, (stored) =>
    new CustodyError("ledger-invalid", `ledger ${store.location} belongs to origin "${stored}", not "${origin}"`),
  );
  if (signer) {
    await claimMeta(store, "verifier-key", signer.verifierKey, (stored) =>
      new CustodyError(
        "ledger-key-invalid",
        `ledger ${store.location} is signed by key ${describeKey(stored)}, but the signer key given is ` +
          `${signer.name}+${formatKeyId(signer.keyId)}; use the ledger's own key`,
      ),
    );
  }
  let builder: MerkleBuilder | undefined;

  async function append(events: readonly LedgerEvent[]): Promise<AppendResult> {
    if (!signer) {
      throw new CustodyError("ledger-key-missing", `cannot append to ledger ${store.location}: no signer key was given`);
    }
    if (events.length === 0) throw new CustodyError("usage", "nothing to append: the list of events is empty");
    const entries = events.map(toEntry);
    for (let attempt = 1; ; attempt++) {
      const base = await caughtUp(signer);
      const next = base.clone();
      const nodes: NodeRecord[] = [];
      const keep = (level: number, index: number, hash: Uint8Array): void => {
        if (level % NODE_LEVEL_STEP === 0) nodes.push({ level, index, hash });
      };
      for (const { leafHash: hash } of entries) next.push(hash, keep);
      const text = formatCheckpoint({ origin, size: next.size, rootHash: next.root(), extensions: [] });
      const note = signNote(text, signer);
      try {
        const checkpoint = { size: next.size, note, frontier: next.frontier() };
        const indexes = await store.append(base.size, entries, checkpoint, nodes);
        builder = next;
        const before = base.clone();
        let receipts: string[] | undefined;
        return {
          indexes,
          checkpoint: note,
          get receipts(): string[] {
            receipts ??= batchReceipts(before, entries, note);
            return receipts;
          },
        };
      } catch (error) {
        if (!isCustodyError(error) || error.code !== "ledger-conflict" || attempt >= MAX_ATTEMPTS) throw error;
        await backoff(attempt);
      }
    }
  }

  /** The writer's frontier, brought up to the store's current end. */
  async function caughtUp(key: NoteSigner): Promise<MerkleBuilder> {
    const current = builder ?? (await resume(store, origin, key));
    const end = await store.nextIndex();
    if (current.size > end) {
      throw new CustodyError(
        "ledger-invalid",
        `ledger ${store.location} has ${end} entries but ${current.size} were already signed: entries were removed; ` +
          "run custody ledger verify",
      );
    }
    await extend(store, current, end);
    builder = current;
    return current;
  }

  return {
    origin,
    store,
    size: () => store.nextIndex(),
    append,
    latestCheckpoint: async () => (await store.latestCheckpoint())?.note,
    close: () => store.close(),
  };
}

function toEntry(event: LedgerEvent, position: number): NewEntry {
  try {
    const entry = encodeEvent(event);
    return { entry, leafHash: leafHash(entry) };
  } catch (error) {
    if (!isCustodyError(error)) throw error;
    throw new CustodyError(error.code, `event ${position}: ${error.message}`, { cause: error });
  }
}

/**
 * Rebuilds the frontier at the latest checkpoint, checking it against that checkpoint's signed root:
 * signing on top of a log that no longer matches its own checkpoints would bless the tampering.
 */
async function resume(store: LedgerStore, origin: string, signer: NoteSigner): Promise<MerkleBuilder> {
  const latest = await store.latestCheckpoint();
  if (!latest) return new MerkleBuilder();
  const opened = openNote(latest.note, [parseVerifierKey(signer.verifierKey)]);
  const refuse = (why: string): CustodyError =>
    new CustodyError(
      "ledger-invalid",
      `refusing to append to ledger ${store.location}: ${why}; run custody ledger verify`,
    );
  if (!opened.ok) throw refuse(`its latest checkpoint does not verify (${opened.message})`);
  const checkpoint = parseCheckpoint(opened.text);
  if (checkpoint.origin !== origin) throw refuse(`its latest checkpoint is for origin "${checkpoint.origin}"`);
  const restored = latest.frontier ? MerkleBuilder.restore(checkpoint.size, latest.frontier) : undefined;
  if (restored && bytesEqual(restored.root(), checkpoint.rootHash)) return restored;
  const rebuilt = new MerkleBuilder();
  await extend(store, rebuilt, checkpoint.size);
  if (rebuilt.size !== checkpoint.size || !bytesEqual(rebuilt.root(), checkpoint.rootHash)) {
    throw refuse(`its entries do not match its latest signed checkpoint (size ${checkpoint.size})`);
  }
  return rebuilt;
}

/** Pushes the entries from builder.size up to `end`, hashing the stored bytes rather than trusting stored hashes. */
async function extend(store: LedgerStore, builder: MerkleBuilder, end: number): Promise<void> {
  if (builder.size >= end) return;
  for await (const batch of store.entries({ from: builder.size, to: end })) {
    for (const item of batch) {
      if (item.index !== builder.size) {
        throw new CustodyError(
          "ledger-invalid",
          `ledger ${store.location} is missing entry ${builder.size}; run custody ledger verify`,
        );
      }
      builder.push(leafHash(item.entry));
    }
  }
  if (builder.size < end) {
    throw new CustodyError(
      "ledger-invalid",
      `ledger ${store.location} is missing entries from ${builder.size} on; run custody ledger verify`,
    );
  }
}

async function claimMeta(
  store: LedgerStore,
  key: "origin" | "verifier-key",
  value: string,
  mismatch: (stored: string) => CustodyError,
): Promise<void> {
  const stored = await store.getMeta(key);
  if (stored === undefined) {
    await store.setMeta(key, value);
    return;
  }
  if (stored !== value) throw mismatch(stored);
}

function describeKey(verifierKey: string): string {
  const [name, id] = verifierKey.split("+");
  return `${name ?? "?"}+${id ?? "?"}`;
}
