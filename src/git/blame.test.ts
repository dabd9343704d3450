import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ALICE, BOB, tempRepo } from "../../test/helpers/git-repo.js";
import { blame, commitFiles } from "./index.js";

void describe("blame", () => {
  void it("gives each line its commit, and marks lines older than `since` as boundary", async (t) => {
    const repo = await tempRepo(t);
    const old = await commitFiles(repo, { message: "old", author: ALICE, files: { "f.ts": "one\ntwo\nthree\n" } });
    const recent = await commitFiles(repo, {
      message: "recent",
      author: BOB,
      files: { "f.ts": "one\nTWO\nthree\nfour\nfive\n", "other.ts": "x\n" },
    });

    assert.deepEqual(await blame(repo, "HEAD", "f.ts"), [
      { line: 1, commit: old, boundary: false },
      { line: 2, commit: recent, boundary: false },
      { line: 3, commit: old, boundary: false },
      { line: 4, commit: recent, boundary: false },
      { line: 5, commit: recent, boundary: false },
    ]);
    assert.deepEqual(
      (await blame(repo, "HEAD", "f.ts", old)).map((line) => [line.line, line.boundary]),
      [
        [1, true],
        [2, false],
        [3, true],
        [4, false],
        [5, false],
      ],
    );
  });

  void it("blames a path with a newline and Unicode in its name", async (t) => {
    const repo = await tempRepo(t);
    const sha = await commitFiles(repo, { message: "odd", author: ALICE, files: { "café/new\nline.ts": "a\nb\n" } });

    assert.deepEqual(
      (await blame(repo, "main", "café/new\nline.ts")).map((line) => line.commit),
      [sha, sha],
    );
  });
});
