import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { LedgerEvent } from "../core/types.js";
import { toHex } from "./bytes.js";
import { parseCheckpoint } from "./checkpoint.js";
import { encodeEvent } from "./events.js";
import { loadOrCreateSigner } from "./key-file.js";
import { createLedger, openLedger } from "./ledger.js";
import { leafHash, rootHash } from "./merkle.js";
import { generateSigner, parseSignerKey, parseVerifierKey } from "./note-keys.js";
import { openNote, signNote } from "./note.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { LedgerStore } from "./store.js";

const ORIGIN = "custody.example/test-ledger";
const dir = mkdtempSync(join(tmpdir(), "custody-ledger-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
let files = 0;
const freshPath = (): string => join(dir, `ledger-${files++}.sqlite`);
const signer = parseSignerKey(generateSigner(ORIGIN).signerKey);

function event(i: number): LedgerEvent {
  return {
    type: "scan.completed",
    time: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
    actor: "ci",
    subject: `change:${i}`,
    payload: { findings: i % 7 },
  };
}
const events = (from: number, count: number): LedgerEvent[] => Array.from({ length: count }, (_, i) => event(from + i));

function expectedRoot(count: number): string {
  return toHex(rootHash(events(0, count).map((e) => leafHash(encodeEvent(e)))));
}

function checkpointOf(note: string): { size: number; root: string } {
  const opened = openNote(note, [parseVerifierKey(signer.verifierKey)]);
  assert.ok(opened.ok, "checkpoint must verify with the signer's key");
  const checkpoint = parseCheckpoint(opened.text);
  assert.equal(checkpoint.origin, ORIGIN);
  return { size: checkpoint.size, root: toHex(checkpoint.rootHash) };
}

void describe("ledger", () => {
  void it("appends batches and signs a checkpoint over the whole log after each", async () => {
    const ledger = await openLedger({ path: freshPath(), origin: ORIGIN, signer });
    const first = await ledger.append(events(0, 3));
    assert.deepEqual(first.indexes, [0, 1, 2]);
    assert.deepEqual(checkpointOf(first.checkpoint), { size: 3, root: expectedRoot(3) });
    const second = await ledger.append(events(3, 2));
    assert.deepEqual(second.indexes, [3, 4]);
    assert.deepEqual(checkpointOf(second.checkpoint), { size: 5, root: expectedRoot(5) });
    assert.equal(await ledger.latestCheckpoint(), second.checkpoint);
    assert.equal(await ledger.size(), 5);
    await ledger.close();
  });

  void it("continues the same tree after reopening", async () => {
    const path = freshPath();
    const before = await openLedger({ path, origin: ORIGIN, signer });
    await before.append(events(0, 6));
    await before.close();
    const reopened = await openLedger({ path, origin: ORIGIN, signer });
    const result = await reopened.append(events(6, 5));
    assert.deepEqual(result.indexes, [6, 7, 8, 9, 10]);
    assert.deepEqual(checkpointOf(result.checkpoint), { size: 11, root: expectedRoot(11) });
    await reopened.close();
  });

  void it("lets two writers on one file take turns without losing or duplicating entries", async () => {
    const path = freshPath();
    const a = await openLedger({ path, origin: ORIGIN, signer });
    const b = await openLedger({ path, origin: ORIGIN, signer });
    await a.append(events(0, 2));
    const fromB = await b.append(events(2, 3));
    const fromA = await a.append(events(5, 1));
    assert.deepEqual(fromB.indexes, [2, 3, 4]);
    assert.deepEqual(fromA.indexes, [5]);
    assert.deepEqual(checkpointOf(fromA.checkpoint), { size: 6, root: expectedRoot(6) });
    await a.close();
    await b.close();
  });

  void it("retries on top of entries another writer committed between its read and its write", async () => {
    const path = freshPath();
    const competitor = await openLedger({ path, origin: ORIGIN, signer });
    const store = openSqliteStore(path);
    let raced = false;
    const racing: LedgerStore = {
      ...store,
      append: async (firstIndex, entries, checkpoint) => {
        if (!raced) {
          raced = true;
          await competitor.append(events(100, 2));
        }
        return store.append(firstIndex, entries, checkpoint);
      },
    };
    const ledger = await createLedger(racing, { origin: ORIGIN, signer });
    const result = await ledger.append(events(0, 1));
    assert.deepEqual(result.indexes, [2]);
    const leaves = [...events(100, 2), event(0)].map((e) => leafHash(encodeEvent(e)));
    assert.deepEqual(checkpointOf(result.checkpoint), { size: 3, root: toHex(rootHash(leaves)) });
    await ledger.close();
    await competitor.close();
  });

  void it("names the event at fault and appends nothing when one event is invalid", async () => {
    const ledger = await openLedger({ path: freshPath(), origin: ORIGIN, signer });
    const bad = { ...event(1), time: "yesterday" };
    await assert.rejects(ledger.append([event(0), bad]), (error: unknown) =>
      error instanceof Error && "code" in error && error.code === "ledger-event-invalid" && /event 1/.test(error.message),
    );
    assert.equal(await ledger.size(), 0);
    await ledger.close();
  });

  void it("cannot append without a signer key", async () => {
    const ledger = await openLedger({ path: freshPath(), origin: ORIGIN });
    await assert.rejects(ledger.append(events(0, 1)), { code: "ledger-key-missing" });
    await ledger.close();
  });

  void it("refuses another origin or another signing key for an existing ledger", async () => {
    const path = freshPath();
    const ledger = await openLedger({ path, origin: ORIGIN, signer });
    await ledger.append(events(0, 1));
    await ledger.close();
    await assert.rejects(openLedger({ path, origin: "other.example/log", signer }), { code: "ledger-invalid" });
    const stranger = parseSignerKey(generateSigner(ORIGIN).signerKey);
    await assert.rejects(openLedger({ path, origin: ORIGIN, signer: stranger }), { code: "ledger-key-invalid" });
  });

  void it("refuses to sign on top of a latest checkpoint it did not sign", async () => {
    const path = freshPath();
    const ledger = await openLedger({ path, origin: ORIGIN, signer });
    await ledger.append(events(0, 2));
    await ledger.close();
    const attacker = parseSignerKey(generateSigner(ORIGIN).signerKey);
    const store = openSqliteStore(path);
    await store.addCheckpoint({ size: 2, note: signNote(`${ORIGIN}\n2\n${"A".repeat(43)}=\n`, attacker) });
    await store.close();
    const reopened = await openLedger({ path, origin: ORIGIN, signer });
    await assert.rejects(reopened.append(events(2, 1)), { code: "ledger-invalid" });
    assert.equal(await reopened.size(), 2);
    await reopened.close();
  });

  void it("rejects an origin that cannot be a checkpoint origin", async () => {
    await assert.rejects(openLedger({ path: freshPath(), origin: "my ledger", signer }), { code: "usage" });
  });
});

void describe("loadOrCreateSigner", () => {
  void it("creates an owner-only key file and a .pub beside it, then loads the same key", async () => {
    const keyPath = join(dir, "keys", "ledger.key");
    const created = await loadOrCreateSigner(keyPath, ORIGIN);
    assert.equal(statSync(keyPath).mode & 0o777, 0o600);
    assert.equal(readFileSync(`${keyPath}.pub`, "utf8"), `${created.verifierKey}\n`);
    assert.doesNotMatch(readFileSync(`${keyPath}.pub`, "utf8"), /PRIVATE/);
    const loaded = await loadOrCreateSigner(keyPath, ORIGIN);
    assert.equal(loaded.verifierKey, created.verifierKey);
  });

  void it("rewrites a missing .pub and refuses one that belongs to another key", async () => {
    const keyPath = join(dir, "pub-check.key");
    const signerHere = await loadOrCreateSigner(keyPath, ORIGIN);
    rmSync(`${keyPath}.pub`);
    await loadOrCreateSigner(keyPath, ORIGIN);
    assert.equal(existsSync(`${keyPath}.pub`), true);
    writeFileSync(`${keyPath}.pub`, `${generateSigner(ORIGIN).verifierKey}\n`);
    await assert.rejects(loadOrCreateSigner(keyPath, ORIGIN), { code: "ledger-key-invalid" });
    assert.ok(signerHere.name === ORIGIN);
  });

  void it("refuses a key file made for another name, and a damaged one, naming the file", async () => {
    const keyPath = join(dir, "named.key");
    await loadOrCreateSigner(keyPath, "first.example/log");
    await assert.rejects(loadOrCreateSigner(keyPath, ORIGIN), (error: unknown) =>
      error instanceof Error && error.message.includes(keyPath) && /first\.example\/log/.test(error.message),
    );
    const damaged = join(dir, "damaged.key");
    writeFileSync(damaged, "PRIVATE+KEY+broken\n");
    await assert.rejects(loadOrCreateSigner(damaged, ORIGIN), (error: unknown) =>
      error instanceof Error && error.message.includes(damaged),
    );
  });
});
