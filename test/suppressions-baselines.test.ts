// Inline suppressions and baselines as a user meets them through `custody scan` and `custody gate`.
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { bufferIo } from "../src/cli/io.js";
import { run } from "../src/cli/run.js";
import { commitFiles } from "../src/git/index.js";
import { decodeEvent, openSqliteStore } from "../src/ledger/index.js";
import { ALICE, tempDir, tempRepo } from "./helpers/git-repo.js";

async function custody(cwd: string, ...argv: string[]) {
  const io = bufferIo({ cwd, now: () => new Date("2026-11-21T10:00:00Z"), env: { USER: "tester" } });
  const status = await run(argv, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

interface ScanJson {
  findings: { ruleId: string; location: { path: string; startLine: number }; fingerprint: string }[];
  suppressed: { ruleId: string; path: string; line: number; reason: string; fingerprint: string; evidence: string }[];
  suppressions: { invalid: { path: string; line: number; problem: string }[] };
  baselined: number;
}

const PICKLE = "import pickle\n\ndef load(blob):\n";

describe("custody-ignore comments", () => {
  it("take a finding out of findings[] into suppressed[] with its reason, and the scan passes", async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, "app.py"), `${PICKLE}    # custody-ignore sast/py-pickle-load: blobs are HMAC-checked before loading\n    return pickle.loads(blob)\n`);
    const result = await custody(dir, "scan", ".", "--format", "json");
    assert.equal(result.status, 0, result.stderr + result.stdout);
    const out = JSON.parse(result.stdout) as ScanJson;
    assert.deepEqual(out.findings, []);
    assert.deepEqual(
      out.suppressed.map((s) => [s.ruleId, s.path, s.line, s.reason]),
      [["sast/py-pickle-load", "app.py", 5, "blobs are HMAC-checked before loading"]],
    );
    assert.match(out.suppressed[0]?.fingerprint ?? "", /^[0-9a-f]{32}$/);
    const text = await custody(dir, "scan", ".", "--format", "text");
    assert.match(text.stdout, /Suppressed: 1\n {2}app\.py:5 {2}sast\/py-pickle-load: blobs are HMAC-checked/);
  });

  it("without a reason leave the finding in place and report the comment as invalid", async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, "app.py"), `${PICKLE}    return pickle.loads(blob)  # custody-ignore sast/py-pickle-load\n`);
    const result = await custody(dir, "scan", ".", "--format", "json");
    assert.equal(result.status, 1);
    const out = JSON.parse(result.stdout) as ScanJson;
    assert.deepEqual(out.findings.map((f) => f.ruleId), ["sast/py-pickle-load"]);
    assert.deepEqual(out.suppressed, []);
    assert.deepEqual(out.suppressions.invalid.map((i) => [i.path, i.line]), [["app.py", 4]]);
    assert.match(out.suppressions.invalid[0]?.problem ?? "", /no reason/);
  });

  it("are recorded in the ledger's scan.completed event by `custody gate`", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "init", author: ALICE, files: { "README.md": "# x\n" } });
    const head = await commitFiles(repo, {
      message: "loader",
      author: ALICE,
      files: { "app.py": `${PICKLE}    return pickle.loads(blob)  # custody-ignore sast/py-pickle-load: trusted local cache\n` },
    });
    const result = await custody(repo, "gate", "--base", base, "--head", head, "--format", "json");
    assert.ok(result.status === 0 || result.status === 1, result.stderr);
    const out = JSON.parse(result.stdout) as ScanJson;
    assert.deepEqual(out.findings, []);
    assert.equal(out.suppressed.length, 1);
    const store = openSqliteStore(join(repo, ".git", "custody", "ledger.db"));
    t.after(() => store.close());
    const events = [];
    for await (const batch of store.entries()) events.push(...batch.map((e) => decodeEvent(e.entry)));
    const scan = events.find((e) => e.type === "scan.completed");
    assert.deepEqual(scan?.payload.suppressed, [
      { ruleId: "sast/py-pickle-load", severity: "high", path: "app.py", line: 4, reason: "trusted local cache", fingerprint: out.suppressed[0]?.fingerprint },
    ]);
  });
});

describe("baselines", () => {
  it("accept today's findings so only new ones are reported, and keep secrets only as fingerprints", async (t) => {
    const dir = await tempDir(t);
    const password = "k9#Vq2!xLp7@Wm4$Rt8&Zn3";
    await writeFile(join(dir, "config.js"), `export const password = "${password}";\n`);
    const written = await custody(dir, "scan", ".", "--format", "json", "--write-baseline", "baseline.json");
    assert.equal(written.status, 0, written.stderr);
    const reported = (JSON.parse(written.stdout) as ScanJson).findings;
    assert.ok(reported.some((f) => f.ruleId === "secrets/generic-secret-assignment"));
    assert.match(written.stderr, new RegExp(`wrote baseline\\.json accepting ${reported.length} finding`));
    const file = await readFile(join(dir, "baseline.json"), "utf8");
    assert.ok(!file.includes(password) && !file.includes("k9#V"), file);
    const entries = (JSON.parse(file) as { findings: object[] }).findings;
    assert.equal(entries.length, reported.length);
    assert.deepEqual(Object.keys(entries[0] ?? {}).sort(), ["fingerprint", "path", "ruleId"]);

    const again = await custody(dir, "scan", ".", "--format", "json", "--baseline", "baseline.json");
    assert.equal(again.status, 0, again.stderr);
    const out = JSON.parse(again.stdout) as ScanJson;
    assert.deepEqual(out.findings, []);
    assert.equal(out.baselined, reported.length);

    await writeFile(join(dir, "app.py"), `${PICKLE}    return pickle.loads(blob)\n`);
    const later = await custody(dir, "scan", ".", "--format", "json", "--baseline", "baseline.json");
    assert.equal(later.status, 1);
    assert.deepEqual((JSON.parse(later.stdout) as ScanJson).findings.map((f) => f.ruleId), ["sast/py-pickle-load"]);
  });

  it("refuse a malformed baseline with exit 2 naming the file", async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, "a.js"), "export const a = 1;\n");
    await writeFile(join(dir, "bad.json"), JSON.stringify({ version: 1, findings: [{ ruleId: "x" }] }));
    const result = await custody(dir, "scan", ".", "--baseline", "bad.json");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^custody: bad\.json: not a Custody baseline at findings\[0\]\.fingerprint: .*\[baseline-invalid\]\n$/);
    const missing = await custody(dir, "scan", ".", "--baseline", "none.json");
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--baseline none\.json: cannot read/);
  });
});
