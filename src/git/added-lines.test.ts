import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ALICE, BOB, tempRepo } from "../../test/helpers/git-repo.js";
import { readAddedLines } from "./added-lines.js";
import { commitFiles, runGit } from "./index.js";

void describe("readAddedLines", () => {
  void it("gives each commit's added line ranges in its own version of each file, oldest first", async (t) => {
    const repo = await tempRepo(t);
    const root = await commitFiles(repo, { message: "root", author: ALICE, files: { "a.txt": "1\n2\n3\n" } });
    // Added content that looks like patch headers must be counted past, not parsed.
    const tricky = await commitFiles(repo, {
      message: "tricky\n\nCo-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>\nReviewed-by: Bob <bob@example.com>",
      author: BOB,
      files: { "a.txt": "1\n++ b/evil\n@@ -1 +1,9 @@\n2\n3\nlast", "odd\nname é.txt": "x\n" },
    });
    const deletion = await commitFiles(repo, { message: "delete", author: ALICE, files: { "a.txt": "1\n2\n3\nlast" } });

    const log = await readAddedLines(repo, undefined, "HEAD");

    assert.equal(log.truncated, false);
    assert.deepEqual(
      log.commits.map((c) => [c.commit.sha, c.files.map((f) => [f.path, f.ranges.map((r) => [r.start, r.end])])]),
      [
        [root, [["a.txt", [[1, 3]]]]],
        [
          tricky,
          [
            ["a.txt", [[2, 3], [6, 6]]],
            ["odd\nname é.txt", [[1, 1]]],
          ],
        ],
        [deletion, [["a.txt", []]]],
      ],
    );
    const trailers = log.commits[1]?.commit.trailers;
    assert.deepEqual(trailers, [
      { key: "Co-Authored-By", value: "Claude Sonnet 4.5 <noreply@anthropic.com>" },
      { key: "Reviewed-by", value: "Bob <bob@example.com>" },
    ]);
    assert.deepEqual(log.commits[1]?.commit.author, BOB);
  });

  void it("counts a renamed file's new lines only, and reads a range and its commit limit", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "base", author: ALICE, files: { "old.txt": "a\nb\nc\nd\ne\n" } });
    await runGit(repo, ["mv", "old.txt", "new.txt"]);
    const renamed = await commitFiles(repo, { message: "rename", author: ALICE, files: { "new.txt": "a\nb\nc\nd\ne\nf\n" } });
    const next = await commitFiles(repo, { message: "more", author: ALICE, files: { "new.txt": "a\nb\nc\nd\ne\nf\ng\n" } });

    const log = await readAddedLines(repo, base, "HEAD");
    assert.deepEqual(
      log.commits.map((c) => [c.commit.sha, c.files.map((f) => [f.path, f.ranges])]),
      [
        [renamed, [["new.txt", [{ start: 6, end: 6 }]]]],
        [next, [["new.txt", [{ start: 7, end: 7 }]]]],
      ],
    );

    const limited = await readAddedLines(repo, undefined, "HEAD", { maxCommits: 2, maxBytes: 1024 * 1024 });
    assert.equal(limited.truncated, true);
    assert.deepEqual(limited.commits.map((c) => c.commit.sha), [renamed, next]);
  });
});
