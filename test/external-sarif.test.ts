// Other tools' findings through `custody scan` and `custody gate`: imported SARIF files and a local Semgrep.
import assert from "node:assert/strict";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { bufferIo } from "../src/cli/io.js";
import { run } from "../src/cli/run.js";
import { commitFiles } from "../src/git/index.js";
import { ALICE, tempDir, tempRepo } from "./helpers/git-repo.js";

async function custody(cwd: string, env: Record<string, string>, ...argv: string[]) {
  const io = bufferIo({ cwd, now: () => new Date("2026-11-21T10:00:00Z"), env: { USER: "tester", ...env } });
  const status = await run(argv, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

interface Out {
  findings: { ruleId: string; analyzer: string; severity: string; cwe: string[]; location: { path: string; startLine: number } }[];
  imported: { source: string; tools: string[]; results: number }[];
  decision?: { outcome: string; reasons: { ruleName: string; evidence: string[] }[] };
}

function sarif(tool: string, results: { rule: string; path: string; line: number; score?: string }[]): string {
  const rules = [...new Set(results.map((r) => r.rule))].map((id) => ({
    id,
    properties: { tags: ["security", "external/cwe/cwe-79"], ...(results.find((r) => r.rule === id)?.score ? { "security-severity": results.find((r) => r.rule === id)?.score } : {}) },
  }));
  return JSON.stringify({
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: tool, rules } },
        results: results.map((r) => ({
          ruleId: r.rule,
          level: "warning",
          message: { text: `${r.rule} here` },
          locations: [{ physicalLocation: { artifactLocation: { uri: r.path, uriBaseId: "%SRCROOT%" }, region: { startLine: r.line } } }],
        })),
      },
    ],
  });
}

const SOURCE = "export function a(x) {\n  return x;\n}\n";

describe("--import-sarif", () => {
  it("reports another tool's results as external/<tool>/<rule> findings that count for --fail-on", async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, "a.js"), SOURCE);
    await writeFile(join(dir, "codeql.sarif"), sarif("CodeQL", [{ rule: "js/xss", path: "a.js", line: 2, score: "7.5" }]));
    const result = await custody(dir, {}, "scan", ".", "--format", "json", "--import-sarif", "codeql.sarif");
    assert.equal(result.status, 1, result.stderr);
    const out = JSON.parse(result.stdout) as Out;
    assert.deepEqual(
      out.findings.map((f) => [f.ruleId, f.analyzer, f.severity, f.cwe, f.location.path, f.location.startLine]),
      [["external/codeql/js/xss", "external", "high", ["CWE-79"], "a.js", 2]],
    );
    assert.deepEqual(out.imported, [{ source: "codeql.sarif", tools: ["codeql"], results: 1, unplaced: 0 }]);
  });

  it("refuses a malformed SARIF file with exit 2 naming the file and the JSON path", async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, "a.js"), SOURCE);
    await writeFile(join(dir, "bad.sarif"), JSON.stringify({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }] }));
    const result = await custody(dir, {}, "scan", ".", "--import-sarif", "bad.sarif");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^custody: bad\.sarif: not SARIF 2\.1\.0 at \$\.runs\[0\]\.results\[0\]\.locations\[0\]\.physicalLocation\.region\.startLine: .*\[sarif-invalid\]\n$/);
  });

  it("in a gate keeps only results on lines the change adds, and they take part in the decision", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "init", author: ALICE, files: { "src/a.js": SOURCE } });
    const head = await commitFiles(repo, { message: "more", author: ALICE, files: { "src/a.js": `${SOURCE}export const b = 2;\n` } });
    const results = [
      { rule: "js/old", path: "src/a.js", line: 2, score: "9.8" },
      { rule: "js/new", path: "src/a.js", line: 4, score: "9.8" },
      { rule: "js/elsewhere", path: "src/other.js", line: 1, score: "9.8" },
    ];
    await writeFile(join(repo, "..", "scan.sarif"), sarif("Snyk Code", results));
    const result = await custody(repo, {}, "gate", "--base", base, "--head", head, "--format", "json", "--no-record", "--import-sarif", "../scan.sarif");
    const out = JSON.parse(result.stdout) as Out;
    assert.deepEqual(out.findings.map((f) => [f.ruleId, f.severity, f.location.startLine]), [["external/snyk-code/js/new", "critical", 4]]);
    assert.equal(out.decision?.outcome, "block");
    assert.ok(out.decision.reasons.some((r) => r.evidence.some((e) => e.includes("external/snyk-code/js/new"))), JSON.stringify(out.decision));
    assert.equal(result.status, 1);
  });
});

/** A stand-in `semgrep` on a private PATH: checks it was given the rules and targets, prints fixed SARIF. */
async function fakeSemgrep(t: TestContext, output: string, requireFile: string): Promise<{ bin: string; argsFile: string }> {
  const bin = await tempDir(t, "custody-fake-bin-");
  const argsFile = join(bin, "args.txt");
  const script = `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\ntest -f '${requireFile}' || { echo "no ${requireFile} in $(pwd)" >&2; exit 7; }\ncat <<'JSON'\n${output}\nJSON\n`;
  await writeFile(join(bin, "semgrep"), script);
  await chmod(join(bin, "semgrep"), 0o755);
  return { bin, argsFile };
}

describe("--semgrep-config", () => {
  it("runs the installed semgrep with local rules, metrics off, and imports its SARIF", async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, "a.js"), SOURCE);
    await mkdir(join(dir, "rules"));
    await writeFile(join(dir, "rules", "eval.yml"), "rules: []\n");
    const fake = await fakeSemgrep(t, sarif("Semgrep OSS", [{ rule: "rules.eval-use", path: "a.js", line: 2 }]), "a.js");
    const result = await custody(dir, { PATH: fake.bin }, "scan", ".", "--format", "json", "--fail-on", "none", "--semgrep-config", "rules");
    assert.equal(result.status, 0, result.stderr);
    const out = JSON.parse(result.stdout) as Out;
    assert.deepEqual(out.findings.map((f) => [f.ruleId, f.severity]), [["external/semgrep-oss/rules.eval-use", "medium"]]);
    const args = (await readFile(fake.argsFile, "utf8")).split("\n");
    assert.deepEqual(args.slice(0, 3), ["--sarif", "--config", join(dir, "rules")]);
    assert.ok(args.includes("--metrics=off"));
  });

  it("in a gate runs semgrep on the head version of the changed files", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "init", author: ALICE, files: { "README.md": "x\n" } });
    const head = await commitFiles(repo, { message: "add", author: ALICE, files: { "src/a.js": SOURCE } });
    await writeFile(join(repo, "..", "rules.yml"), "rules: []\n");
    const fake = await fakeSemgrep(t, sarif("semgrep", [{ rule: "x", path: "src/a.js", line: 2 }]), "src/a.js");
    const result = await custody(repo, { PATH: fake.bin }, "gate", "--base", base, "--head", head, "--format", "json", "--no-record", "--semgrep-config", "../rules.yml");
    const out = JSON.parse(result.stdout) as Out;
    assert.deepEqual(out.findings.map((f) => f.ruleId), ["external/semgrep/x"], result.stderr);
  });

  it("fails with exit 2 and a clear message when semgrep is absent or the rules would come from the network", async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, "rules.yml"), "rules: []\n");
    const absent = await custody(dir, { PATH: dir }, "scan", ".", "--semgrep-config", "rules.yml");
    assert.equal(absent.status, 2);
    assert.match(absent.stderr, /needs the semgrep executable, and none is on PATH.*\[semgrep-unavailable\]\n$/);
    const remote = await custody(dir, { PATH: dir }, "scan", ".", "--semgrep-config", "p/default");
    assert.equal(remote.status, 2);
    assert.match(remote.stderr, /only a local rules file or directory.*\[usage\]\n$/);
  });
});

describe("custody rules test", () => {
  it("runs an analyzer's fixtures and says it is clean", async () => {
    const result = await custody(process.cwd(), {}, "rules", "test", "--analyzer", "secrets", "--format", "text");
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /^secrets: \d+ fixture\(s\), \d+ annotation\(s\), ok\n$/);
  });

  it("names the analyzers when given an unknown one", async () => {
    const result = await custody(process.cwd(), {}, "rules", "test", "--analyzer", "nope");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown analyzer 'nope'; available: .*sast/);
  });
});
