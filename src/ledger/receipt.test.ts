import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { LedgerEvent } from "../core/types.js";
import { parseCheckpoint } from "./checkpoint.js";
import { decodeEvent, encodeEvent } from "./events.js";
import { openLedger } from "./ledger.js";
import type { Ledger } from "./ledger.js";
import { generateSigner, parseSignerKey } from "./note-keys.js";
import { parseNote } from "./note.js";
import { verifyConsistency } from "./proof.js";
import { formatReceipt, parseReceipt, verifyReceipt } from "./receipt.js";
import { consistencyFor, receiptFor } from "./receipt-ledger.js";
import { parseAddCheckpointRequest } from "./witness.js";

const ORIGIN = "custody.example/receipts";
const keys = generateSigner(ORIGIN);
const signer = parseSignerKey(keys.signerKey);
const dir = mkdtempSync(join(tmpdir(), "custody-receipts-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
let files = 0;

function event(i: number): LedgerEvent {
  return { type: "decision.made", time: "2026-03-01T12:00:00.000Z", actor: "ci", subject: `change:${i}`, payload: { outcome: "pass", i } };
}
const events = (from: number, count: number): LedgerEvent[] => Array.from({ length: count }, (_, i) => event(from + i));
const freshLedger = (): Promise<Ledger> => openLedger({ path: join(dir, `ledger-${files++}.sqlite`), origin: ORIGIN, signer });

function rootOf(note: string): { size: number; rootHash: Uint8Array } {
  const parsed = parseNote(note);
  assert.ok(!("ok" in parsed));
  return parseCheckpoint(parsed.text);
}

/** Replaces one line of a receipt. */
function withLine(receipt: string, at: number, line: string): string {
  const lines = receipt.split("\n");
  lines[at] = line;
  return lines.join("\n");
}

void describe("receipts", () => {
  void it("come with every append, one per event, each proving its event under the batch's checkpoint", async () => {
    const ledger = await freshLedger();
    await ledger.append(events(0, 11));
    const result = await ledger.append(events(11, 6));
    assert.equal(result.receipts.length, 6);
    for (const [offset, receipt] of result.receipts.entries()) {
      const checked = verifyReceipt(receipt, keys.verifierKey);
      assert.ok(checked.ok, checked.ok ? "" : checked.message);
      assert.equal(checked.index, 11 + offset);
      assert.equal(checked.treeSize, 17);
      assert.deepEqual(decodeEvent(checked.entry), event(11 + offset));
      assert.ok(receipt.endsWith(result.checkpoint), "the checkpoint is carried verbatim");
    }
    await ledger.close();
  });

  void it("are the same whether built while appending or later from the store", async () => {
    const ledger = await freshLedger();
    await ledger.append(events(0, 40));
    const result = await ledger.append(events(40, 25));
    for (const [offset, receipt] of result.receipts.entries()) {
      assert.equal(await receiptFor(ledger.store, 40 + offset), receipt);
    }
    await ledger.close();
  });

  void it("from an older batch keep verifying, and a new one proves the same entry under the newer checkpoint", async () => {
    const ledger = await freshLedger();
    const first = await ledger.append(events(0, 3));
    await ledger.append(events(3, 30));
    const old = first.receipts[1] ?? "";
    const renewed = await receiptFor(ledger.store, 1);
    assert.ok(verifyReceipt(old, keys.verifierKey).ok);
    const checked = verifyReceipt(renewed, keys.verifierKey);
    assert.ok(checked.ok && checked.treeSize === 33 && checked.index === 1);
    await assert.rejects(receiptFor(ledger.store, 33), { code: "usage" });
    await ledger.close();
  });

  void it("fail, each with its reason, when anything is changed or the wrong key or entry is used", async () => {
    const ledger = await freshLedger();
    const result = await ledger.append(events(0, 9));
    const receipt = result.receipts[4] ?? "";
    const parsed = parseReceipt(receipt);
    const reason = (text: string, options = {}, key: string = keys.verifierKey): string => {
      const checked = verifyReceipt(text, key, options);
      return checked.ok ? "verified" : checked.reason;
    };
    const otherEntry = encodeEvent(event(99));
    const forged = formatReceipt({ ...parsed, extra: otherEntry });
    const flipped = Buffer.from(parsed.proof[0] ?? []);
    flipped[0] = (flipped[0] ?? 0) ^ 0x80;
    assert.equal(reason(forged), "not-included", "another entry on the extra line");
    assert.equal(reason(withLine(receipt, 3, flipped.toString("base64"))), "not-included", "a flipped proof bit");
    assert.equal(reason(withLine(receipt, 2, "index 5")), "not-included", "another index");
    assert.equal(reason(receipt, {}, generateSigner(ORIGIN).verifierKey), "checkpoint-unverified", "another key");
    assert.equal(reason(receipt, { origin: "custody.example/other" }), "origin-mismatch");
    assert.equal(reason(receipt, { entry: otherEntry }), "entry-mismatch");
    assert.equal(reason(receipt.replace("index 4", "index 04")), "malformed");
    const bare = formatReceipt({ index: parsed.index, proof: parsed.proof, checkpoint: parsed.checkpoint });
    assert.equal(reason(bare), "entry-missing");
    assert.equal(reason(bare, { entry: encodeEvent(event(4)) }), "verified", "the holder's own copy of the entry");
    assert.equal(reason(receipt, { entry: encodeEvent(event(4)) }), "verified");
    await ledger.close();
  });

  void it("parse back to what was formatted and refuse a missing checkpoint or an over-long proof", () => {
    const receipt = { index: 7, proof: [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)], checkpoint: "o\n1\nAA==\n\n— o AAAA\n", extra: Uint8Array.of(1, 2, 3) };
    const text = formatReceipt(receipt);
    assert.equal(text.split("\n").slice(0, 3).join("\n"), "c2sp.org/tlog-proof@v1\nextra AQID\nindex 7");
    assert.deepEqual(parseReceipt(text), receipt);
    assert.throws(() => parseReceipt("c2sp.org/tlog-proof@v1\nindex 0\n"), { code: "receipt-invalid" });
    assert.throws(() => parseReceipt("c2sp.org/tlog-proof@v1\nindex 0\n\n"), { code: "receipt-invalid" });
    const long = `c2sp.org/tlog-proof@v1\nindex 0\n${`${Buffer.alloc(32).toString("base64")}\n`.repeat(64)}\nx\n`;
    assert.throws(() => parseReceipt(long), { code: "receipt-invalid" });
  });
});

void describe("consistency proofs against the newest checkpoint", () => {
  void it("prove that the log extends an older checkpoint, in the tlog-witness request form", async () => {
    const ledger = await freshLedger();
    const old = await ledger.append(events(0, 21));
    await ledger.append(events(21, 50));
    const text = await consistencyFor(ledger.store, 21);
    const { oldSize, proof, note: checkpoint } = parseAddCheckpointRequest(text);
    assert.equal(oldSize, 21);
    assert.ok(text.startsWith("old 21\n"));
    const newer = rootOf(checkpoint);
    assert.equal(newer.size, 71);
    assert.ok(verifyConsistency(21, 71, rootOf(old.checkpoint).rootHash, newer.rootHash, proof));
    assert.deepEqual(parseAddCheckpointRequest(await consistencyFor(ledger.store, 0)).proof, []);
    assert.deepEqual(parseAddCheckpointRequest(await consistencyFor(ledger.store, 71)).proof, []);
    await assert.rejects(consistencyFor(ledger.store, 72), { code: "usage" });
    await ledger.close();
  });

  void it("say clearly when the ledger has no checkpoint yet", async () => {
    const ledger = await freshLedger();
    await assert.rejects(consistencyFor(ledger.store, 0), /has no checkpoint yet/);
    await assert.rejects(receiptFor(ledger.store, 0), /has no checkpoint yet/);
    await ledger.close();
  });
});
