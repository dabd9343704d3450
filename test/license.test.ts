// The license analyzer end to end through the CLI: a GPL corpus indexed with `custody license index`,
// then gates on changes that add a copyleft dependency and paste code from the corpus (both reported),
// and a permissive dependency with original code (nothing reported).
import assert from "node:assert/strict";
import { cp, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { fileURLToPath } from "node:url";
import { bufferIo } from "../src/cli/io.js";
import { run } from "../src/cli/run.js";
import { commitFiles } from "../src/git/index.js";
import { ALICE, tempDir, tempRepo } from "./helpers/git-repo.js";

const CORPUS = fileURLToPath(new URL("./fixtures/license-corpus/gplcorpus/", import.meta.url));

async function custody(cwd: string, cache: string, ...argv: string[]) {
  const io = bufferIo({ cwd, env: { USER: "tester", XDG_CACHE_HOME: cache } });
  const status = await run(argv, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

/** An npm v3 lockfile: name → [version, license]. */
function lockfile(packages: Record<string, [string, string]>): string {
  const entries = Object.fromEntries(
    Object.entries(packages).map(([name, [version, license]]) => [
      `node_modules/${name}`,
      { version, resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`, license },
    ]),
  );
  const root = { name: "shop", version: "1.0.0", dependencies: Object.fromEntries(Object.entries(packages).map(([n, [v]]) => [n, `^${v}`])) };
  return `${JSON.stringify({ name: "shop", version: "1.0.0", lockfileVersion: 3, requires: true, packages: { "": root, ...entries } }, null, 2)}\n`;
}

interface Finding {
  ruleId: string;
  analyzer: string;
  severity: string;
  message: string;
  evidence: string;
  location: { path: string; startLine: number; endLine: number };
}

interface GateJson {
  decision: { outcome: string; reasons: { ruleName: string }[] };
  findings: Finding[];
  licenses?: { policy: string; dependencies?: { checked: number; undetermined: number }; snippets?: { compared: number } };
}

const ORIGINAL_C = `#include <stdio.h>

/* Prints a greeting for each name on the command line. */
int main(int argc, char **argv)
{
\tfor (int i = 1; i < argc; i++)
\t\tprintf("hello, %s\\n", argv[i]);
\treturn 0;
}
`;

/** A corpus indexed into a fresh index file, and a repository whose base has one MIT dependency. */
async function setup(t: TestContext) {
  const cache = await tempDir(t, "custody-license-cache-");
  const corpus = join(await tempDir(t, "custody-license-corpus-"), "gplcorpus");
  await cp(CORPUS, corpus, { recursive: true });
  const index = join(cache, "snippets.db");
  const built = await custody(cache, cache, "license", "index", corpus, "--index", index, "--format", "json");
  assert.equal(built.status, 0, built.stderr);
  const repo = await tempRepo(t);
  const base = await commitFiles(repo, {
    message: "init",
    author: ALICE,
    files: { "package-lock.json": lockfile({ express: ["4.18.2", "MIT"] }), "src/main.c": ORIGINAL_C },
  });
  return { cache, corpus, index, repo, base, built: JSON.parse(built.stdout) as Record<string, unknown> };
}

void describe("license analyzer through the CLI", () => {
  void it("indexes a corpus incrementally, labelling files with the license of their header or tree", async (t) => {
    const { cache, corpus, index, built } = await setup(t);
    assert.equal(built.files, 2, "ringbuf.c and ringbuf.h; COPYING is read for the license, not indexed");
    assert.equal(built.added, 2);
    assert.ok(typeof built.fingerprints === "number" && built.fingerprints > 10);
    const again = await custody(cache, cache, "license", "index", corpus, "--index", index, "--format", "json");
    const second = JSON.parse(again.stdout) as Record<string, number>;
    assert.deepEqual([second.added, second.updated, second.unchanged, second.removed], [0, 0, 2, 0], "an unchanged tree is not indexed again");
    const text = await custody(cache, cache, "license", "index", corpus, "--index", index, "--format", "text");
    assert.match(text.stdout, /2 files \(0 added, 0 updated, 2 unchanged, 0 removed\)/);
    const bad = await custody(cache, cache, "license", "index", corpus, "--index", index, "--license", "Public Domain");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--license Public Domain: .*not an SPDX license expression.*\[usage\]/);
    const missing = await custody(cache, cache, "license", "index", join(cache, "nowhere"), "--index", index);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nowhere is not a directory that can be read.*\[file-unreadable\]/);
  });

  void it("reports a GPL dependency and code pasted from the indexed GPL corpus", async (t) => {
    const { cache, index, repo, base } = await setup(t);
    const source = (await readFile(join(CORPUS, "src/ringbuf.c"), "utf8")).split("\n");
    // Forty lines of the corpus file (its lines 21–60), its license header left behind, in a new file.
    const pasted = source.slice(20, 60);
    const head = await commitFiles(repo, {
      message: "Add a buffer and a tree library",
      author: ALICE,
      files: {
        "package-lock.json": lockfile({ express: ["4.18.2", "MIT"], "gpl-tree": ["2.1.0", "GPL-3.0"] }),
        "src/buffer.c": ["#include <stdlib.h>", "#include <string.h>", "", ...pasted, ""].join("\n"),
      },
    });
    const result = await custody(repo, cache, "gate", "--base", base, "--head", head, "--offline", "--format", "json", "--no-record", "--license-index", index);
    const out = JSON.parse(result.stdout) as GateJson;
    const licenseFindings = out.findings.filter((f) => f.analyzer === "license");
    assert.deepEqual(licenseFindings.map((f) => f.ruleId).sort(), ["license/denied-dependency-license", "license/snippet-match"], result.stdout);

    const dependency = licenseFindings.find((f) => f.ruleId === "license/denied-dependency-license");
    assert.ok(dependency);
    assert.equal(dependency.location.path, "package-lock.json");
    assert.equal(dependency.severity, "high");
    assert.match(dependency.message, /npm:gpl-tree@2\.1\.0 is licensed GPL-3\.0-only \(declared "GPL-3\.0"\)/);
    assert.match(dependency.message, /strong copyleft\) is denied by the default deny list .* entry "GPL-\*"/);

    const snippet = licenseFindings.find((f) => f.ruleId === "license/snippet-match");
    assert.ok(snippet);
    assert.equal(snippet.location.path, "src/buffer.c", snippet.message);
    assert.ok(snippet.location.startLine <= 6 && snippet.location.endLine >= 37, `matched span ${snippet.location.startLine}-${snippet.location.endLine}`);
    const [, from, to] = /match lines (\d+)–(\d+) of gplcorpus\/src\/ringbuf\.c \(GPL-3\.0-or-later, strong copyleft, stated in the file\)/.exec(snippet.message) ?? [];
    assert.ok(Number(from) <= 24 && Number(to) >= 54, `source span ${from ?? "?"}-${to ?? "?"}: ${snippet.message}`);
    // Winnowing may stop a few lines short of the copy's ends (up to K + W − 1 tokens): most of it, not all.
    const share = Number(/lines of the added snippet \((\d+)%\)/.exec(snippet.message)?.[1]);
    assert.ok(share >= 75 && share <= 100, snippet.message);
    assert.equal(snippet.severity, "high", snippet.message);

    // High findings route the change to a security review under the built-in rules.
    assert.ok(out.decision.reasons.some((r) => r.ruleName === "high-severity-finding"), JSON.stringify(out.decision));
    assert.equal(out.licenses?.policy, "default");
    assert.equal(out.licenses.dependencies?.checked, 1);

    // SARIF carries the license rules like any other.
    const sarif = await custody(repo, cache, "scan", "--diff", `${base}..${head}`, "--analyzers", "license", "--offline", "--format", "sarif", "--fail-on", "none", "--license-index", index);
    const [run0] = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string }[]; tool: { driver: { rules: { id: string }[] } } }[] }).runs;
    assert.ok(run0, sarif.stderr);
    assert.deepEqual(run0.results.map((r) => r.ruleId).sort(), ["license/denied-dependency-license", "license/snippet-match"]);
    assert.ok(run0.tool.driver.rules.some((r) => r.id === "license/snippet-match"));
  });

  void it("reports nothing for a permissive dependency and original code", async (t) => {
    const { cache, index, repo, base } = await setup(t);
    const head = await commitFiles(repo, {
      message: "Add a queue",
      author: ALICE,
      files: {
        "package-lock.json": lockfile({ express: ["4.18.2", "MIT"], "tiny-queue": ["1.0.2", "Apache-2.0 OR MIT"] }),
        "src/queue.c": `#include <stdlib.h>\n\nstruct node { int value; struct node *next; };\n\nstruct node *push(struct node *top, int value)\n{\n\tstruct node *n = malloc(sizeof *n);\n\tif (!n) return top;\n\tn->value = value;\n\tn->next = top;\n\treturn n;\n}\n`,
      },
    });
    const result = await custody(repo, cache, "gate", "--base", base, "--head", head, "--offline", "--format", "json", "--no-record", "--license-index", index);
    const out = JSON.parse(result.stdout) as GateJson;
    assert.deepEqual(out.findings.filter((f) => f.analyzer === "license"), []);
    assert.equal(out.licenses?.dependencies?.checked, 1);
    assert.equal(out.licenses.snippets?.compared, 2);
  });

  void it("follows the policy's licenses section: an exception, and a stricter allow list", async (t) => {
    const { cache, repo } = await setup(t);
    const policy = [
      "version: 1",
      "licenses:",
      "  allow: [MIT, ISC]",
      "  exceptions:",
      "    - package: npm:gpl-tree",
      "      reason: legal approved it for the admin tool (LEGAL-12)",
    ].join("\n");
    const base = await commitFiles(repo, { message: "policy", author: ALICE, files: { ".custody/policy.yaml": `${policy}\n` } });
    const head = await commitFiles(repo, {
      message: "Add deps",
      author: ALICE,
      files: { "package-lock.json": lockfile({ express: ["4.18.2", "MIT"], "gpl-tree": ["2.1.0", "GPL-3.0"], "bsd-thing": ["0.3.0", "BSD-3-Clause"] }) },
    });
    const result = await custody(repo, cache, "gate", "--base", base, "--head", head, "--offline", "--format", "json", "--no-record");
    const out = JSON.parse(result.stdout) as GateJson & { licenses: { dependencies: { excepted: { package: string; reason: string }[] } } };
    const denied = out.findings.filter((f) => f.ruleId === "license/denied-dependency-license");
    assert.deepEqual(denied.map((f) => f.evidence), ["npm:bsd-thing@0.3.0 BSD-3-Clause"]);
    assert.match(denied[0]?.message ?? "", /BSD-3-Clause is not in licenses\.allow/);
    assert.deepEqual(out.licenses.dependencies.excepted, [{ package: "npm:gpl-tree@2.1.0", license: "GPL-3.0-only", reason: "legal approved it for the admin tool (LEGAL-12)" }]);
    assert.equal(out.licenses.policy, "policy");
  });
});
