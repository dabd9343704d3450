import assert from "node:assert/strict";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ALICE, BOB, tempRepo } from "../../test/helpers/git-repo.js";
import { commitFiles, listTree, readCommits, runGit } from "./index.js";

void describe("commitFiles", () => {
  void it("commits exactly the given files, message, people and date on the current branch", async (t) => {
    const repo = await tempRepo(t);
    const first = await commitFiles(repo, {
      message: "# not a comment\n\n  indented body  ",
      author: ALICE,
      committer: BOB,
      date: "2030-05-06T07:08:09.000Z",
      files: { "a.txt": "a\n", "dir/b.txt": "b\n" },
    });
    const second = await commitFiles(repo, { message: "delete", author: ALICE, files: { "a.txt": null } });

    assert.equal((await runGit(repo, ["rev-parse", "main"])).toString().trim(), second);
    assert.deepEqual(
      (await listTree(repo, first)).map((entry) => entry.path),
      ["a.txt", "dir/b.txt"],
    );
    assert.deepEqual(
      (await listTree(repo, second)).map((entry) => entry.path),
      ["dir/b.txt"],
    );
    await assert.rejects(stat(join(repo, "a.txt")), { code: "ENOENT" });
    assert.equal(await readFile(join(repo, "dir", "b.txt"), "utf8"), "b\n");
    const [commit] = await readCommits(repo, undefined, first);
    assert.ok(commit);
    assert.equal(commit.subject, "# not a comment");
    assert.equal(commit.body, "  indented body  ");
    assert.equal(commit.authorTime, "2030-05-06T07:08:09.000Z");
    assert.deepEqual([commit.author, commit.committer], [ALICE, BOB]);
    assert.equal((await runGit(repo, ["status", "--porcelain"])).toString(), "");
  });

  void it("gives the same commit id for the same spec", async (t) => {
    const spec = { message: "same", author: ALICE, date: "2024-01-01T00:00:00Z", files: { "a.txt": "a\n" } };
    const one = await commitFiles(await tempRepo(t, "one"), spec);
    const two = await commitFiles(await tempRepo(t, "two"), spec);

    assert.equal(one, two);
  });

  void it("refuses paths that leave the repository and dates that are not dates", async (t) => {
    const repo = await tempRepo(t);

    for (const path of ["../escape.txt", "/abs.txt", "a/../../b", ".git/config", ""]) {
      await assert.rejects(commitFiles(repo, { message: "x", author: ALICE, files: { [path]: "x" } }), { code: "usage" }, path);
    }
    await assert.rejects(commitFiles(repo, { message: "x", author: ALICE, date: "yesterday", files: {} }), {
      code: "usage",
      message: /yesterday/,
    });
  });
});
