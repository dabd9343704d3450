// `custody ledger export`, `ledger verify --from-export`, and witnessing from the command line: a log
// exports and gets its checkpoint cosigned; an auditor checks the export and the cosignatures.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { bufferIo } from "../src/cli/io.js";
import { run } from "../src/cli/run.js";
import type { LedgerEvent } from "../src/core/types.js";
import { encodeBundle, loadOrCreateSigner, openLedger, parseBundle } from "../src/ledger/index.js";
import { tempDir } from "./helpers/git-repo.js";

async function custody(cwd: string, argv: string[], stdin?: string) {
  const io = bufferIo({ cwd, now: () => new Date("2026-11-21T10:00:00Z"), env: { USER: "tester" }, ...(stdin !== undefined ? { stdin } : {}) });
  const status = await run(argv, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

function event(i: number): LedgerEvent {
  return { type: "scan.completed", time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), actor: "ci", subject: `change:${i}`, payload: { findings: i % 3 } };
}

/** A ledger of `size` entries in `dir`, with its key and `ledger.key.pub` beside it, as `custody gate` leaves them. */
async function ledgerIn(t: TestContext, size: number): Promise<string> {
  const dir = await tempDir(t);
  const origin = "custody.example/cli-export";
  const signer = await loadOrCreateSigner(join(dir, "ledger.key"), origin);
  const ledger = await openLedger({ path: join(dir, "ledger.db"), origin, signer });
  for (let from = 0; from < size; from += 200) await ledger.append(Array.from({ length: Math.min(200, size - from) }, (_, i) => event(from + i)));
  await ledger.close();
  return dir;
}

const LEDGER = ["--ledger", "ledger.db"];

describe("custody ledger export and verify --from-export", () => {
  it("exports the log as tiles that verify with only the directory and the public key, and exits 1 naming a changed entry", async (t) => {
    const dir = await ledgerIn(t, 600);
    const exported = await custody(dir, ["ledger", "export", "out", ...LEDGER, "--format", "json"]);
    assert.equal(exported.status, 0, exported.stderr);
    const result = JSON.parse(exported.stdout) as { size: number; tiles: number; bundles: number; directory: string };
    assert.deepEqual([result.size, result.tiles, result.bundles], [600, 4, 3]);
    assert.ok(existsSync(join(dir, "out", "tile", "entries", "002.p", "88")));

    const verified = await custody(dir, ["ledger", "verify", "--from-export", "out", "--key", "ledger.key.pub", "--format", "text"]);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^OK: ledger .*out verified: 600 entries, 1 signed checkpoint\(s\) checked/);

    const bundle = join(dir, "out", "tile", "entries", "001");
    const entries = parseBundle(readFileSync(bundle)).entries.map((e) => Buffer.from(e));
    entries[9] = Buffer.from(entries[9]?.toString().replace('"ci"', '"xx"') ?? "");
    writeFileSync(bundle, encodeBundle(entries));
    const tampered = await custody(dir, ["ledger", "verify", "--from-export", "out", "--key", "ledger.key.pub", "--format", "json"]);
    assert.equal(tampered.status, 1);
    const report = JSON.parse(tampered.stdout) as { ok: boolean; problems: { kind: string; index?: number; tile?: string }[] };
    assert.equal(report.ok, false);
    assert.deepEqual(report.problems[0], { ...report.problems[0], kind: "leaf-hash-mismatch", index: 265, tile: "tile/entries/001" });
  });

  it("refuses to export into a directory that is not empty, with exit 2", async (t) => {
    const dir = await ledgerIn(t, 5);
    writeFileSync(join(dir, "busy"), "x");
    const result = await custody(dir, ["ledger", "export", ".", ...LEDGER]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /already exists and is not empty.*\[export-invalid\]\n$/);
  });
});

describe("custody ledger witness", () => {
  it("gets a checkpoint cosigned, stores it, and lets verify require it; the witness refuses a replay with exit 1", async (t) => {
    const dir = await ledgerIn(t, 300);
    const keygen = await custody(dir, ["ledger", "witness-key", "witness.example/w1", "w1.key"]);
    assert.equal(keygen.status, 0, keygen.stderr);
    assert.equal(keygen.stdout.trim(), readFileSync(join(dir, "w1.key.pub"), "utf8").trim());
    assert.match(keygen.stdout, /^witness\.example\/w1\+[0-9a-f]{8}\+B[A-P]/);
    await custody(dir, ["ledger", "witness-key", "witness.example/w2", "w2.key"]);

    const request = await custody(dir, ["ledger", "proof", "--from", "0", ...LEDGER, "--output", "request.txt"]);
    assert.equal(request.status, 0, request.stderr);
    const witnessArgs = ["ledger", "witness", "--witness-key", "w1.key", "--log-key", "ledger.key.pub", "--state", "w1.state"];
    const answer = await custody(dir, [...witnessArgs, "--request", "request.txt"]);
    assert.equal(answer.status, 0, answer.stderr);
    assert.match(answer.stdout, /^\u2014 witness\.example\/w1 [A-Za-z0-9+/]{102}==\n$/);
    const replay = await custody(dir, witnessArgs, readFileSync(join(dir, "request.txt"), "utf8"));
    assert.equal(replay.status, 1);
    assert.equal(replay.stdout, "");
    assert.match(replay.stderr, /witness refused \(conflict\): old size 0 does not match the 300 entries this witness last cosigned/);

    writeFileSync(join(dir, "answer.txt"), answer.stdout);
    const stored = await custody(dir, ["ledger", "cosign", "--add", "answer.txt", "--witness", "w1.key.pub", ...LEDGER, "--format", "text"]);
    assert.equal(stored.status, 0, stored.stderr);
    assert.match(stored.stdout, /witness\.example\/w1 \(at 2026-11-21T10:00:00\.000Z\) with the checkpoint for size 300/);

    const verify = ["ledger", "verify", ...LEDGER, "--key", "ledger.key.pub", "--format", "text"];
    const witnessed = await custody(dir, [...verify, "--witness", "w1.key.pub"]);
    assert.equal(witnessed.status, 0, witnessed.stdout);
    const quorum = await custody(dir, [...verify, "--witness", "w1.key.pub", "w2.key.pub", "--min-witnesses", "2"]);
    assert.equal(quorum.status, 1);
    assert.match(quorum.stdout, /witness-missing: the newest checkpoint carries 1 valid cosignature\(s\) \(by witness\.example\/w1\) from the 2 witness\(es\) given; 2 required/);
    const oneOfTwo = await custody(dir, [...verify, "--witness", "w1.key.pub", "w2.key.pub", "--min-witnesses", "1"]);
    assert.equal(oneOfTwo.status, 0, oneOfTwo.stdout);
    const badMinimum = await custody(dir, [...verify, "--witness", "w1.key.pub", "--min-witnesses", "3"]);
    assert.equal(badMinimum.status, 2);

    // The export carries the cosigned checkpoint, and an auditor can require it there too.
    const kept = await custody(dir, ["ledger", "checkpoint", ...LEDGER]);
    writeFileSync(join(dir, "kept.txt"), kept.stdout);
    assert.equal((await custody(dir, ["ledger", "export", "out", ...LEDGER])).status, 0);
    const audit = await custody(dir, ["ledger", "verify", "--from-export", "out", "--key", "ledger.key.pub", "--checkpoint", "kept.txt", "--witness", "w1.key.pub", "--format", "text"]);
    assert.equal(audit.status, 0, audit.stdout);
  });
});
