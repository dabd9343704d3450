import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { formatCheckpoint } from "./checkpoint.js";
import { leafHash } from "./merkle.js";
import { generateSigner, parseSignerKey, parseVerifierKey } from "./note-keys.js";
import { signNote } from "./note.js";
import { memoryTree } from "./proof.js";
import { formatAddCheckpointRequest } from "./witness.js";
import { generateWitnessKey, parseWitnessSigner } from "./witness-keys.js";
import { witnessCheckpoint } from "./witness-state.js";
import type { WitnessRun } from "./witness-state.js";

const ORIGIN = "custody.example/state";
const signer = parseSignerKey(generateSigner(ORIGIN).signerKey);
const log = parseVerifierKey(signer.verifierKey);
const witness = parseWitnessSigner(generateWitnessKey("witness.example/w1").signerKey);
const tree = memoryTree(Array.from({ length: 50 }, (_, i) => leafHash(Buffer.from(`entry ${i}`))));
const dir = mkdtempSync(join(tmpdir(), "custody-witness-state-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
let made = 0;
const statePath = (): string => join(dir, `state-${made++}`, "log.checkpoint");

const note = (size: number, origin = ORIGIN, key = signer): string =>
  signNote(formatCheckpoint({ origin, size, rootHash: tree.root(size), extensions: [] }), key);
const body = (oldSize: number, size: number): string =>
  formatAddCheckpointRequest({ oldSize, proof: oldSize > 0 && oldSize < size ? tree.consistency(oldSize, size) : [], note: note(size) });
const run = (path: string, request: string, overrides: Partial<WitnessRun> = {}) =>
  witnessCheckpoint({ statePath: path, body: request, origin: ORIGIN, log, witness, now: new Date("2026-11-21T10:00:00Z"), ...overrides });

void describe("witness state file", () => {
  void it("starts from no state, keeps the checkpoint it cosigned, and leaves the file alone when it refuses", async () => {
    const path = statePath();
    assert.equal(existsSync(path), false);
    assert.ok((await run(path, body(0, 12))).ok);
    assert.equal(readFileSync(path, "utf8"), note(12));
    const replay = await run(path, body(0, 12));
    assert.ok(!replay.ok && replay.reason === "conflict" && replay.stateSize === 12);
    assert.ok((await run(path, body(12, 20))).ok);
    assert.equal(readFileSync(path, "utf8"), note(20));
    const rollback = await run(path, body(12, 15));
    assert.ok(!rollback.ok && rollback.reason === "rollback");
    assert.equal(readFileSync(path, "utf8"), note(20), "a refusal leaves the state as it was");
    // No lock or temporary file is left behind.
    assert.deepEqual(readdirSync(join(path, "..")).sort(), ["log.checkpoint"]);
  });

  void it("refuses to work while another run holds the lock", async () => {
    const path = statePath();
    assert.ok((await run(path, body(0, 5))).ok);
    writeFileSync(`${path}.lock`, "4242\n");
    await assert.rejects(run(path, body(5, 9)), (error: unknown) => {
      assert.ok(error instanceof Error && "code" in error && error.code === "witness-state-invalid");
      assert.match(error.message, /another witness run holds .*\.lock; if none is running/);
      return true;
    });
    assert.equal(readFileSync(path, "utf8"), note(5));
  });

  void it("refuses a state file that is not a checkpoint of this log", async () => {
    const path = statePath();
    assert.ok((await run(path, body(0, 5))).ok);
    const other = parseSignerKey(generateSigner(ORIGIN).signerKey);
    writeFileSync(path, note(5, ORIGIN, other));
    await assert.rejects(run(path, body(5, 9)), { code: "witness-state-invalid" });
    writeFileSync(path, "garbage\n");
    await assert.rejects(run(path, body(5, 9)), /is not a checkpoint signed by the log key/);
  });

  void it("rejects a malformed request before touching the state", async () => {
    const path = statePath();
    await assert.rejects(run(path, "old x\n\n"), { code: "witness-request-invalid" });
    assert.equal(existsSync(path), false);
  });
});
