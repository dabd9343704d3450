import assert from "node:assert/strict";
import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { ALICE, tempDir, tempRepo } from "../../../test/helpers/git-repo.js";
import { commitFiles, gitDir, runGit } from "../../git/index.js";
import { CHAINED_SUFFIX, HOOK_MARKER, installGitHooks } from "./install.js";
import { gitWithHooks, hookCommand } from "./test-support.js";

async function config(repo: string, key: string): Promise<string> {
  return (await runGit(repo, ["config", "--get", key])).toString("utf8").trim();
}

test("installing twice keeps the user's own hook, runs it first and configures note rewriting", async (t) => {
  const repo = await tempRepo(t);
  await commitFiles(repo, { message: "base", author: ALICE, files: { "README.md": "demo\n" } });
  const hooks = join(await gitDir(repo), "hooks");
  const log = join(await tempDir(t), "user-hook.log");
  await writeFile(join(hooks, "commit-msg"), `#!/bin/sh\necho "user hook $1" >> "${log}"\n`);
  await chmod(join(hooks, "commit-msg"), 0o755);
  const command = await hookCommand(await tempDir(t));

  const first = await installGitHooks(repo, { command });
  const installed = await readFile(join(hooks, "commit-msg"), "utf8");
  const second = await installGitHooks(repo, { command });
  assert.deepEqual(first.chained, ["commit-msg"]);
  assert.deepEqual(second.chained, ["commit-msg"]);
  assert.equal(await readFile(join(hooks, "commit-msg"), "utf8"), installed);
  assert.match(installed, new RegExp(HOOK_MARKER));
  assert.match(await readFile(join(hooks, `commit-msg${CHAINED_SUFFIX}`), "utf8"), /user hook/);
  for (const hook of ["post-commit", "post-rewrite"]) assert.ok(((await stat(join(hooks, hook))).mode & 0o111) !== 0);

  assert.equal(await config(repo, "notes.rewriteRef"), "refs/notes/custody");
  assert.equal(await config(repo, "notes.rewrite.amend"), "true");
  assert.equal(await config(repo, "notes.rewrite.rebase"), "true");
  assert.equal(await config(repo, "notes.rewriteMode"), "ignore");

  await writeFile(join(repo, "a.txt"), "a\n");
  await gitWithHooks(repo, ["add", "a.txt"]);
  await gitWithHooks(repo, ["commit", "-q", "-m", "with hooks"]);
  assert.match(await readFile(log, "utf8"), /^user hook .+COMMIT_EDITMSG\n$/);
});

test("a user's hook that fails still stops the commit", async (t) => {
  const repo = await tempRepo(t);
  await commitFiles(repo, { message: "base", author: ALICE, files: { "README.md": "demo\n" } });
  const hooks = join(await gitDir(repo), "hooks");
  await writeFile(join(hooks, "commit-msg"), "#!/bin/sh\necho rejected >&2\nexit 1\n");
  await chmod(join(hooks, "commit-msg"), 0o755);
  await installGitHooks(repo, { command: "false" });
  await writeFile(join(repo, "a.txt"), "a\n");
  await gitWithHooks(repo, ["add", "a.txt"]);
  await assert.rejects(gitWithHooks(repo, ["commit", "-q", "-m", "refused"]), /rejected/);
});

test("a hook command on several lines is refused", async (t) => {
  const repo = await tempRepo(t);
  await assert.rejects(installGitHooks(repo, { command: "custody\nrm -rf ~" }), /must be one line/);
});
