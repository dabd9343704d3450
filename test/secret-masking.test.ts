// No output of a gate — its reports in every format, the files it writes and the ledger it appends
// to — ever holds a detected secret in full.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { it } from "node:test";
import { base62Encode } from "../src/analyzers/secrets/validators.js";
import { bufferIo } from "../src/cli/io.js";
import { run } from "../src/cli/run.js";
import { commitFiles } from "../src/git/index.js";
import { ALICE, tempRepo } from "./helpers/git-repo.js";

async function custody(cwd: string, ...argv: string[]) {
  const io = bufferIo({ cwd, env: { USER: "tester" } });
  const status = await run(argv, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

// Assembled at run time so that the sources hold no complete credential.
const body = "Wd4kT9pL2vX7mQ1zR6nB3sF8hJ5cY0";
const SECRETS = {
  github: `ghp_${body}${base62Encode(crc32(body), 6)}`,
  aws: ["AKIA", "Q3VW7XKD2M4PLN6R"].join(""),
  awsSecret: ["wJa7Rx9Ub2Kd", "Lm4Pq8Zs1Tv6Yn3Hc5Gf0EeBiAo9"].join(""),
  database: ["postgres://billing:", "Vq8zLm2xT4pRn7Kw", "@db.internal:5432/billing"].join(""),
};

it("a gate with secrets leaves none of them in its reports, written files or ledger", async (t) => {
  const repo = await tempRepo(t);
  const base = await commitFiles(repo, { message: "init", author: ALICE, files: { "README.md": "# billing\n" } });
  const head = await commitFiles(repo, {
    message: "Configure billing",
    author: ALICE,
    files: {
      "config/deploy.js": `export const token = "${SECRETS.github}";\n`,
      "config/aws.ini": `[default]\naws_access_key_id = ${SECRETS.aws}\naws_secret_access_key = ${SECRETS.awsSecret}\n`,
      "config/db.py": `DATABASE_URL = "${SECRETS.database}"\n`,
    },
  });
  const outputs: string[] = [];
  for (const format of ["text", "json", "sarif", "markdown"]) {
    const result = await custody(repo, "gate", "--base", base, "--head", head, "--format", format, "--sarif", "gate.sarif", "--markdown", "gate.md");
    assert.equal(result.status, 1, result.stderr);
    outputs.push(result.stdout, result.stderr);
  }
  const json = await custody(repo, "gate", "--base", base, "--head", head, "--format", "json", "--no-record");
  const reported = (JSON.parse(json.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
  for (const id of ["secrets/github-token", "secrets/aws-access-key-id", "secrets/aws-secret-access-key", "secrets/database-url-password"]) {
    assert.ok(reported.includes(id), `${id} was not reported`);
  }
  const written = [join(repo, "gate.sarif"), join(repo, "gate.md"), ...(await filesUnder(join(repo, ".git", "custody")))];
  assert.ok(written.some((f) => f.endsWith("ledger.db")), "the gate appended to the ledger");
  const everything = [...outputs, ...(await Promise.all(written.map((f) => readFile(f, "latin1"))))];
  for (const [name, secret] of Object.entries(SECRETS)) {
    const core = name === "database" ? "Vq8zLm2xT4pRn7Kw" : secret.slice(4);
    for (const [index, text] of everything.entries()) {
      assert.ok(!text.includes(core), `${name} leaked into ${index < outputs.length ? `output ${index}` : (written[index - outputs.length] ?? "?")}`);
    }
  }
});
