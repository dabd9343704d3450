import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LedgerEvent } from "../core/types.js";
import { decodeEvent, encodeEvent } from "./events.js";

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
});
