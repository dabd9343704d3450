import assert from "node:assert/strict";
import { chmod, mkdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { TestContext } from "node:test";
import { ALICE, tempDir, tempRepo } from "../../test/helpers/git-repo.js";
import { collectChange, commitFiles, gitDir, runGit } from "./index.js";

/** A script that leaves a marker file when something runs it. */
async function trap(t: TestContext): Promise<{ script: string; fired: () => Promise<boolean> }> {
  const dir = await tempDir(t, "custody-trap-");
  const marker = join(dir, "fired");
  const script = join(dir, "trap.sh");
  await writeFile(script, `#!/bin/sh\ntouch '${marker}'\n`);
  await chmod(script, 0o755);
  return {
    script,
    fired: () =>
      stat(marker).then(
        () => true,
        () => false,
      ),
  };
}

void describe("runGit", () => {
  void it("returns standard output and passes standard input", async (t) => {
    const repo = await tempRepo(t);

    const sha = (await runGit(repo, ["hash-object", "--stdin"], { input: "hello\n" })).toString().trim();

    assert.equal(sha, "ce013625030ba8dba906f756967f9e9ca394464a");
  });

  void it("fails with git's first stderr line unless the exit code is allowed", async (t) => {
    const repo = await tempRepo(t);

    await assert.rejects(runGit(repo, ["cat-file", "-t", "0000000000000000000000000000000000000001"]), {
      code: "git-failed",
      message: /^git cat-file failed in .* \(exit 128\): fatal: /,
    });
    const unset = await runGit(repo, ["config", "--get", "custody.nothing"], { allowExitCodes: [1] });
    assert.equal(unset.length, 0);
  });

  void it("stops git and fails when the output is larger than maxBytes", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "big", author: ALICE, files: { "big.txt": "y\n".repeat(100_000) } });

    await assert.rejects(runGit(repo, ["cat-file", "-p", "HEAD:big.txt"], { maxBytes: 1000 }), {
      code: "input-too-large",
      message: /more than 1000 bytes/,
    });
  });

  void it("does not start the fsmonitor, hooks, external diff or textconv programs a repository configures", async (t) => {
    const repo = await tempRepo(t);
    const { script, fired } = await trap(t);
    await commitFiles(repo, {
      message: "one",
      author: ALICE,
      files: { "a.txt": "a\n", ".gitattributes": "*.txt diff=trap\n" },
    });
    const hooks = join(await gitDir(repo), "hooks");
    await mkdir(hooks, { recursive: true });
    await writeFile(join(hooks, "pre-commit"), `#!/bin/sh\nexec '${script}'\n`);
    await chmod(join(hooks, "pre-commit"), 0o755);
    for (const [key, value] of [
      ["core.fsmonitor", script],
      ["diff.external", script],
      ["diff.trap.textconv", script],
    ]) {
      await runGit(repo, ["config", key ?? "", value ?? ""]);
    }
    await writeFile(join(repo, "a.txt"), "changed\n");

    await runGit(repo, ["status", "--porcelain"]);
    const diff = (await runGit(repo, ["diff"])).toString();
    await runGit(repo, ["log", "-p"]);
    await runGit(repo, ["commit", "-q", "-a", "-m", "two"]);
    await collectChange(repo, "HEAD~1", "HEAD");

    assert.match(diff, /^\+changed$/m);
    assert.equal(await fired(), false);
  });

  void it("ignores GIT_DIR and GIT_INDEX_FILE inherited from a hook", async (t) => {
    const repo = await tempRepo(t);
    const other = await tempRepo(t, "other");
    const saved = { dir: process.env.GIT_DIR, index: process.env.GIT_INDEX_FILE };
    t.after(() => {
      restore("GIT_DIR", saved.dir);
      restore("GIT_INDEX_FILE", saved.index);
    });
    process.env.GIT_DIR = await gitDir(other);
    process.env.GIT_INDEX_FILE = join(other, "elsewhere-index");

    assert.match(await gitDir(repo), /\/repo\/\.git$/);
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) Reflect.deleteProperty(process.env, name);
  else process.env[name] = value;
}
