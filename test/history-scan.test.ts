// `custody scan --history`: secrets that were committed and later removed are still in every clone.
import assert from "node:assert/strict";
import { crc32 } from "node:zlib";
import { describe, it, type TestContext } from "node:test";
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

// Built here so that no token-shaped literal sits in the sources.
const body = "Hq3vT8wZ1mR6kP2sX9cB4nL7yF0dJ5";
const TOKEN = `ghp_${body}${base62Encode(crc32(body), 6)}`;

interface HistoryJson {
  findings: { ruleId: string; location: { path: string; startLine: number }; commit?: string; evidence: string }[];
  scannedFiles: number;
}

/** Commit 1 adds a token, commit 2 edits the file around it, commit 3 removes it, commit 4 deletes the file. */
async function leakyHistory(t: TestContext) {
  const repo = await tempRepo(t);
  const added = await commitFiles(repo, {
    message: "Add deploy script",
    author: ALICE,
    files: { "deploy.js": `const token = "${TOKEN}";\nmodule.exports = { token };\n`, "README.md": "# app\n" },
  });
  const edited = await commitFiles(repo, {
    message: "Log deployments",
    author: ALICE,
    files: { "deploy.js": `// deploys the app\nconst token = "${TOKEN}";\nmodule.exports = { token };\nconsole.log("deploying");\n` },
  });
  const removed = await commitFiles(repo, {
    message: "Read the token from the environment",
    author: ALICE,
    files: { "deploy.js": "const token = process.env.GH_TOKEN;\nmodule.exports = { token };\n" },
  });
  await commitFiles(repo, { message: "Drop the deploy script", author: ALICE, files: { "deploy.js": null } });
  return { repo, added, edited, removed };
}

void describe("custody scan --history", () => {
  void it("reports a secret that later commits removed, once, with the commit that added it", async (t) => {
    const { repo, added } = await leakyHistory(t);
    const clean = await custody(repo, "scan", "--format", "json");
    assert.equal((JSON.parse(clean.stdout) as HistoryJson).findings.length, 0, "the working tree no longer holds the token");
    const result = await custody(repo, "scan", "--history", "--format", "json");
    assert.equal(result.status, 1, result.stderr);
    const out = JSON.parse(result.stdout) as HistoryJson;
    assert.deepEqual(
      out.findings.map((f) => [f.ruleId, f.location.path, f.location.startLine, f.commit]),
      [["secrets/github-token", "deploy.js", 1, added]],
    );
    // Four distinct blobs: README, and three versions of deploy.js.
    assert.equal(out.scannedFiles, 4);
    assert.ok(!result.stdout.includes(TOKEN.slice(4)), "the token must be masked");
    const text = await custody(repo, "scan", "--history", "--format", "text");
    assert.match(text.stdout, new RegExp(`deploy\\.js:1:16 +critical secrets/github-token \\(added in ${added.slice(0, 7)}`));
  });

  void it("limits the scan to a range of commits", async (t) => {
    const { repo, edited, removed } = await leakyHistory(t);
    const after = await custody(repo, "scan", "--history", `${removed}..HEAD`, "--format", "json");
    assert.equal(after.status, 0, after.stderr);
    assert.deepEqual((JSON.parse(after.stdout) as HistoryJson).findings, []);
    const middle = await custody(repo, "scan", "--history", `${edited}~1..${edited}`, "--format", "json");
    assert.deepEqual(
      (JSON.parse(middle.stdout) as HistoryJson).findings.map((f) => [f.location.path, f.location.startLine, f.commit]),
      [["deploy.js", 2, edited]],
    );
  });

  void it("refuses a range that could be read as an option, and paths given with it", async (t) => {
    const { repo } = await leakyHistory(t);
    const option = await custody(repo, "scan", "--history=--output=/tmp/x");
    assert.equal(option.status, 2);
    assert.match(option.stderr, /is not a revision range/);
    const both = await custody(repo, "scan", "src", "--history");
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--history scans commits, not paths/);
  });
});
