import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LedgerEvent } from "../core/types.js";
import { MAX_ENTRY_BYTES, decodeEvent, encodeEvent, fitEventLists } from "./events.js";

const EVENT: LedgerEvent = {
  type: "decision.made",
  time: "2025-03-01T12:00:00.000Z",
  actor: "custody-ci",
  subject: "change:3f2a",
  payload: { outcome: "review", riskScore: 42, reasons: ["ai-in-critical-path"], z: 1, a: { é: true, b: null } },
};

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("utf8");
}

void describe("events", () => {
  void it("encodes an event as canonical JSON with sorted keys", () => {
    assert.equal(
      text(encodeEvent(EVENT)),
      '{"actor":"custody-ci","payload":{"a":{"b":null,"é":true},"outcome":"review","reasons":["ai-in-critical-path"],' +
        '"riskScore":42,"z":1},"subject":"change:3f2a","time":"2025-03-01T12:00:00.000Z","type":"decision.made"}',
    );
  });

  void it("gives the same bytes whatever the key order of the input", () => {
    const reordered: LedgerEvent = {
      payload: { a: { b: null, é: true }, z: 1, riskScore: 42, reasons: ["ai-in-critical-path"], outcome: "review" },
      subject: EVENT.subject,
      actor: EVENT.actor,
      time: EVENT.time,
      type: EVENT.type,
    };
    assert.deepEqual(encodeEvent(reordered), encodeEvent(EVENT));
  });

  void it("decodes what it encodes", () => {
    assert.deepEqual(decodeEvent(encodeEvent(EVENT)), EVENT);
  });

  void it("rejects events that do not match the schema, naming the field", () => {
    const bad = { ...EVENT, type: "made.up" } as unknown as LedgerEvent;
    assert.throws(() => encodeEvent(bad), (e: unknown) => e instanceof Error && /type/.test(e.message));
    assert.throws(() => encodeEvent({ ...EVENT, time: "2025-03-01T12:00:00+02:00" }), { code: "ledger-event-invalid" });
    assert.throws(() => encodeEvent({ ...EVENT, actor: "" }), { code: "ledger-event-invalid" });
    const extra = { ...EVENT, secret: "x" } as unknown as LedgerEvent;
    assert.throws(() => encodeEvent(extra), { code: "ledger-event-invalid" });
  });

  void it("rejects payloads JSON cannot represent", () => {
    assert.throws(() => encodeEvent({ ...EVENT, payload: { n: Number.NaN } }), { code: "ledger-event-invalid" });
    assert.throws(() => encodeEvent({ ...EVENT, payload: { n: 1n } }), { code: "ledger-event-invalid" });
  });

  void it("rejects entry bytes that are not the canonical encoding", () => {
    const canonical = text(encodeEvent(EVENT));
    const spaced = canonical.replace('"actor":', '"actor": ');
    assert.throws(() => decodeEvent(Buffer.from(spaced)), /canonical/);
    const { type, time, actor, subject } = EVENT;
    const reordered = JSON.stringify({ type, time, actor, subject, payload: {} });
    assert.throws(() => decodeEvent(Buffer.from(reordered)), /canonical/);
    assert.throws(() => decodeEvent(Buffer.from([0xff, 0x7b])), /UTF-8 JSON/);
    assert.throws(() => decodeEvent(Buffer.from('{"type":"x"}')), { code: "ledger-event-invalid" });
  });

  void it("refuses an event whose entry would not fit a C2SP entry bundle, saying how large it is", () => {
    // 65,535 bytes is the most a big-endian uint16 length prefix can announce.
    const padding = (total: number) => "x".repeat(total - encodeEvent({ ...EVENT, payload: { pad: "" } }).byteLength);
    assert.equal(encodeEvent({ ...EVENT, payload: { pad: padding(MAX_ENTRY_BYTES) } }).byteLength, MAX_ENTRY_BYTES);
    assert.throws(
      () => encodeEvent({ ...EVENT, payload: { pad: padding(MAX_ENTRY_BYTES + 1) } }),
      (error: unknown) =>
        error instanceof Error && "code" in error && error.code === "ledger-event-invalid" && /65,536 bytes.*65,535/.test(error.message),
    );
  });

  void it("keeps the first items of long lists and their full counts so the event fits", () => {
    const findings = Array.from({ length: 5_000 }, (_, i) => ({ ruleId: "sast/x", path: `src/file-${i}.ts`, line: i + 1 }));
    const notes = Array.from({ length: 3 }, (_, i) => `note ${i}`);
    const fitted = fitEventLists({ ...EVENT, payload: { findings, notes, digest: "d" } }, ["findings", "notes", "absent"]);
    const size = encodeEvent(fitted).byteLength;
    assert.ok(size <= MAX_ENTRY_BYTES, `entry is ${size} bytes`);
    const kept = fitted.payload.findings as typeof findings;
    assert.ok(kept.length > 100 && kept.length < 5_000, `kept ${kept.length}`);
    assert.deepEqual(kept, findings.slice(0, kept.length));
    assert.equal(fitted.payload.findingsTotal, 5_000);
    // Short lists are kept whole; fields that are not lists are untouched.
    assert.deepEqual(fitted.payload.notes, notes);
    assert.equal(fitted.payload.notesTotal, 3);
    assert.equal(fitted.payload.digest, "d");
    assert.equal("absentTotal" in fitted.payload, false);
    // One more item would not fit: the cap is the largest that does.
    const oneMore = { ...fitted, payload: { ...fitted.payload, findings: findings.slice(0, kept.length + 1) } };
    assert.throws(() => encodeEvent(oneMore), { code: "ledger-event-invalid" });
  });

  void it("leaves an event that fits whole, adding only the counts", () => {
    const fitted = fitEventLists({ ...EVENT, payload: { findings: [1, 2, 3] } }, ["findings"]);
    assert.deepEqual(fitted.payload, { findings: [1, 2, 3], findingsTotal: 3 });
  });
});
