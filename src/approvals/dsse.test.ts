import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IN_TOTO_PAYLOAD_TYPE, pae, signEnvelope, verifyEnvelope } from "./dsse.js";
import { testKey } from "./test-support.js";

describe("DSSE", () => {
  it("encodes PAE as the DSSE v1 protocol's test vector gives it", () => {
    const encoded = pae("http://example.com/HelloWorld", Buffer.from("hello world"));
    assert.equal(Buffer.from(encoded).toString("utf8"), "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
  });

  it("counts bytes, not characters, in PAE lengths", () => {
    assert.equal(Buffer.from(pae("t", Buffer.from("é", "utf8"))).toString("utf8"), "DSSEv1 1 t 2 é");
  });

  it("verifies a signature under the signing key only, and not after the payload or its type changed", () => {
    const alice = testKey(1);
    const mallory = testKey(2);
    const envelope = signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from('{"a":1}'), alice);
    assert.equal(envelope.signatures[0]?.keyid, alice.publicKey.fingerprint);
    assert.deepEqual(verifyEnvelope(envelope, [mallory.publicKey, alice.publicKey]).map((k) => k.fingerprint), [alice.publicKey.fingerprint]);
    assert.deepEqual(verifyEnvelope(envelope, [mallory.publicKey]), []);
    const edited = { ...envelope, payload: Buffer.from('{"a":2}').toString("base64") };
    assert.deepEqual(verifyEnvelope(edited, [alice.publicKey]), []);
    const retyped = { ...envelope, payloadType: "application/json" };
    assert.deepEqual(verifyEnvelope(retyped, [alice.publicKey]), []);
  });

  it("accepts URL-safe base64, which the protocol says verifiers must", () => {
    const alice = testKey(1);
    const envelope = signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from([0xfb, 0xff, 0xfe]), alice);
    const urlSafe = {
      ...envelope,
      payload: Buffer.from([0xfb, 0xff, 0xfe]).toString("base64url"),
      signatures: envelope.signatures.map((s) => ({ ...s, sig: Buffer.from(s.sig, "base64").toString("base64url") })),
    };
    assert.equal(verifyEnvelope(urlSafe, [alice.publicKey]).length, 1);
  });
});
