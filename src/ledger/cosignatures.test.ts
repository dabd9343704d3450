import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { LedgerEvent } from "../core/types.js";
import { attachCosignatures } from "./cosignatures.js";
import { exportLedger } from "./export.js";
import { openLedger } from "./ledger.js";
import { generateSigner, parseSignerKey, parseVerifierKey } from "./note-keys.js";
import { openNote } from "./note.js";
import { consistencyFor } from "./receipt-ledger.js";
import { openSqliteStore } from "./sqlite-store.js";
import type { LedgerStore } from "./store.js";
import { verifyExport } from "./verify-export.js";
import { verifyLedger } from "./verify.js";
import { cosign, requireWitnesses } from "./witness.js";
import { generateWitnessKey, parseWitnessSigner, parseWitnessVerifier } from "./witness-keys.js";
import { witnessCheckpoint } from "./witness-state.js";

const ORIGIN = "custody.example/cosigned";
const signer = parseSignerKey(generateSigner(ORIGIN).signerKey);
const log = parseVerifierKey(signer.verifierKey);
const w1 = parseWitnessSigner(generateWitnessKey("witness.example/w1").signerKey);
const w2 = parseWitnessSigner(generateWitnessKey("witness.example/w2").signerKey);
const v1 = parseWitnessVerifier(w1.verifierKey);
const v2 = parseWitnessVerifier(w2.verifierKey);
const dir = mkdtempSync(join(tmpdir(), "custody-cosign-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
let made = 0;
const fresh = (name: string): string => join(dir, `${name}-${made++}`);
const NOW = new Date("2026-11-21T10:00:00Z");

function event(i: number): LedgerEvent {
  return { type: "decision.made", time: new Date(Date.UTC(2026, 5, 1) + i * 1000).toISOString(), actor: "ci", subject: `change:${i}`, payload: { i } };
}

async function ledgerOf(size: number): Promise<string> {
  const path = fresh("ledger.sqlite");
  const ledger = await openLedger({ path, origin: ORIGIN, signer });
  await ledger.append(Array.from({ length: size }, (_, i) => event(i)));
  await ledger.close();
  return path;
}

async function withStore<T>(path: string, work: (store: LedgerStore) => Promise<T>): Promise<T> {
  const store = openSqliteStore(path);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** One round trip: the log asks (ledger proof --from), the witness (with its state file) answers, the log stores the answer. */
async function witnessRound(path: string, statePath: string, from: number, witness = w1) {
  const body = await withStore(path, (store) => consistencyFor(store, from));
  const decision = await witnessCheckpoint({ statePath, body, origin: ORIGIN, log, witness, now: NOW });
  assert.ok(decision.ok, JSON.stringify(decision));
  return withStore(path, (store) => attachCosignatures(store, decision.cosignature, [parseWitnessVerifier(witness.verifierKey)]));
}

void describe("witnessing a ledger", () => {
  void it("gets the newest checkpoint cosigned, stores it, and verification accepts and can require it", async () => {
    const path = await ledgerOf(30);
    const state = fresh("w1.state");
    const attached = await witnessRound(path, state, 0);
    assert.equal(attached.size, 30);
    assert.deepEqual(attached.added, [{ witness: w1.name, timestamp: NOW.getTime() / 1000 }]);
    const latest = await withStore(path, async (store) => (await store.latestCheckpoint())?.note ?? "");
    assert.equal(latest, attached.note);
    assert.match(latest, /\n\n\u2014 custody\.example\/cosigned \S+\n\u2014 witness\.example\/w1 \S+\n$/);
    // The log's verifiers skip the cosignature line: the ledger and an export of it still verify.
    assert.ok(openNote(latest, [log]).ok);
    const report = await withStore(path, (store) => verifyLedger(store, log));
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.deepEqual(requireWitnesses(report, latest, { witnesses: [v1] }, "the newest checkpoint"), report);
    const required = requireWitnesses(report, latest, { witnesses: [v1, v2] }, "the newest checkpoint");
    assert.deepEqual(required.problems.map((p) => p.kind), ["witness-missing"]);
    assert.equal(required.ok, false);
    const exported = fresh("export");
    await withStore(path, (store) => exportLedger(store, exported));
    assert.equal(readFileSync(join(exported, "checkpoint"), "utf8"), latest);
    assert.equal((await verifyExport(exported, log)).ok, true);
  });

  void it("cosigns the next checkpoint from the size it last cosigned, with a consistency proof from the store", async () => {
    const path = await ledgerOf(30);
    const state = fresh("w1.state");
    await witnessRound(path, state, 0);
    const ledger = await openLedger({ path, origin: ORIGIN, signer });
    await ledger.append(Array.from({ length: 45 }, (_, i) => event(30 + i)));
    await ledger.close();
    const body = await withStore(path, (store) => consistencyFor(store, 30));
    assert.match(body, /^old 30\n(?:[A-Za-z0-9+/]{43}=\n)+\n/);
    const attached = await witnessRound(path, state, 30);
    assert.equal(attached.size, 75);
    assert.match(readFileSync(state, "utf8"), /^custody\.example\/cosigned\n75\n/);
    // A second witness adds its own line beside the first one's.
    const both = await witnessRound(path, fresh("w2.state"), 0, w2);
    assert.deepEqual(requireWitnesses({ ok: true, size: 75, checkedCheckpoints: 1, problems: [] }, both.note, { witnesses: [v1, v2] }, "x").problems, []);
    // A witness asked from a size it did not cosign refuses.
    const stale = await withStore(path, (store) => consistencyFor(store, 10));
    const refused = await witnessCheckpoint({ statePath: state, body: stale, origin: ORIGIN, log, witness: w1, now: NOW });
    assert.ok(!refused.ok && refused.reason === "conflict" && refused.stateSize === 75);
  });

  void it("refuses to store a cosignature made for another checkpoint, or lines from no witness given", async () => {
    const path = await ledgerOf(10);
    const old = await withStore(path, async (store) => (await store.latestCheckpoint())?.note ?? "");
    const ledger = await openLedger({ path, origin: ORIGIN, signer });
    await ledger.append([event(10)]);
    await ledger.close();
    const line = cosign(old.slice(0, old.lastIndexOf("\n\n") + 1), w1, NOW);
    await withStore(path, async (store) => {
      await assert.rejects(attachCosignatures(store, line, [v1]), /does not verify over the newest checkpoint \(size 11\)/);
      await assert.rejects(attachCosignatures(store, line, [v2]), /none of the 1 signature line\(s\) is a cosignature by the witness key\(s\) given/);
      await assert.rejects(attachCosignatures(store, "HTTP/1.1 200 OK\n", [v1]), { code: "witness-request-invalid" });
    });
  });
});
