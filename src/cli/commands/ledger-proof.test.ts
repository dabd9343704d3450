import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { tempDir } from "../../../test/helpers/git-repo.js";
import type { LedgerEvent } from "../../core/types.js";
import { parseCheckpoint, parseNote, verifyConsistency } from "../../ledger/index.js";
import { bufferIo } from "../io.js";
import { run } from "../run.js";
import { appendEvents } from "./record.js";

async function custody(cwd: string, ...argv: string[]) {
  const io = bufferIo({ cwd, env: {} });
  const status = await run(argv, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

function event(i: number): LedgerEvent {
  return { type: "decision.made", time: "2026-11-21T10:00:00.000Z", actor: "cli:tester", subject: `change:${i}`, payload: { outcome: "pass" } };
}

/** A ledger with 12 entries appended in two batches, as custody gate writes it, and the first batch's result. */
async function ledgerWithTwoBatches(t: TestContext) {
  const dir = await tempDir(t);
  const paths = { ledger: join(dir, "ledger.db"), key: join(dir, "ledger.key") };
  const first = await appendEvents(paths, Array.from({ length: 5 }, (_, i) => event(i)));
  const second = await appendEvents(paths, Array.from({ length: 7 }, (_, i) => event(5 + i)));
  return { dir, first, second, pub: `${paths.key}.pub` };
}

void describe("custody ledger proof and verify-receipt", () => {
  void it("prints a receipt for an entry that verify-receipt accepts offline with the public key", async (t) => {
    const { dir, pub } = await ledgerWithTwoBatches(t);
    const proof = await custody(dir, "ledger", "proof", "--ledger", "ledger.db", "--index", "3", "--output", "3.tlog-proof");
    assert.equal(proof.status, 0, proof.stderr);
    assert.match(await readFile(join(dir, "3.tlog-proof"), "utf8"), /^c2sp\.org\/tlog-proof@v1\nextra [A-Za-z0-9+/=]+\nindex 3\n/);
    const checked = await custody(dir, "ledger", "verify-receipt", "3.tlog-proof", "--key", pub, "--format", "text");
    assert.equal(checked.status, 0, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /^OK: entry 3 is in log custody\.ledger\/[0-9a-f]{16} at tree size 12 /);
    assert.match(checked.stdout, /decision\.made change:3 at 2026-11-21T10:00:00\.000Z by cli:tester/);
    const asJson = await custody(dir, "ledger", "verify-receipt", "3.tlog-proof", "--key", pub, "--format", "json");
    const out = JSON.parse(asJson.stdout) as { ok: boolean; index: number; treeSize: number; event: { subject: string } };
    assert.deepEqual([out.ok, out.index, out.treeSize, out.event.subject], [true, 3, 12, "change:3"]);
  });

  void it("keeps the receipts of each append, and they stay valid after the log grows", async (t) => {
    const { dir, first, pub } = await ledgerWithTwoBatches(t);
    assert.equal(first.receipts.length, 5);
    await writeFile(join(dir, "r.tlog-proof"), first.receipts[2] ?? "");
    const checked = await custody(dir, "ledger", "verify-receipt", "r.tlog-proof", "--key", pub, "--format", "text");
    assert.equal(checked.status, 0, checked.stdout);
    assert.match(checked.stdout, /^OK: entry 2 .* at tree size 5 /);
  });

  void it("checks a given entry against the receipt, reformatted or not, and exits 1 for another one", async (t) => {
    const { dir, pub } = await ledgerWithTwoBatches(t);
    await writeFile(join(dir, "r"), (await custody(dir, "ledger", "proof", "--ledger", "ledger.db", "--index", "7")).stdout);
    await writeFile(join(dir, "same.json"), `${JSON.stringify(event(7), null, 2)}\n`);
    await writeFile(join(dir, "other.json"), JSON.stringify(event(8)));
    const same = await custody(dir, "ledger", "verify-receipt", "r", "--key", pub, "--entry", "same.json", "--format", "text");
    assert.equal(same.status, 0, same.stdout);
    const other = await custody(dir, "ledger", "verify-receipt", "r", "--key", pub, "--entry", "other.json", "--format", "text");
    assert.equal(other.status, 1);
    assert.match(other.stdout, /^FAILED: entry-mismatch: /);
  });

  void it("exits 1 for a changed proof or another log's key, and 2 for a file that is not a receipt", async (t) => {
    const { dir, pub } = await ledgerWithTwoBatches(t);
    const receipt = (await custody(dir, "ledger", "proof", "--ledger", "ledger.db", "--index", "0")).stdout;
    const lines = receipt.split("\n");
    lines[3] = Buffer.alloc(32, 1).toString("base64");
    await writeFile(join(dir, "changed"), lines.join("\n"));
    const changed = await custody(dir, "ledger", "verify-receipt", "changed", "--key", pub, "--format", "text");
    assert.equal(changed.status, 1);
    assert.match(changed.stdout, /^FAILED: not-included: /);
    const other = await ledgerWithTwoBatches(t);
    await writeFile(join(dir, "good"), receipt);
    const wrongKey = await custody(dir, "ledger", "verify-receipt", "good", "--key", other.pub, "--format", "text");
    assert.equal(wrongKey.status, 1);
    assert.match(wrongKey.stdout, /^FAILED: checkpoint-unverified: /);
    await writeFile(join(dir, "notes.txt"), "these are notes\n");
    const notReceipt = await custody(dir, "ledger", "verify-receipt", "notes.txt", "--key", pub, "--format", "text");
    assert.equal(notReceipt.status, 1);
    assert.match(notReceipt.stdout, /^FAILED: malformed: receipt is not a valid c2sp\.org\/tlog-proof@v1 proof/);
    const noKey = await custody(dir, "ledger", "verify-receipt", "good");
    assert.equal(noKey.status, 2);
  });

  void it("prints a consistency proof from an older size that verifies against the older checkpoint", async (t) => {
    const { dir, first } = await ledgerWithTwoBatches(t);
    const result = await custody(dir, "ledger", "proof", "--ledger", "ledger.db", "--from", "5");
    assert.equal(result.status, 0, result.stderr);
    const [head, ...rest] = result.stdout.split("\n\n");
    const [oldLine, ...proofLines] = (head ?? "").split("\n");
    assert.equal(oldLine, "old 5");
    const newer = parseNote(rest.join("\n\n"));
    assert.ok(!("ok" in newer));
    const checkpoint = parseCheckpoint(newer.text);
    const proof = proofLines.map((line) => new Uint8Array(Buffer.from(line, "base64")));
    assert.ok(verifyConsistency(5, checkpoint.size, Buffer.from(first.rootHash, "base64"), checkpoint.rootHash, proof));
  });

  void it("refuses a missing, doubled or out-of-range choice with exit 2 and one line", async (t) => {
    const { dir } = await ledgerWithTwoBatches(t);
    const neither = await custody(dir, "ledger", "proof", "--ledger", "ledger.db");
    assert.equal(neither.status, 2);
    assert.match(neither.stderr, /exactly one of --index N .* or --from SIZE.*\[usage\]\n$/);
    const both = await custody(dir, "ledger", "proof", "--ledger", "ledger.db", "--index", "1", "--from", "2");
    assert.equal(both.status, 2);
    const beyond = await custody(dir, "ledger", "proof", "--ledger", "ledger.db", "--index", "12");
    assert.equal(beyond.status, 2);
    assert.match(beyond.stderr, /entry 12 is not covered by the newest checkpoint .* \(tree size 12\); give an index from 0 to 11/);
    const notNumber = await custody(dir, "ledger", "proof", "--ledger", "ledger.db", "--from", "-1");
    assert.equal(notNumber.status, 2);
    assert.match(notNumber.stderr, /--from must be a whole number/);
  });
});
