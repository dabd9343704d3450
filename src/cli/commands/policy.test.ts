// `custody policy validate` and `custody policy doc` as a user meets them, and the gate following
// `extends:` at the base commit.
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { TestContext } from "node:test";
import { commitFiles } from "../../git/index.js";
import { ALICE, tempDir, tempRepo } from "../../../test/helpers/git-repo.js";
import { bufferIo } from "../io.js";
import { run } from "../run.js";

async function custody(cwd: string, env: Record<string, string>, ...argv: string[]) {
  const io = bufferIo({ cwd, env, now: () => new Date("2026-11-21T10:00:00Z") });
  const status = await run(argv, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

const ORG = [
  "version: 1",
  "tools:",
  "  approved: [claude-code, copilot]",
  "groups:",
  "  security: { members: [sam@example.com] }",
  "rules:",
  "  - name: org-freeze",
  "    if: \"'freeze' in labels\"",
  "    then: block",
  "    explain: The org is in a release freeze.",
].join("\n");

const REPO = ["version: 1", "extends: ../../org/base.yaml", "classification:", "  paths:", "    secret: ['keys/**']"].join("\n");

async function workspace(t: TestContext) {
  const dir = await tempDir(t);
  await mkdir(join(dir, "org"));
  await mkdir(join(dir, "repo", ".custody"), { recursive: true });
  await writeFile(join(dir, "org", "base.yaml"), ORG);
  await writeFile(join(dir, "repo", ".custody", "policy.yaml"), REPO);
  return { dir, env: { XDG_CACHE_HOME: join(dir, "cache") } };
}

describe("custody policy validate", () => {
  it("follows extends, says what it merged, and lists warnings with their file and line without failing", async (t) => {
    const { dir, env } = await workspace(t);
    const result = await custody(join(dir, "repo"), env, "policy", "validate");
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trimEnd().split("\n");
    assert.match(lines[0] ?? "", /^\.custody\/policy\.yaml: valid \(1 rule\(s\); extends \.\.\/org\/base\.yaml; digest [0-9a-f]{12}\)$/);
    assert.ok(lines.some((line) => /^warning: \.\.\/org\/base\.yaml:5:\d+: groups\.security\.members: 1 of 1 member\(s\) have no keys/.test(line)), result.stdout);
    assert.match(lines.at(-1) ?? "", /^\d+ warning\(s\)/);
  });

  it("gives JSON with the errors of every file in the chain, and exits 2", async (t) => {
    const { dir, env } = await workspace(t);
    await writeFile(join(dir, "org", "base.yaml"), ORG.replace("then: block", "then: blok"));
    await writeFile(join(dir, "repo", ".custody", "policy.yaml"), `${REPO}\nrules:\n  - name: org-freeze\n    if: 'true'\n    then: pass\n`);
    const result = await custody(join(dir, "repo"), env, "policy", "validate", "--format", "json");
    assert.equal(result.status, 2);
    const out = JSON.parse(result.stdout) as { valid: boolean; errors: { file: string; line: number; field: string; message: string }[] };
    assert.equal(out.valid, false);
    assert.deepEqual(out.errors.map((error) => [error.file, error.line, error.field]), [["../org/base.yaml", 9, "rules[0].then"]]);

    await writeFile(join(dir, "org", "base.yaml"), ORG);
    const conflict = await custody(join(dir, "repo"), env, "policy", "validate");
    assert.equal(conflict.status, 2);
    assert.match(conflict.stderr, /\.custody\/policy\.yaml:7:\d+: rules\[0\]\.name: "org-freeze" is already defined by \.\.\/org\/base\.yaml:7:\d+.*\[policy-invalid\]/s);
  });

  it("fetches an org policy by URL once, then uses the cached copy; offline without a copy is a clear error", async (t) => {
    const { dir, env } = await workspace(t);
    let served = 0;
    const server = createServer((_request, response) => {
      served += 1;
      response.writeHead(200).end(ORG);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    t.after(() => server.close());
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/org.yaml`;
    await writeFile(join(dir, "repo", "remote.yaml"), `version: 1\nextends: ${url}\n`);
    const cold = await custody(join(dir, "repo"), env, "policy", "validate", "--offline", "remote.yaml");
    assert.equal(cold.status, 2);
    assert.match(cold.stderr, /remote\.yaml:2:10: extends: http:\/\/127\.0\.0\.1:\d+\/org\.yaml: --offline was given and no copy of this policy is cached.*\[policy-unreachable\]/);

    assert.equal((await custody(join(dir, "repo"), env, "policy", "validate", "remote.yaml")).status, 0);
    assert.equal((await custody(join(dir, "repo"), env, "policy", "validate", "remote.yaml")).status, 0);
    assert.equal(served, 1, "the second run used the cached copy");
    server.close();
    const cached = await custody(join(dir, "repo"), env, "policy", "validate", "--offline", "remote.yaml");
    assert.equal(cached.status, 0, cached.stderr);
  });
});

describe("custody policy doc", () => {
  it("writes the usage-policy document of the merged policy", async (t) => {
    const { dir, env } = await workspace(t);
    const result = await custody(join(dir, "repo"), env, "policy", "doc", "--output", "POLICY.md");
    assert.equal(result.status, 0, result.stderr);
    const document = await readFile(join(dir, "repo", "POLICY.md"), "utf8");
    assert.match(document, /^# AI code usage policy/);
    assert.match(document, /\| secret \| `keys\/\*\*` \|/);
    assert.match(document, /\| `org-freeze` \*\(from \.\.\/org\/base\.yaml\)\* \| The org is in a release freeze\./);
    assert.match(document, /1\. `\.\.\/org\/base\.yaml`\n2\. `\.custody\/policy\.yaml`/);
  });
});

describe("custody gate with extends", () => {
  it("judges a change by the org policy as it is at the base commit", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, {
      message: "policy",
      author: ALICE,
      files: { ".custody/policy.yaml": "version: 1\nextends: ../org/base.yaml\n", "org/base.yaml": ORG, "README.md": "# x\n" },
    });
    // The change deletes the org rule; the gate still reads the org policy of the base commit.
    const head = await commitFiles(repo, { message: "docs", author: ALICE, files: { "org/base.yaml": "version: 1\n", "docs/a.md": "a\n" } });
    const result = await custody(repo, {}, "gate", "--base", base, "--head", head, "--label", "freeze", "--format", "json", "--no-record");
    assert.equal(result.status, 1, result.stderr);
    const out = JSON.parse(result.stdout) as { decision: { outcome: string; reasons: { ruleName: string }[] }; policySource: string };
    assert.equal(out.decision.outcome, "block");
    assert.ok(out.decision.reasons.some((reason) => reason.ruleName === "org-freeze"));
    assert.match(out.policySource, /^[0-9a-f]{12}:\.custody\/policy\.yaml \(extends [0-9a-f]{12}:org\/base\.yaml\)$/);
  });
});
