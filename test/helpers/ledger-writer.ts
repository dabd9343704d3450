// A process the crash test kills at random moments: it appends events to a ledger in a loop and prints
// `ack <index> <subject>` for each event only after the append that holds it has resolved.
//
//   node --import tsx test/helpers/ledger-writer.ts <location> <key-file> <run-id> <ledger|cli>
//
// "ledger" keeps one store and ledger open and appends through them; "cli" goes the way `custody
// gate` does, opening the store, appending one batch and closing it each time.
import type { LedgerEvent } from "../../src/core/types.js";

const [location, keyFile, run, mode] = process.argv.slice(2);
if (location === undefined || keyFile === undefined || run === undefined || (mode !== "ledger" && mode !== "cli")) {
  process.stderr.write("usage: ledger-writer.ts <location> <key-file> <run-id> <ledger|cli>\n");
  process.exit(2);
}

function event(seq: number): LedgerEvent {
  return {
    type: "scan.completed",
    time: new Date(Date.UTC(2026, 10, 21) + seq * 1000).toISOString(),
    actor: `writer:${run}`,
    subject: `change:${run}-${seq}`,
    payload: { run, seq, digest: String(seq).padStart(64, "0") },
  };
}

/** One write per batch: a single write of under 4 KiB to a pipe arrives whole or not at all. */
function acknowledge(indexes: number[], events: LedgerEvent[]): void {
  process.stdout.write(indexes.map((index, i) => `ack ${index} ${events[i]?.subject ?? "?"}\n`).join(""));
}

let seq = 0;
function nextBatch(): LedgerEvent[] {
  const size = 1 + (seq % 4);
  return Array.from({ length: size }, () => event(seq++));
}

// Only what the mode needs is loaded: the parent kills this process soon, and start-up is the cost.
// "opening" comes once the code is loaded, just before the store is first opened.
if (mode === "cli") {
  const { appendEvents } = await import("../../src/cli/commands/record.js");
  process.stdout.write("opening\nready\n");
  for (;;) {
    const events = nextBatch();
    const ref = await appendEvents({ ledger: location, key: keyFile }, events);
    acknowledge(ref.indexes, events);
  }
} else {
  const { createLedger } = await import("../../src/ledger/ledger.js");
  const { loadSigner } = await import("../../src/ledger/key-file.js");
  const { openLedgerStore } = await import("../../src/ledger/open-store.js");
  if (location.startsWith("postgres")) await import("../../src/ledger/postgres-store.js");
  process.stdout.write("opening\n");
  const store = await openLedgerStore(location);
  const origin = await store.getMeta("origin");
  if (origin === undefined) throw new Error(`${location} has no origin: the test creates the ledger before starting writers`);
  const ledger = await createLedger(store, { origin, signer: await loadSigner(keyFile) });
  process.stdout.write("ready\n");
  for (;;) {
    const events = nextBatch();
    const { indexes } = await ledger.append(events);
    acknowledge(indexes, events);
  }
}
