// The dependency stage end to end: an OSV export imported offline, and a gate that reports the
// vulnerable and malicious packages a change adds — and not those the base already had.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { bufferIo } from "../src/cli/io.js";
import { run } from "../src/cli/run.js";
import { commitFiles } from "../src/git/index.js";
import { ALICE, tempDir, tempRepo } from "./helpers/git-repo.js";

const OSV_RECORDS = fileURLToPath(new URL("../src/analyzers/deps/osv/fixtures/records/", import.meta.url));

// The registry cache lives under XDG_CACHE_HOME: a temporary one, not the home directory's.
const CACHE = mkdtempSync(join(tmpdir(), "custody-deps-cache-"));
after(() => {
  rmSync(CACHE, { recursive: true, force: true });
});

async function custody(cwd: string, ...argv: string[]) {
  const io = bufferIo({ cwd, env: { USER: "tester", XDG_CACHE_HOME: CACHE } });
  const status = await run(argv, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

function lockfile(packages: Record<string, string>): string {
  const entries = Object.fromEntries(
    Object.entries(packages).map(([name, version]) => [`node_modules/${name}`, { version, resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz` }]),
  );
  const root = { name: "shop", version: "1.0.0", dependencies: Object.fromEntries(Object.entries(packages).map(([n, v]) => [n, `^${v}`])) };
  return `${JSON.stringify({ name: "shop", version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": root, ...entries } }, null, 2)}\n`;
}

interface GateJson {
  decision: { outcome: string; reasons: { ruleName: string; evidence: string[] }[] };
  findings: { ruleId: string; severity: string; location: { path: string; startLine: number }; message: string }[];
  dependencies: { checked: number; advisories: boolean; facts: { added: string[]; malicious: string[] } };
}

void describe("dependencies in a gate", () => {
  void it("imports OSV records offline and reports what the change adds: a vulnerable version and a malicious package", async (t) => {
    const cache = await tempDir(t);
    const db = join(cache, "osv.db");
    const imported = await custody(cache, "db", "import", OSV_RECORDS, "--osv-db", db, "--format", "json");
    assert.equal(imported.status, 0, imported.stderr);
    assert.equal((JSON.parse(imported.stdout) as { invalid: number; inserted: number }).invalid, 1);
    const again = await custody(cache, "db", "import", OSV_RECORDS, "--osv-db", db, "--format", "json");
    assert.equal((JSON.parse(again.stdout) as { inserted: number }).inserted, 0, "a second import adds nothing");

    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "init", author: ALICE, files: { "package-lock.json": lockfile({ express: "4.18.2", lodash: "4.17.20" }) } });
    const head = await commitFiles(repo, {
      message: "Add helpers",
      author: ALICE,
      files: { "package-lock.json": lockfile({ express: "4.18.2", lodash: "4.17.20", "colors-helper-utils": "1.0.1", minimist: "1.2.8", loadsh: "4.17.21" }) },
    });
    // Offline: the registries are not asked, and the run says so.
    const result = await custody(repo, "gate", "--base", base, "--head", head, "--osv-db", db, "--offline", "--format", "json", "--no-record");
    assert.match(result.stderr, /package name\(s\) could not be checked against their registries \(.*offline/);
    const out = JSON.parse(result.stdout) as GateJson;
    // lodash 4.17.20 is vulnerable, but the base already had it: only what the change adds is judged.
    assert.deepEqual(out.dependencies.facts.added.sort(), ["npm:colors-helper-utils@1.0.1", "npm:loadsh@4.17.21", "npm:minimist@1.2.8"]);
    assert.deepEqual(out.dependencies.facts.malicious, ["npm:colors-helper-utils@1.0.1"]);
    const malicious = out.findings.find((f) => f.ruleId === "deps/malicious-package");
    assert.ok(malicious, result.stdout);
    assert.equal(malicious.severity, "critical");
    assert.equal(malicious.location.path, "package-lock.json");
    assert.match(malicious.message, /MAL-2024-9001/);
    assert.ok(!out.findings.some((f) => f.ruleId === "deps/known-vulnerability"));
    const typosquat = out.findings.find((f) => f.ruleId === "deps/typosquat");
    assert.ok(typosquat, result.stdout);
    assert.match(typosquat.message, /"loadsh" imitates the popular package "lodash"/);
    assert.equal(out.decision.outcome, "block");
    const risky = out.decision.reasons.find((r) => r.ruleName === "risky-dependency");
    assert.deepEqual(risky?.evidence, ["npm:colors-helper-utils@1.0.1", "npm:loadsh@4.17.21"]);

    const scan = await custody(repo, "scan", "--analyzers", "deps", "--osv-db", db, "--offline", "--format", "json", "--fail-on", "none");
    const vulnerable = (JSON.parse(scan.stdout) as GateJson).findings.find((f) => f.ruleId === "deps/known-vulnerability");
    assert.ok(vulnerable, "a whole-tree scan judges every dependency");
    assert.match(vulnerable.message, /lodash@4\.17\.20 is affected by GHSA-35jh-r3h4-6jhm \(CVE-2021-23337\).*Upgrade to 4\.17\.21/);
  });

  void it("says when dependencies could not be checked, and names a broken lockfile", async (t) => {
    const dir = await tempDir(t);
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dir, "package-lock.json"), lockfile({ lodash: "4.17.20" }));
    await writeFile(join(dir, "poetry.lock"), "[[package]]\nname = \"requests\"\nversion = \n");
    const result = await custody(dir, "scan", "--analyzers", "deps", "--osv-db", join(dir, "missing.db"), "--offline", "--format", "json");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /not checked for known vulnerabilities: no advisory database at .*missing\.db/);
    assert.match(result.stderr, /warning: deps failed on poetry\.lock: poetry\.lock:3/);
  });
});
