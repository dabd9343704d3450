// The command line as a user meets it: exit codes, one-line errors, and the documented output shapes.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { crc32 } from "node:zlib";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { bufferIo } from "../src/cli/io.js";
import { run } from "../src/cli/run.js";
import { base62Encode } from "../src/analyzers/secrets/validators.js";
import { commitFiles } from "../src/git/index.js";
import { ALICE, tempDir, tempRepo } from "./helpers/git-repo.js";

async function custody(cwd: string, ...argv: string[]) {
  const io = bufferIo({ cwd, now: () => new Date("2026-11-21T10:00:00Z"), env: { USER: "tester" } });
  const status = await run(argv, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

const CLAUDE = "Co-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>";

/** A repository whose second commit, by Claude Code, adds an eval of request input under src/auth/. */
async function repoWithAiChange(t: TestContext) {
  const repo = await tempRepo(t);
  const base = await commitFiles(repo, { message: "init", author: ALICE, files: { "README.md": "# x\n" } });
  const head = await commitFiles(repo, {
    message: `Add login handler\n\n${CLAUDE}`,
    author: ALICE,
    files: { "src/auth/login.js": "export function login(req) {\n  return eval(req.query.code);\n}\n" },
  });
  return { repo, base, head };
}

describe("custody gate", () => {
  it("prints the Decision JSON with reasons naming rules and evidence, and exits 1 when not satisfied", async (t) => {
    const { repo, base, head } = await repoWithAiChange(t);
    const result = await custody(repo, "gate", "--base", base, "--head", head, "--format", "json", "--no-record");
    assert.equal(result.status, 1, result.stderr);
    const out = JSON.parse(result.stdout) as {
      decision: { outcome: string; reasons: { ruleName: string; evidence: string[] }[]; changeId: string; policyDigest: string };
      change: { files: { path: string; added: { start: number; end: number }[] }[] };
      attribution: { stats: { ai: number; addedLines: number } };
      findings: { ruleId: string; aiAttributed: boolean }[];
    };
    assert.notEqual(out.decision.outcome, "pass");
    assert.ok(out.decision.reasons.some((r) => r.ruleName === "ai-in-critical-path" && r.evidence.some((e) => e.includes("src/auth/login.js"))));
    assert.deepEqual(out.change.files.map((f) => [f.path, f.added]), [["src/auth/login.js", [{ start: 1, end: 3 }]]]);
    assert.equal(out.attribution.stats.ai, 3);
    assert.ok(out.findings.some((f) => f.ruleId === "sast/js-code-injection" && f.aiAttributed));
    assert.match(out.decision.changeId, /^[0-9a-f]{64}$/);
  });

  it("passes a human change with no findings and exits 0", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "init", author: ALICE, files: { "a.md": "a\n" } });
    const head = await commitFiles(repo, { message: "docs", author: ALICE, files: { "docs/b.md": "b\n" } });
    const result = await custody(repo, "gate", "--base", base, "--head", head, "--format", "text", "--no-record");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Decision: PASS/);
  });

  it("records three events that `ledger verify` accepts, and exits 1 naming the entry after tampering", async (t) => {
    const { repo, base, head } = await repoWithAiChange(t);
    const gated = await custody(repo, "gate", "--base", base, "--head", head, "--format", "json");
    assert.deepEqual((JSON.parse(gated.stdout) as { ledger: { indexes: number[] } }).ledger.indexes, [0, 1, 2]);
    const verified = await custody(repo, "ledger", "verify", "--format", "text");
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^OK: .* 3 entries/);

    const { default: Database } = await import("better-sqlite3");
    const db = new Database(join(repo, ".git", "custody", "ledger.db"));
    // An attacker with write access to the file drops the append-only triggers first.
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]) {
      db.exec(`DROP TRIGGER "${name}"`);
    }
    db.prepare("UPDATE entries SET entry = CAST(replace(CAST(entry AS TEXT), 'cli:tester', 'cli:mallor') AS BLOB) WHERE idx = 2").run();
    db.close();
    const tampered = await custody(repo, "ledger", "verify", "--format", "text");
    assert.equal(tampered.status, 1);
    assert.match(tampered.stdout, /FAILED/);
    assert.match(tampered.stdout, /entry 2\b/);
  });

  it("refuses a malformed policy at the base commit with exit 2 and one line naming file and line", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "init", author: ALICE, files: { ".custody/policy.yaml": "version: 1\nrules: [\n" } });
    const head = await commitFiles(repo, { message: "x", author: ALICE, files: { "a.txt": "a\n" } });
    const result = await custody(repo, "gate", "--base", base, "--head", head, "--no-record");
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim().split("\n").length, 1);
    assert.match(result.stderr, /\.custody\/policy\.yaml:\d+:\d+: .*\[policy-invalid\]/);
  });

  it("gives exit 2 and one line for an unknown ref, a non-repository and an unknown flag", async (t) => {
    const { repo } = await repoWithAiChange(t);
    const unknownRef = await custody(repo, "gate", "--base", "no-such-branch", "--no-record");
    assert.equal(unknownRef.status, 2);
    assert.match(unknownRef.stderr, /no-such-branch.*\[unknown-ref\]\n$/);
    const plain = await tempDir(t);
    const notRepo = await custody(plain, "gate", "--no-record");
    assert.equal(notRepo.status, 2);
    assert.match(notRepo.stderr, /not inside a git repository.*\[not-a-repository\]\n$/);
    const badFlag = await custody(repo, "gate", "--frobnicate");
    assert.equal(badFlag.status, 2);
    assert.equal(badFlag.stderr, "custody: unknown option '--frobnicate' (see 'custody --help')\n");
  });
});

describe("custody scan", () => {
  it("prints valid SARIF 2.1.0 with relative URIs, CWE tags and fingerprints, and exits 1 at --fail-on", async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, "app.py"), "import pickle\n\ndef load(blob):\n    return pickle.loads(blob)\n");
    const result = await custody(dir, "scan", ".", "--format", "sarif");
    assert.equal(result.status, 1);
    const sarif = JSON.parse(result.stdout) as {
      version: string;
      runs: { tool: { driver: { version: string; rules: { id: string; properties: { tags: string[]; "security-severity": string } }[] } }; results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    assert.equal(sarif.version, "2.1.0");
    const [runLog] = sarif.runs;
    assert.ok(runLog);
    assert.match(runLog.tool.driver.version, /^\d+\.\d+\.\d+/);
    const rule = runLog.tool.driver.rules.find((r) => r.id === "sast/py-pickle-load");
    assert.ok(rule);
    assert.ok(rule.properties.tags.includes("security") && rule.properties.tags.includes("external/cwe/cwe-502"));
    const [result0] = runLog.results;
    assert.ok(result0);
    assert.equal(result0.locations[0]?.physicalLocation.artifactLocation.uri, "app.py");
    assert.match(result0.partialFingerprints["custodyFingerprint/v1"] ?? "", /^[0-9a-f]{32}$/);
    const lenient = await custody(dir, "scan", ".", "--format", "json", "--fail-on", "critical");
    assert.equal(lenient.status, 0);
  });

  it("never prints a detected secret in any format", async (t) => {
    const dir = await tempDir(t);
    // A GitHub token with a valid checksum, built here so no token-shaped literal sits in the sources.
    const body = "Zq7wR2kP9sX4vB8nM1cT6yH3jL5dF0";
    const secret = `ghp_${body}${base62Encode(crc32(body), 6)}`;
    await writeFile(join(dir, "config.js"), `export const password = "k9#Vq2!xLp7@Wm4$Rt8&Zn3";\nexport const token = "${secret}";\n`);
    for (const format of ["text", "json", "sarif", "markdown"]) {
      const result = await custody(dir, "scan", ".", "--format", format, "--fail-on", "none");
      assert.equal(result.status, 0);
      assert.match(result.stdout, /secrets\/github-token/, `${format} did not report the token`);
      assert.match(result.stdout, /secrets\/generic-secret-assignment/, `${format} did not report the password`);
      assert.ok(!result.stdout.includes("k9#Vq2!xLp7@Wm4$Rt8&Zn3"), `${format} leaked the password`);
      assert.ok(!result.stdout.includes(secret.slice(4)), `${format} leaked the token`);
    }
  });

  it("names a path that does not exist", async (t) => {
    const dir = await tempDir(t);
    const result = await custody(dir, "scan", "missing-dir");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^custody: missing-dir does not exist.*\[file-unreadable\]\n$/);
  });
});

describe("custody provenance", () => {
  it("lists each commit's attribution as JSON", async (t) => {
    const { repo, base, head } = await repoWithAiChange(t);
    const result = await custody(repo, "provenance", `${base}..${head}`, "--format", "json");
    assert.equal(result.status, 0, result.stderr);
    const out = JSON.parse(result.stdout) as { commits: { sha: string; subject: string; attribution: { contributor: string; tool?: string; model?: string } }[] };
    assert.deepEqual(out.commits.map((c) => [c.sha, c.subject, c.attribution.contributor, c.attribution.tool, c.attribution.model]), [
      [head, "Add login handler", "ai", "claude-code", "anthropic/claude-sonnet-4-5"],
    ]);
  });
});

describe("custody policy validate", () => {
  it("accepts a valid policy and refuses an invalid one with exit 2 and the line", async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, "good.yaml"), "version: 1\nrules:\n  - name: no-big-ai\n    if: \"ai.lines > 500\"\n    then: review\n");
    await writeFile(join(dir, "bad.yaml"), "version: 1\nrules:\n  - name: typo\n    if: \"ai.lnes > 1\"\n    then: block\n");
    const good = await custody(dir, "policy", "validate", "good.yaml");
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /good\.yaml: valid/);
    const bad = await custody(dir, "policy", "validate", "bad.yaml");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bad\.yaml:4:\d+: rules\[0\]\.if: .*lnes/);
  });
});

describe("custody demo", () => {
  it("builds the sample repository, blocks the AI change with reasons and writes verified reports", async (t) => {
    const dir = await tempDir(t);
    const result = await custody(dir, "demo", "--dir", join(dir, "demo"));
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Decision: BLOCKED/);
    assert.match(result.stdout, /critical-finding/);
    assert.match(result.stdout, /sast\/js-sql-injection/);
    assert.match(result.stdout, /secrets\/aws-access-key-id/);
    assert.match(result.stdout, /Ledger .*\(verified: 3 entries\)/);
  });
});
