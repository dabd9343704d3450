import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ALICE, BOB, tempRepo } from "../../test/helpers/git-repo.js";
import { blame, blameRanges, commitFiles, runGit } from "./index.js";
import { parseBlameIncremental } from "./blame.js";

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
      { line: 1, commit: old, boundary: false, origPath: "f.ts", origLine: 1 },
      { line: 2, commit: recent, boundary: false, origPath: "f.ts", origLine: 2 },
      { line: 3, commit: old, boundary: false, origPath: "f.ts", origLine: 3 },
      { line: 4, commit: recent, boundary: false, origPath: "f.ts", origLine: 4 },
      { line: 5, commit: recent, boundary: false, origPath: "f.ts", origLine: 5 },
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

    const lines = await blame(repo, "main", "café/new\nline.ts");
    assert.deepEqual(
      lines.map((line) => [line.commit, line.origPath]),
      [
        [sha, "café/new\nline.ts"],
        [sha, "café/new\nline.ts"],
      ],
    );
  });

  void it("maps each line to its path and line number in the commit that wrote it after lines move", async (t) => {
    const repo = await tempRepo(t);
    const first = await commitFiles(repo, { message: "first", author: ALICE, files: { "old.ts": "a\nb\nc\n" } });
    // Two lines are inserted above the original ones, then the file is renamed.
    const second = await commitFiles(repo, { message: "second", author: BOB, files: { "old.ts": "x\ny\na\nb\nc\n" } });
    await runGit(repo, ["mv", "old.ts", "new.ts"]);
    await commitFiles(repo, { message: "rename", author: BOB, files: {} });

    assert.deepEqual(
      (await blame(repo, "HEAD", "new.ts")).map((l) => [l.line, l.commit, l.origPath, l.origLine]),
      [
        [1, second, "old.ts", 1],
        [2, second, "old.ts", 2],
        [3, first, "old.ts", 1],
        [4, first, "old.ts", 2],
        [5, first, "old.ts", 3],
      ],
    );
    assert.deepEqual(
      (await blameRanges(repo, "HEAD", "new.ts")).map((r) => [r.start, r.count, r.origStart]),
      [
        [1, 2, 1],
        [3, 3, 1],
      ],
    );
  });

  void it("remembers a boundary mark given only with a commit's first record", () => {
    const sha = "a".repeat(40);
    const output = Buffer.from(
      [`${sha} 1 1 1`, "summary s", "boundary", "filename f.ts", `${sha} 3 5 2`, "filename f.ts", ""].join("\n"),
    );
    assert.deepEqual(
      parseBlameIncremental(output).map((r) => [r.start, r.count, r.boundary]),
      [
        [1, 1, true],
        [5, 2, true],
      ],
    );
  });
});
