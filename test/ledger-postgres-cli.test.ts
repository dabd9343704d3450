// `--ledger postgres://…` (and CUSTODY_LEDGER) for gate, ledger verify and ledger checkpoint, against
// the machine's PostgreSQL server.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { bufferIo } from "../src/cli/io.js";
import { run } from "../src/cli/run.js";
import { commitFiles } from "../src/git/index.js";
import { ALICE, tempDir, tempRepo } from "./helpers/git-repo.js";
import { dropSchemas, freshSchemaName, TEST_POSTGRES_URL, urlWithSchema, withSuperuser } from "./helpers/postgres.js";

const schemas: string[] = [];
after(() => dropSchemas(schemas));

async function custody(cwd: string, argv: string[]) {
  const io = bufferIo({ cwd, now: () => new Date("2026-11-21T10:00:00Z"), env: { USER: "tester" } });
  const status = await run(argv, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

function ledgerUrl(): string {
  const schema = freshSchemaName("custody_cli");
  schemas.push(schema);
  return urlWithSchema(schema);
}

void describe("custody with a PostgreSQL ledger", () => {
  void it("gate records into the database; ledger verify and checkpoint read it back; tampering exits 1", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "init", author: ALICE, files: { "a.md": "a\n" } });
    const head = await commitFiles(repo, { message: "docs", author: ALICE, files: { "docs/b.md": "b\n" } });
    const url = ledgerUrl();
    const schema = new URL(url).searchParams.get("schema") ?? "";
    const gated = await custody(repo, ["gate", "--base", base, "--head", head, "--format", "json", "--ledger", url]);
    assert.equal(gated.status, 0, gated.stderr);
    const ref = (JSON.parse(gated.stdout) as { ledger: { path: string; indexes: number[] } }).ledger;
    assert.deepEqual(ref.indexes, [0, 1, 2]);
    assert.equal(ref.path, url);
    assert.ok(existsSync(join(repo, ".git", "custody", "ledger.key.pub")), "the key of a database ledger lives in .git/custody");
    assert.equal(existsSync(join(repo, ".git", "custody", "ledger.db")), false);

    // Commander reads option variables from the process environment itself.
    process.env.CUSTODY_LEDGER = url;
    const again = await custody(repo, ["gate", "--base", base, "--head", head, "--format", "json"]).finally(() => {
      delete process.env.CUSTODY_LEDGER;
    });
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual((JSON.parse(again.stdout) as { ledger: { indexes: number[] } }).ledger.indexes, [3, 4, 5]);

    const verified = await custody(repo, ["ledger", "verify", "--format", "text", "--ledger", url]);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^OK: ledger postgres:\/\/.* verified: 6 entries, 2 signed checkpoint\(s\)/);

    const kept = await custody(repo, ["ledger", "checkpoint", "--ledger", url]);
    assert.equal(kept.status, 0, kept.stderr);
    assert.match(kept.stdout, /^custody\.ledger\/[0-9a-f]{16}\n6\n/);

    // An auditor elsewhere, with only the URL and the public key.
    const auditor = await tempDir(t);
    const pub = join(auditor, "ledger.pub");
    await writeFile(pub, await readFile(join(repo, ".git", "custody", "ledger.key.pub"), "utf8"));
    const elsewhere = await custody(auditor, ["ledger", "verify", "--format", "json", "--ledger", url, "--key", pub]);
    assert.equal(elsewhere.status, 0, elsewhere.stderr);
    assert.equal((JSON.parse(elsewhere.stdout) as { size: number }).size, 6);

    await withSuperuser(async (client) => {
      await client.query(`ALTER TABLE "${schema}".entries DISABLE TRIGGER USER`);
      await client.query(`UPDATE "${schema}".entries SET entry = convert_to(replace(convert_from(entry, 'UTF8'), 'cli:tester', 'cli:mallor'), 'UTF8') WHERE idx = 4`);
    });
    const tampered = await custody(repo, ["ledger", "verify", "--format", "text", "--ledger", url]);
    assert.equal(tampered.status, 1);
    assert.match(tampered.stdout, /FAILED/);
    assert.match(tampered.stdout, /entry 4\b/);
  });

  void it("never prints the password of a ledger URL, and exits 2 when the server cannot be reached", async (t) => {
    const repo = await tempRepo(t);
    const result = await custody(repo, ["ledger", "checkpoint", "--ledger", "postgres://auditor:hunter2-secret@127.0.0.1:1/test"]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /postgres:\/\/auditor:\*\*\*@127\.0\.0\.1:1\/test.*\[ledger-unreachable\]/);
    assert.doesNotMatch(result.stderr + result.stdout, /hunter2/);
  });

  void it("exits 2 naming the schema when it holds no ledger", async (t) => {
    const repo = await tempRepo(t);
    const url = new URL(TEST_POSTGRES_URL);
    url.searchParams.set("schema", freshSchemaName("custody_cli_absent"));
    const result = await custody(repo, ["ledger", "verify", "--ledger", url.toString(), "--key", "x+00000000+AA=="]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /holds no Custody ledger .*\[ledger-invalid\]/);
  });
});
