// Custody against the published test data of other implementations (test/fixtures/ledger-vectors, each
// file naming its source): RFC 6962 hashing, the transparency-dev inclusion and consistency proof cases,
// Go sumdb signed notes, the C2SP signed-note example and C2SP tlog-proof receipts.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { toHex } from "./bytes.js";
import { emptyRoot, leafHash, nodeHash, rootHash } from "./merkle.js";
import { computeKeyId, formatKeyId, parseSignerKey, parseVerifierKey } from "./note-keys.js";
import { openNote, parseNote, signNote } from "./note.js";
import { memoryTree, verifyConsistency, verifyInclusion } from "./proof.js";
import { parseReceipt } from "./receipt.js";

const dir = new URL("../../test/fixtures/ledger-vectors/", import.meta.url);
const load = (name: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(name, dir)), "utf8"));
const hex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "hex"));
const b64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"));

const proofCase = { path: z.string(), desc: z.string(), wantErr: z.boolean(), proof: z.array(z.string()).nullable() };
const inclusionFile = z.object({
  cases: z.array(z.object({ ...proofCase, leafIdx: z.number(), treeSize: z.number(), root: z.string(), leafHash: z.string() })),
});
const consistencyFile = z.object({
  cases: z.array(z.object({ ...proofCase, size1: z.number(), size2: z.number(), root1: z.string(), root2: z.string() })),
});
const hexProof = z.array(z.string());
const rfc6962File = z.object({
  hasher: z.array(
    z.object({ desc: z.string(), want: z.string(), emptyRoot: z.boolean().optional(), leaf: z.string().optional(), left: z.string().optional(), right: z.string().optional() }),
  ),
  leafInputs: z.array(z.string()),
  nodeHashes: z.array(z.array(z.string())),
  rootHashes: z.array(z.string()),
  inclusionProofs: z.array(z.object({ index: z.number(), size: z.number(), proof: hexProof })),
  consistencyProofs: z.array(z.object({ size1: z.number(), size2: z.number(), proof: hexProof })),
});

void describe("RFC 6962 hashing and the transparency-dev test tree", () => {
  const data = rfc6962File.parse(load("rfc6962.json"));
  const leaves = data.leafInputs.map((input) => leafHash(hex(input)));
  const tree = memoryTree(leaves);

  void it("hashes the empty tree, leaves and nodes as the reference hasher does", () => {
    for (const vector of data.hasher) {
      let got: Uint8Array;
      if (vector.emptyRoot) got = emptyRoot();
      else if (vector.leaf !== undefined) got = leafHash(hex(vector.leaf));
      else got = nodeHash(hex(vector.left ?? ""), hex(vector.right ?? ""));
      assert.equal(toHex(got), vector.want, vector.desc);
    }
  });

  void it("computes every published node hash and every root of the 8-leaf tree", () => {
    data.nodeHashes.forEach((level, height) => {
      level.forEach((want, index) => {
        const span = leaves.slice(index * 2 ** height, (index + 1) * 2 ** height);
        assert.equal(toHex(rootHash(span)), want, `node ${height}/${index}`);
      });
    });
    data.rootHashes.forEach((want, size) => {
      assert.equal(toHex(rootHash(leaves.slice(0, size))), want, `root of size ${size}`);
    });
  });

  void it("generates exactly the published inclusion and consistency proofs", () => {
    for (const { index, size, proof } of data.inclusionProofs) {
      assert.deepEqual(tree.inclusion(index, size).map(toHex), proof, `inclusion of ${index} in ${size}`);
    }
    for (const { size1, size2, proof } of data.consistencyProofs) {
      assert.deepEqual(tree.consistency(size1, size2).map(toHex), proof, `consistency ${size1} → ${size2}`);
    }
  });
});

void describe("transparency-dev proof vectors", () => {
  void it("agrees on all 98 published inclusion cases, valid and corrupted", () => {
    const { cases } = inclusionFile.parse(load("inclusion.json"));
    assert.equal(cases.length, 98);
    assert.equal(cases.filter((c) => !c.wantErr).length, 6);
    for (const c of cases) {
      const verified = verifyInclusion(c.leafIdx, c.treeSize, b64(c.leafHash), (c.proof ?? []).map(b64), b64(c.root));
      assert.equal(verified, !c.wantErr, `${c.path}: ${c.desc}`);
    }
  });

  void it("agrees on all 98 published consistency cases, valid and corrupted", () => {
    const { cases } = consistencyFile.parse(load("consistency.json"));
    assert.equal(cases.length, 98);
    assert.equal(cases.filter((c) => !c.wantErr).length, 6);
    for (const c of cases) {
      const verified = verifyConsistency(c.size1, c.size2, b64(c.root1), b64(c.root2), (c.proof ?? []).map(b64));
      assert.equal(verified, !c.wantErr, `${c.path}: ${c.desc}`);
    }
  });
});

const noteFile = z.object({
  go: z.object({
    peter: z.object({ verifierKey: z.string(), signerKey: z.string(), keyId: z.string() }),
    enoch: z.object({ verifierKey: z.string(), seedHex: z.string(), keyId: z.string() }),
    text: z.string(),
    peterSig: z.string(),
    enochSig: z.string(),
    signedByPeter: z.string(),
    badVerifierKeys: z.array(z.object({ desc: z.string(), key: z.string() })),
  }),
  c2sp: z.object({ note: z.string(), text: z.string(), keyName: z.string() }),
});

void describe("Go sumdb signed notes and the C2SP signed-note example", () => {
  const { go, c2sp } = noteFile.parse(load("signed-note.json"));
  const peter = parseVerifierKey(go.peter.verifierKey);
  const enoch = parseVerifierKey(go.enoch.verifierKey);
  const enochSigner = parseSignerKey(`PRIVATE+KEY+EnochRoot+${go.enoch.keyId}+${Buffer.concat([Buffer.of(1), hex(go.enoch.seedHex)]).toString("base64")}`);
  /** Go strings are bytes: splice "ABCD" in at a byte offset, as the Go test does. */
  const corrupt = (line: string): string => {
    const bytes = Buffer.from(line);
    return Buffer.concat([bytes.subarray(0, 60), Buffer.from("ABCD"), bytes.subarray(60)]).toString();
  };

  void it("reads the published keys and derives their key ids", () => {
    assert.equal(formatKeyId(peter.keyId), go.peter.keyId);
    assert.equal(parseSignerKey(go.peter.signerKey).verifierKey, go.peter.verifierKey);
    assert.equal(formatKeyId(enoch.keyId), go.enoch.keyId);
    assert.equal(enochSigner.verifierKey, go.enoch.verifierKey);
    assert.equal(formatKeyId(computeKeyId("PeterNeumann", b64(go.peter.verifierKey.split("+")[2] ?? "").subarray(1))), "c74f20a3");
  });

  void it("rejects every truncation and every one-byte change of the published keys", () => {
    for (const [key, parse] of [
      [go.peter.verifierKey, parseVerifierKey],
      [go.peter.signerKey, parseSignerKey],
    ] as const) {
      const bytes = Buffer.from(key);
      for (let i = 0; i <= bytes.length; i++) {
        for (let j = i + 1; j <= bytes.length; j++) {
          if (i === 0 && j === bytes.length) continue;
          assert.throws(() => parse(bytes.subarray(i, j).toString()), { code: "ledger-key-invalid" });
        }
      }
      for (let i = 0; i < bytes.length; i++) {
        const changed = Buffer.from(bytes);
        changed[i] = (changed[i] ?? 0) + 1;
        assert.throws(() => parse(changed.toString("latin1")), { code: "ledger-key-invalid" }, `byte ${i}`);
      }
    }
    for (const { key, desc } of go.badVerifierKeys) assert.throws(() => parseVerifierKey(key), { code: "ledger-key-invalid" }, desc);
  });

  void it("signs the published text to the published note, byte for byte", () => {
    assert.equal(signNote(go.text, parseSignerKey(go.peter.signerKey)), go.signedByPeter);
    assert.equal(signNote(go.text, enochSigner), `${go.text}\n${go.enochSig}`);
    assert.throws(() => signNote("abc", enochSigner), { code: "note-invalid" });
  });

  void it("opens notes with known and unknown signers as the Go package does", () => {
    const both = `${go.text}\n${go.peterSig}${go.enochSig}`;
    assert.deepEqual(openNote(both, [peter]), { ok: true, text: go.text, verifiedBy: ["PeterNeumann"] });
    assert.deepEqual(openNote(both, [peter, enoch]), { ok: true, text: go.text, verifiedBy: ["PeterNeumann", "EnochRoot"] });
    assert.equal(openNote(both, []).ok, false);
    assert.equal(openNote(`${go.text}\n${go.peterSig}`, [enoch, peter, enoch]).ok, true);
    assert.equal(openNote(`${go.text}\n${go.peterSig.repeat(101)}`, [peter]).ok, false);
    const invalid = openNote(`${go.text}\n${corrupt(go.peterSig)}`, [peter]);
    assert.equal(invalid.ok ? "verified" : invalid.reason, "invalid-signature");
    const duplicates = `${go.text}\n${go.peterSig}${go.peterSig}${go.enochSig}${go.enochSig}${corrupt(go.enochSig)}`;
    assert.deepEqual(openNote(duplicates, [peter]), { ok: true, text: go.text, verifiedBy: ["PeterNeumann"] });
  });

  void it("treats the same key listed twice as one key (Go reports it as ambiguous)", () => {
    assert.equal(openNote(`${go.text}\n${go.enochSig}`, [enoch, peter, enoch]).ok, true);
  });

  void it("rejects each malformed note the Go package rejects", () => {
    const { text, peterSig } = go;
    const bad: (string | Uint8Array)[] = [
      text,
      `${text}\n`,
      `${text}\n${peterSig.slice(0, -1)}`,
      Buffer.concat([Buffer.of(0x01), Buffer.from(`${text}\n${peterSig}`)]),
      Buffer.concat([Buffer.of(0xff), Buffer.from(`${text}\n${peterSig}`)]),
      `${text}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${text}\n${peterSig}Unexpected line.\n`,
    ];
    for (const note of bad) {
      const opened = openNote(note, [peter]);
      assert.equal(opened.ok ? "verified" : opened.reason, "malformed", JSON.stringify(note.toString()));
    }
  });

  void it("splits the C2SP example at its last blank line and refuses it without the signer's key", () => {
    const parsed = parseNote(c2sp.note);
    assert.ok(!("ok" in parsed));
    assert.equal(parsed.text, c2sp.text);
    const [signature, ...others] = parsed.signatures;
    assert.ok(signature && others.length === 0);
    assert.equal(signature.name, c2sp.keyName);
    assert.equal(signature.signature.byteLength, 64);
    const opened = openNote(c2sp.note, [peter]);
    assert.equal(opened.ok ? "verified" : opened.reason, "unverified");
  });
});

const tlogProofFile = z.object({
  specExample: z.object({ proof: z.string(), extra: z.string(), index: z.number(), hashes: z.array(z.string()), checkpointText: z.string() }),
  malformed: z.array(z.object({ desc: z.string(), proof: z.string() })),
});

void describe("C2SP tlog-proof receipts", () => {
  const { specExample, malformed } = tlogProofFile.parse(load("tlog-proof.json"));

  void it("reads the specification's example: extra data, index, proof lines and the checkpoint", () => {
    const receipt = parseReceipt(specExample.proof);
    assert.equal(receipt.index, specExample.index);
    assert.equal(Buffer.from(receipt.extra ?? []).toString("base64"), specExample.extra);
    assert.deepEqual(receipt.proof.map((h) => Buffer.from(h).toString("base64")), specExample.hashes);
    assert.ok(receipt.checkpoint.startsWith(`${specExample.checkpointText}\n— example.com/fancylog `));
  });

  void it("rejects every malformed proof the Go implementation rejects", () => {
    for (const { desc, proof } of malformed) assert.throws(() => parseReceipt(proof), { code: "receipt-invalid" }, desc);
  });
});
