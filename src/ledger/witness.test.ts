import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { encodeBase64 } from "./bytes.js";
import { formatCheckpoint, parseCheckpoint } from "./checkpoint.js";
import { leafHash } from "./merkle.js";
import { computeKeyId, formatKeyId, generateSigner, parseSignerKey, parseVerifierKey } from "./note-keys.js";
import { openNote, parseNote, signNote } from "./note.js";
import { memoryTree } from "./proof.js";
import {
  addCheckpoint,
  checkCosignatures,
  cosign,
  cosignatureMessage,
  cosignatureTimestamp,
  formatAddCheckpointRequest,
  parseAddCheckpointRequest,
  witnessProblems,
} from "./witness.js";
import type { AddCheckpointInput, WitnessState } from "./witness.js";
import { generateWitnessKey, parseWitnessSigner, parseWitnessVerifier, witnessSignerFrom } from "./witness-keys.js";

interface Vectors {
  cosignedCheckpoint: { note: string; witness: string; witnessKeyId: string; timestamp: number; signedMessage: string };
  verifierKeys: { valid: { name: string; key: string }[]; invalid: { name: string; key: string }[] };
  timestamps: { cosignature: { signature: string; timestamp: number }; notACosignature: string };
  addCheckpoint: { origin: string; logPublicKeyHex: string; requests: { name: string; body: string }[] };
}
const vectors = JSON.parse(readFileSync(new URL("../../test/fixtures/ledger-vectors/cosignature.json", import.meta.url), "utf8")) as Vectors;

const ORIGIN = "custody.example/witnessed";
const logSigner = parseSignerKey(generateSigner(ORIGIN).signerKey);
const log = parseVerifierKey(logSigner.verifierKey);
const w1Keys = generateSigner("witness.example/w1");
const w1 = witnessSignerFrom(parseSignerKey(w1Keys.signerKey));
const w2 = parseWitnessSigner(generateWitnessKey("witness.example/w2").signerKey);
const NOW = new Date("2026-11-21T10:00:00Z");

const leaves = Array.from({ length: 40 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
const tree = memoryTree(leaves);
const checkpointNote = (size: number, signer = logSigner): string =>
  signNote(formatCheckpoint({ origin: ORIGIN, size, rootHash: tree.root(size), extensions: [] }), signer);
const stateAt = (size: number): WitnessState => ({ checkpoint: parseCheckpoint(formatCheckpoint({ origin: ORIGIN, size, rootHash: tree.root(size), extensions: [] })) });

function textOf(note: string): string {
  const parsed = parseNote(note);
  if ("ok" in parsed) throw new Error(parsed.message);
  return parsed.text;
}

function decide(body: string, state: WitnessState | undefined, overrides: Partial<AddCheckpointInput> = {}) {
  return addCheckpoint({ request: parseAddCheckpointRequest(body), origin: ORIGIN, log, witness: w1, state, now: NOW, ...overrides });
}

void describe("published cosignature vectors", () => {
  void it("parses the C2SP checkpoint that carries a cosignature: 64 and 72 signature bytes, the timestamp and the signed message", () => {
    const { note, witness, witnessKeyId, timestamp, signedMessage } = vectors.cosignedCheckpoint;
    const parsed = parseNote(note);
    assert.ok(!("ok" in parsed));
    assert.deepEqual(parsed.signatures.map((s) => s.signature.byteLength), [64, 72]);
    const [, cosignature] = parsed.signatures;
    assert.ok(cosignature);
    assert.equal(cosignature.name, witness);
    assert.equal(formatKeyId(cosignature.keyId), witnessKeyId);
    assert.equal(cosignatureTimestamp(cosignature.signature), timestamp);
    assert.equal(cosignatureMessage(parsed.text, timestamp).toString("utf8"), signedMessage);
    // A verifier that knows neither key rejects the note as unsigned, not as malformed.
    const opened = openNote(note, [log]);
    assert.ok(!opened.ok && opened.reason === "unverified");
  });

  void it("reads the timestamp of the transparency-dev cosignature and refuses a plain signature as one", () => {
    const { cosignature, notACosignature } = vectors.timestamps;
    const bytes = Buffer.from(cosignature.signature, "base64").subarray(4);
    assert.equal(cosignatureTimestamp(bytes), cosignature.timestamp);
    assert.equal(cosignatureTimestamp(Buffer.from(notACosignature, "base64").subarray(4)), undefined);
  });

  void it("accepts the transparency-dev witness keys (type 0x04, and 0x01 converted) and rejects the malformed ones", () => {
    const [converted, native] = vectors.verifierKeys.valid.map((v) => parseWitnessVerifier(v.key));
    assert.ok(converted && native);
    assert.equal(native.verifierKey, "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
    assert.equal(formatKeyId(native.keyId), "da77ade7");
    // The Ed25519 note key of the same key pair gets the cosignature key id, not its own.
    assert.equal(converted.name, "TEST");
    assert.notEqual(formatKeyId(converted.keyId), "7997405c");
    assert.match(converted.verifierKey, /^TEST\+[0-9a-f]{8}\+BAcC\+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6$/);
    for (const { name, key } of vectors.verifierKeys.invalid) {
      assert.throws(() => parseWitnessVerifier(key), { code: "ledger-key-invalid" }, name);
    }
  });

  void it("cosigns the torchwood witness requests in order and refuses the one that would roll the log back", () => {
    const { origin, logPublicKeyHex, requests } = vectors.addCheckpoint;
    const raw = Buffer.from(logPublicKeyHex, "hex");
    const key = parseVerifierKey(`${origin}+${formatKeyId(computeKeyId(origin, raw))}+${encodeBase64(Buffer.concat([Buffer.of(1), raw]))}`);
    const [first, second, third] = requests.map((r) => parseAddCheckpointRequest(r.body));
    assert.ok(first && second && third);
    const run = (request: typeof first, state: WitnessState | undefined) => addCheckpoint({ request, origin, log: key, witness: w1, state, now: NOW });
    const one = run(first, undefined);
    assert.ok(one.ok, JSON.stringify(one));
    const five = run(second, { checkpoint: one.checkpoint });
    assert.ok(five.ok, JSON.stringify(five));
    assert.equal(five.checkpoint.size, 5);
    // Size 3 extends size 1 (its proof verifies from there), but the witness has since cosigned size 5.
    assert.ok(run(third, { checkpoint: one.checkpoint }).ok);
    const back = run(third, { checkpoint: five.checkpoint });
    assert.ok(!back.ok && back.reason === "rollback" && back.stateSize === 5);
    // The cosignature it returned verifies over the checkpoint it was given.
    const cosigned = `${second.note}${five.cosignature}`;
    assert.deepEqual(checkCosignatures(cosigned, [parseWitnessVerifier(w1.verifierKey)]).valid, [{ witness: w1.name, timestamp: NOW.getTime() / 1000 }]);
  });
});

void describe("cosignatures", () => {
  void it("adds a cosignature line that log verifiers skip and witness verifiers check", () => {
    const note = checkpointNote(20);
    const cosigned = note + cosign(textOf(note), w1, NOW);
    const opened = openNote(cosigned, [log]);
    assert.ok(opened.ok);
    assert.deepEqual(opened.verifiedBy, [ORIGIN]);
    const verifier = parseWitnessVerifier(w1.verifierKey);
    assert.deepEqual(checkCosignatures(cosigned, [verifier]), { valid: [{ witness: w1.name, timestamp: 1_795_255_200 }], invalid: [] });
    // The witness's key pair as a plain note key: its Ed25519 signature, relabelled with the plain key id,
    // fails, because a cosignature signs "cosignature/v1\ntime …\n" before the checkpoint.
    const plain = parseVerifierKey(w1Keys.verifierKey);
    const bytes = Buffer.from(cosigned.trimEnd().split(" ").at(-1) ?? "", "base64");
    const keyId = Buffer.alloc(4);
    keyId.writeUInt32BE(plain.keyId);
    const relabelled = `${note}\u2014 ${w1.name} ${encodeBase64(Buffer.concat([keyId, bytes.subarray(12)]))}\n`;
    const refused = openNote(relabelled, [plain]);
    assert.ok(!refused.ok && refused.reason === "invalid-signature");
  });

  void it("accepts notes carrying signature lines of any length from unknown keys", () => {
    const note = checkpointNote(20);
    // 72 bytes (a v1 cosignature) and 2,428 bytes (the size of an ML-DSA-44 timestamped cosignature).
    const line = (name: string, bytes: number): string => `\u2014 ${name} ${encodeBase64(Buffer.alloc(4 + bytes, 7))}\n`;
    const noted = note + line("witness.example/ed", 72) + line("witness.example/pq", 2_428);
    const opened = openNote(noted, [log]);
    assert.ok(opened.ok);
    assert.deepEqual(opened.verifiedBy, [ORIGIN]);
    const parsed = parseNote(noted);
    assert.ok(!("ok" in parsed));
    assert.deepEqual(parsed.signatures.map((s) => s.signature.byteLength), [64, 72, 2_428]);
  });

  void it("reports a cosignature that does not verify and one witness short of the quorum", () => {
    const note = checkpointNote(20);
    const line = cosign(textOf(note), w1, NOW);
    const other = checkpointNote(21);
    const witnesses = [parseWitnessVerifier(w1.verifierKey), parseWitnessVerifier(w2.verifierKey)];
    // w1's line was made for size 20 and pasted under the checkpoint for size 21.
    const moved = witnessProblems(other + line, { witnesses, minimum: 1 }, "the newest checkpoint");
    assert.deepEqual(moved.map((p) => p.kind), ["cosignature-invalid", "witness-missing"]);
    assert.match(moved[0]?.message ?? "", /witness\.example\/w1\+[0-9a-f]{8} does not verify/);
    const short = witnessProblems(note + line, { witnesses }, "the newest checkpoint");
    assert.deepEqual(short.map((p) => p.kind), ["witness-missing"]);
    assert.match(short[0]?.message ?? "", /1 valid cosignature\(s\) \(by witness\.example\/w1\) from the 2 witness\(es\) given; 2 required/);
    assert.deepEqual(witnessProblems(note + line + cosign(textOf(note), w2, NOW), { witnesses }, "x"), []);
  });
});

void describe("add-checkpoint", () => {
  const request = (oldSize: number, size: number, note = checkpointNote(size)): string =>
    formatAddCheckpointRequest({ oldSize, proof: oldSize > 0 && oldSize < size ? tree.consistency(oldSize, size) : [], note });

  void it("cosigns a first checkpoint and then one that extends it", () => {
    const first = decide(request(0, 10), undefined);
    assert.ok(first.ok);
    const next = decide(request(10, 33), stateAt(10));
    assert.ok(next.ok);
    assert.equal(next.checkpoint.size, 33);
    const again = decide(request(33, 33), stateAt(33));
    assert.ok(again.ok, "the same checkpoint may be cosigned again");
  });

  void it("refuses a bad signature, another origin, an old size that is not its state, a rollback, a fork and a bad proof", () => {
    const reason = (decision: ReturnType<typeof decide>): string => (decision.ok ? "cosigned" : decision.reason);
    const forger = parseSignerKey(generateSigner(ORIGIN).signerKey);
    assert.equal(reason(decide(request(10, 33, checkpointNote(33, forger)), stateAt(10))), "unverified");
    assert.equal(reason(decide(request(10, 33), stateAt(10), { origin: "custody.example/other" })), "unknown-origin");
    const conflict = decide(request(5, 33), stateAt(10));
    assert.ok(!conflict.ok && conflict.reason === "conflict" && conflict.stateSize === 10);
    assert.equal(reason(decide(request(5, 8), stateAt(10))), "rollback");
    assert.equal(reason(decide(request(34, 33), stateAt(34))), "bad-request");
    // A different tree of the same size as the state: a fork.
    const forkedRoot = formatCheckpoint({ origin: ORIGIN, size: 10, rootHash: tree.root(11), extensions: [] });
    assert.equal(reason(decide(request(10, 10, signNote(forkedRoot, logSigner)), stateAt(10))), "conflict");
    const wrongProof = formatAddCheckpointRequest({ oldSize: 10, proof: tree.consistency(9, 33), note: checkpointNote(33) });
    assert.equal(reason(decide(wrongProof, stateAt(10))), "inconsistent");
    const proofFromZero = formatAddCheckpointRequest({ oldSize: 0, proof: tree.consistency(1, 33), note: checkpointNote(33) });
    assert.equal(reason(decide(proofFromZero, undefined)), "inconsistent");
  });

  void it("refuses malformed requests with a clear error", () => {
    const note = checkpointNote(3);
    for (const body of [`old 01\n\n${note}`, `new 1\n\n${note}`, `old 1\nnot-base64\n\n${note}`, "old 0\n", `old 0\n${"KgEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n".repeat(64)}\n${note}`]) {
      assert.throws(() => parseAddCheckpointRequest(body), { code: "witness-request-invalid" }, JSON.stringify(body.slice(0, 30)));
    }
    const parsed = parseAddCheckpointRequest(request(10, 33));
    assert.equal(parsed.oldSize, 10);
    assert.equal(parsed.proof.length, tree.consistency(10, 33).length);
    assert.equal(parsed.note, checkpointNote(33));
  });
});
