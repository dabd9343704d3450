// Policy allowlists: accepted findings by path, rule and regex, each with a reason, never loosened by
// the change under review, and user regexes that cannot stall a scan.
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { describe, it } from "node:test";
import { base62Encode } from "../src/analyzers/secrets/validators.js";
import { bufferIo } from "../src/cli/io.js";
import { run } from "../src/cli/run.js";
import { compileUserRegex } from "../src/core/safe-regex.js";
import { commitFiles } from "../src/git/index.js";
import { parsePolicy } from "../src/policy/index.js";
import { ALICE, tempDir, tempRepo } from "./helpers/git-repo.js";

async function custody(cwd: string, ...argv: string[]) {
  const io = bufferIo({ cwd, env: { USER: "tester" } });
  const status = await run(argv, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

function githubToken(body: string): string {
  return `ghp_${body}${base62Encode(crc32(body), 6)}`;
}

const FIXTURE_TOKEN = githubToken("Tb5nW2qR8xL1vK7mZ4cP9sD3hF6jY0");
const LEAKED_TOKEN = githubToken("Mx2pQ7wL4nR9tV1kB6zS3dH8cJ5yF0");

interface ScanJson {
  findings: { ruleId: string; location: { path: string } }[];
  allowed: { ruleId: string; path: string; line: number; reason: string; evidence: string }[];
}

void describe("user regexes", () => {
  void it("run in linear time on input that makes a backtracking engine hang", () => {
    const regex = compileUserRegex("^(a+)+$", "test");
    assert.equal(regex.test(`${"a".repeat(100_000)}!`), false);
    assert.equal(regex.test("aaaa"), true);
  });

  void it("are refused with the reason when RE2 cannot run them", () => {
    assert.throws(() => compileUserRegex("(a)\\1", "allow[0].regex"), /allow\[0\]\.regex: '\(a\)\\1' is not a regex Custody can run in linear time.*no backreferences/);
    assert.throws(() => compileUserRegex("foo(?=bar)", "allow[0].regex"), /\[policy-invalid\]|linear time/);
  });
});

void describe("policy allow entries", () => {
  void it("need a reason and at least one condition, reported with the line", () => {
    assert.throws(() => parsePolicy("version: 1\nallow:\n  - reason: fixtures\n", "policy.yaml"), /policy\.yaml:3:\d+.*at least one of paths, rules or regex/s);
    assert.throws(() => parsePolicy("version: 1\nallow:\n  - paths: ['test/**']\n", "policy.yaml"), /policy\.yaml:3:\d+.*reason/s);
    assert.throws(() => parsePolicy("version: 1\nallow:\n  - reason: x\n    regex: '(a)\\1'\n", "policy.yaml"), /policy\.yaml:4:\d+.*linear time/s);
  });

  void it("take findings out of a scan by path, rule and regex, and list them with their reason", async (t) => {
    const dir = await tempDir(t);
    await mkdir(join(dir, ".custody"));
    await mkdir(join(dir, "test"));
    await mkdir(join(dir, "src"));
    await writeFile(
      join(dir, ".custody", "policy.yaml"),
      [
        "version: 1",
        "allow:",
        "  - reason: the integration tests use a revoked token",
        "    paths: ['test/**']",
        "    rules: ['secrets/*']",
        "  - reason: the demo password is printed on the login page",
        "    rules: ['secrets/generic-secret-assignment']",
        "    regex: '^Demo-[0-9]{4}-Login$'",
      ].join("\n"),
    );
    await writeFile(join(dir, "test", "client.test.js"), `const token = "${FIXTURE_TOKEN}";\n`);
    await writeFile(join(dir, "src", "client.js"), `const token = "${LEAKED_TOKEN}";\nconst password = "Demo-2041-Login";\nconst secret = "Qz8-Lw3!vN6#pR1x";\n`);
    const result = await custody(dir, "scan", ".", "--analyzers", "secrets", "--format", "json", "--fail-on", "none");
    assert.equal(result.status, 0, result.stderr);
    const out = JSON.parse(result.stdout) as ScanJson;
    assert.deepEqual(out.findings.map((f) => `${f.location.path} ${f.ruleId}`).sort(), [
      "src/client.js secrets/generic-secret-assignment",
      "src/client.js secrets/github-token",
    ]);
    assert.deepEqual(
      out.allowed.map((a) => [a.path, a.line, a.ruleId, a.reason]),
      [
        ["src/client.js", 2, "secrets/generic-secret-assignment", "the demo password is printed on the login page"],
        ["test/client.test.js", 1, "secrets/github-token", "the integration tests use a revoked token"],
      ],
    );
    assert.ok(!result.stdout.includes(FIXTURE_TOKEN.slice(4)), "an allowed secret is still masked");
    const text = await custody(dir, "scan", ".", "--analyzers", "secrets", "--format", "text", "--fail-on", "none");
    assert.match(text.stdout, /Allowed by policy: 2\n/);
  });

  void it("in a gate come from the base commit, so a change cannot allowlist its own findings", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "init", author: ALICE, files: { "README.md": "# app\n" } });
    const head = await commitFiles(repo, {
      message: "Add client",
      author: ALICE,
      files: {
        ".custody/policy.yaml": "version: 1\nallow:\n  - reason: trust me\n    paths: ['**']\n",
        "src/client.js": `const token = "${LEAKED_TOKEN}";\n`,
      },
    });
    const result = await custody(repo, "gate", "--base", base, "--head", head, "--format", "json", "--no-record");
    const out = JSON.parse(result.stdout) as ScanJson;
    assert.deepEqual(out.allowed, []);
    assert.ok(out.findings.some((f) => f.ruleId === "secrets/github-token"));
  });
});
