import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CustodyError } from "../core/errors.js";
import { computeKeyId, generateSigner, parseSignerKey, parseVerifierKey } from "./note-keys.js";
import { openNote, signNote } from "./note.js";

// Published vectors of golang.org/x/mod/sumdb/note (note_test.go: TestNewVerifier, TestNewSigner,
// TestSign, TestOpen).
const PETER_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const PETER_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const ENOCH_VERIFIER = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG =
  "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

const peter = parseVerifierKey(PETER_VERIFIER);
const enoch = parseVerifierKey(ENOCH_VERIFIER);

/** Every proper substring and every single-byte increment of `key`, as the Go tests try. */
function manglings(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= key.length; i++) {
    for (let j = i + 1; j <= key.length; j++) if (i !== 0 || j !== key.length) out.push(key.slice(i, j));
  }
  for (let i = 0; i < key.length; i++) {
    out.push(key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1));
  }
  return out;
}

void describe("signed note keys", () => {
  void it("parses the sumdb verifier key and rejects every mangling of it", () => {
    assert.equal(peter.name, "PeterNeumann");
    assert.equal(peter.keyId, 0xc74f20a3);
    assert.equal(peter.verifierKey, PETER_VERIFIER);
    for (const bad of manglings(PETER_VERIFIER)) {
      assert.throws(() => parseVerifierKey(bad), CustodyError, `accepted ${bad}`);
    }
    // Wrong key length and unknown algorithm, each with a key id recomputed to match (from the Go tests).
    assert.throws(() => parseVerifierKey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="));
    assert.throws(() => parseVerifierKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
  });

  void it("parses the sumdb signer key, derives its verifier key and rejects every mangling", () => {
    const signer = parseSignerKey(PETER_SIGNER);
    assert.equal(signer.name, "PeterNeumann");
    assert.equal(signer.verifierKey, PETER_VERIFIER);
    for (const bad of manglings(PETER_SIGNER)) {
      assert.throws(() => parseSignerKey(bad), CustodyError, `accepted ${bad}`);
    }
  });

  void it("never repeats a signer key in its error message", () => {
    const broken = PETER_SIGNER.replace("c74f20a3", "c74f20a4");
    assert.throws(
      () => parseSignerKey(broken),
      (error: unknown) => error instanceof CustodyError && !error.message.includes("AYEKFALV"),
    );
  });

  void it("generates key pairs whose key id follows the C2SP recommendation", () => {
    const keys = generateSigner("custody.example/ledger");
    const signer = parseSignerKey(keys.signerKey);
    const verifier = parseVerifierKey(keys.verifierKey);
    assert.equal(signer.verifierKey, keys.verifierKey);
    const raw = verifier.publicKey.export({ format: "der", type: "spki" }).subarray(-32);
    assert.equal(verifier.keyId, computeKeyId("custody.example/ledger", raw));
    assert.notEqual(generateSigner("custody.example/ledger").signerKey, keys.signerKey);
  });

  void it("refuses key names with spaces or plus signs", () => {
    assert.throws(() => generateSigner("my ledger"), { code: "ledger-key-invalid" });
    assert.throws(() => generateSigner("a+b"), { code: "ledger-key-invalid" });
    assert.throws(() => generateSigner(""), { code: "ledger-key-invalid" });
  });
});

void describe("signed notes", () => {
  void it("signs the sumdb example to the published bytes", () => {
    assert.equal(signNote(TEXT, parseSignerKey(PETER_SIGNER)), `${TEXT}\n${PETER_SIG}`);
  });

  void it("refuses to sign text without a final newline or with control characters", () => {
    const signer = parseSignerKey(PETER_SIGNER);
    assert.throws(() => signNote("abc", signer), { code: "note-invalid" });
    assert.throws(() => signNote("a\u0001b\n", signer), { code: "note-invalid" });
  });

  void it("opens a note signed by a trusted key and ignores signatures by unknown keys", () => {
    const result = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]);
    assert.deepEqual(result, { ok: true, text: TEXT, verifiedBy: ["PeterNeumann"] });
  });

  void it("reports every trusted key that signed, once", () => {
    const result = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}`, [peter, enoch]);
    assert.deepEqual(result, { ok: true, text: TEXT, verifiedBy: ["PeterNeumann", "EnochRoot"] });
  });

  void it("rejects a note with no signature from a trusted key", () => {
    const result = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, []);
    assert.equal(result.ok ? undefined : result.reason, "unverified");
  });

  void it("rejects a tampered signature from a trusted key even when another one verifies", () => {
    const tampered = `${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    const result = openNote(`${TEXT}\n${tampered}`, [peter]);
    assert.equal(result.ok ? undefined : result.reason, "invalid-signature");
    const withEnoch = openNote(`${TEXT}\n${ENOCH_SIG}${tampered}`, [peter, enoch]);
    assert.equal(withEnoch.ok ? undefined : withEnoch.reason, "invalid-signature");
  });

  void it("rejects a note whose text was changed after signing", () => {
    const result = openNote(`${TEXT.replace("answer", "question")}\n${PETER_SIG}`, [peter]);
    assert.equal(result.ok ? undefined : result.reason, "invalid-signature");
  });

  void it("rejects two different trusted keys with the same name and key id", () => {
    const impostor = { ...enoch, name: peter.name, keyId: peter.keyId };
    const result = openNote(`${TEXT}\n${PETER_SIG}`, [peter, impostor]);
    assert.equal(result.ok ? undefined : result.reason, "ambiguous-key");
  });

  void it("rejects malformed notes", () => {
    const bad: (string | Uint8Array)[] = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      Buffer.concat([Buffer.from([0xff]), Buffer.from(`${TEXT}\n${PETER_SIG}`)]),
      `${TEXT}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.repeat(101)}`,
    ];
    for (const note of bad) {
      const result = openNote(note, [peter]);
      assert.equal(result.ok ? undefined : result.reason, "malformed", String(note).slice(0, 40));
    }
  });

  void it("accepts the same note as bytes", () => {
    const result = openNote(Buffer.from(`${TEXT}\n${PETER_SIG}`), [peter]);
    assert.equal(result.ok, true);
  });

  void it("round-trips a note signed with a generated key, with a cosignature it does not know", () => {
    const ours = parseSignerKey(generateSigner("custody.example/log").signerKey);
    const witness = parseSignerKey(generateSigner("witness.example").signerKey);
    const note = signNote("custody.example/log\n3\nAAAA\n", [ours, witness]);
    const result = openNote(note, [parseVerifierKey(ours.verifierKey)]);
    assert.deepEqual(result, { ok: true, text: "custody.example/log\n3\nAAAA\n", verifiedBy: ["custody.example/log"] });
  });
});
