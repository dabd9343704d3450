import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { ALICE, tempDir, tempRepo } from "../../../test/helpers/git-repo.js";
import { commitFiles, runGit } from "../../git/index.js";
import { installGitHooks } from "./install.js";
import { addAssistedByTrailers, assistedByValues } from "./trailer.js";
import { gitWithHooks, hookCommand, writePendingEdit } from "./test-support.js";

async function repoWithPending(t: Parameters<typeof tempRepo>[0]): Promise<string> {
  const repo = await tempRepo(t);
  await commitFiles(repo, { message: "base", author: ALICE, files: { "README.md": "demo\n" } });
  await writePendingEdit(repo, { id: "1", time: "2020-01-01T00:00:00Z", path: "a.js", after: "a\n", aiLines: [{ start: 1, end: 1 }], model: "anthropic/claude-sonnet-4" });
  await writePendingEdit(repo, { id: "2", time: "2020-01-01T00:00:01Z", path: "a.js", after: "a\n", aiLines: [{ start: 1, end: 1 }], model: "anthropic/claude-sonnet-4" });
  await writePendingEdit(repo, { id: "3", time: "2020-01-01T00:00:02Z", path: "b.js", after: "b\n", aiLines: [{ start: 1, end: 1 }], tool: "cursor" });
  await writePendingEdit(repo, { id: "4", time: "2020-01-01T00:00:03Z", path: "unstaged.js", after: "u\n", aiLines: [{ start: 1, end: 1 }], tool: "codex" });
  await writeFile(join(repo, "a.js"), "a\n");
  await writeFile(join(repo, "b.js"), "b\n");
  await writeFile(join(repo, "unstaged.js"), "u\n");
  await runGit(repo, ["add", "a.js", "b.js"]);
  return repo;
}

test("the commit-msg hook adds one Assisted-by trailer per tool and model when the repository asks", async (t) => {
  const repo = await repoWithPending(t);
  await installGitHooks(repo, { command: await hookCommand(await tempDir(t)) });
  await runGit(repo, ["config", "custody.trailer", "true"]);
  await gitWithHooks(repo, ["commit", "-q", "-m", "Add a and b\n\nAssisted-by: cursor"]);
  const message = await gitWithHooks(repo, ["log", "-1", "--format=%B"]);
  assert.equal(message.trim(), "Add a and b\n\nAssisted-by: cursor\nAssisted-by: claude-code:anthropic/claude-sonnet-4");
  assert.doesNotMatch(message, /Signed-off-by/);
});

test("without custody.trailer the message is left alone", async (t) => {
  const repo = await repoWithPending(t);
  assert.deepEqual(await assistedByValues(repo), ["claude-code:anthropic/claude-sonnet-4", "cursor"]);
  const file = join(await tempDir(t), "COMMIT_EDITMSG");
  await writeFile(file, "Add a and b\n");
  assert.deepEqual(await addAssistedByTrailers(repo, file), []);
  assert.equal(await readFile(file, "utf8"), "Add a and b\n");
  await runGit(repo, ["config", "custody.trailer", "false"]);
  assert.deepEqual(await addAssistedByTrailers(repo, file), []);
  assert.equal(await readFile(file, "utf8"), "Add a and b\n");
});
