import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import type { ChangedFile } from "../core/types.js";
import { ALICE, BOB, addSubmodule, tempRepo } from "../../test/helpers/git-repo.js";
import { collectChange, commitFiles, runGit, treeOf } from "./index.js";

function lines(...items: string[]): string {
  return items.map((item) => `${item}\n`).join("");
}

function numbered(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} line ${i + 1} with enough text to be recognised`);
}

function byPath(files: ChangedFile[], path: string): ChangedFile {
  const file = files.find((candidate) => candidate.path === path);
  assert.ok(file, `expected ${JSON.stringify(path)} among ${JSON.stringify(files.map((f) => f.path))}`);
  return file;
}

void describe("collectChange", () => {
  void it("lists added, modified, deleted and renamed files with the exact added line ranges", async (t) => {
    const repo = await tempRepo(t);
    const a = numbered("a", 10);
    const base = await commitFiles(repo, {
      message: "base",
      author: ALICE,
      date: "2024-01-01T00:00:00Z",
      files: { "src/a.ts": lines(...a), "old.txt": lines(...numbered("old", 5)), "gone.txt": "bye\n" },
    });
    await commitFiles(repo, {
      message: "head 1",
      author: ALICE,
      date: "2024-01-02T00:00:00Z",
      files: { "new.ts": lines("one", "two", "three"), "gone.txt": null },
    });
    const headA = [...a.slice(0, 2), "changed three", ...a.slice(3, 7), "inserted 1", "inserted 2", ...a.slice(7)];
    const head = await commitFiles(repo, {
      message: "head 2",
      author: BOB,
      date: "2024-01-03T00:00:00Z",
      files: {
        "src/a.ts": lines(...headA),
        "old.txt": null,
        "moved.txt": lines(...numbered("old", 5), "appended"),
      },
    });

    const change = await collectChange(repo, base, head);

    assert.deepEqual(
      change.files.map((file) => [file.path, file.status]),
      [
        ["gone.txt", "deleted"],
        ["moved.txt", "renamed"],
        ["new.ts", "added"],
        ["src/a.ts", "modified"],
      ],
    );
    const modified = byPath(change.files, "src/a.ts");
    assert.deepEqual(modified.hunks, [{ added: { start: 3, end: 3 } }, { added: { start: 8, end: 9 } }]);
    assert.equal(modified.addedLines, 3);
    assert.equal(modified.deletedLines, 1);
    assert.deepEqual(byPath(change.files, "new.ts").hunks, [{ added: { start: 1, end: 3 } }]);
    const renamed = byPath(change.files, "moved.txt");
    assert.equal(renamed.oldPath, "old.txt");
    assert.deepEqual(renamed.hunks, [{ added: { start: 6, end: 6 } }]);
    const deleted = byPath(change.files, "gone.txt");
    assert.deepEqual([deleted.hunks, deleted.addedLines, deleted.deletedLines], [[], 0, 1]);

    assert.equal(change.base, base);
    assert.equal(change.head, head);
    assert.equal(change.headTree, await treeOf(repo, head));
    assert.equal(change.repo, "repo");
    const expectedId = createHash("sha256").update(`repo\n${base}\n${change.headTree}`).digest("hex");
    assert.equal(change.id, expectedId);
    assert.deepEqual(change.author, BOB);
    assert.deepEqual(
      change.commits.map((commit) => commit.subject),
      ["head 1", "head 2"],
    );
    assert.deepEqual(change.truncated, []);
  });

  void it("starts at the merge base, as a pull request does, when the base branch moved on", async (t) => {
    const repo = await tempRepo(t);
    const fork = await commitFiles(repo, { message: "fork point", author: ALICE, files: { "shared.txt": "x\n" } });
    await runGit(repo, ["checkout", "-q", "-b", "feature"]);
    await commitFiles(repo, { message: "feature work", author: BOB, files: { "feature.ts": "f\n" } });
    await runGit(repo, ["checkout", "-q", "main"]);
    await commitFiles(repo, { message: "main moved on", author: ALICE, files: { "main-only.ts": "m\n" } });

    const change = await collectChange(repo, "main", "feature");

    assert.equal(change.base, fork);
    assert.deepEqual(
      change.files.map((file) => file.path),
      ["feature.ts"],
    );
    assert.deepEqual(
      change.commits.map((commit) => commit.subject),
      ["feature work"],
    );
  });

  void it("keeps names with spaces, Unicode and newlines intact", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "base", author: ALICE, files: { "README.md": "r\n" } });
    const names = ["dir with space/file name.ts", "café/naïve.ts", "new\nline.ts", 'quote"and\\slash.ts', "tab\there.ts"];
    const head = await commitFiles(repo, {
      message: "odd names",
      author: ALICE,
      files: Object.fromEntries(names.map((name) => [name, lines("first", "second")])),
    });

    const change = await collectChange(repo, base, head);

    assert.deepEqual(
      change.files.map((file) => file.path),
      [...names].sort(),
    );
    for (const name of names) {
      assert.deepEqual(byPath(change.files, name).hunks, [{ added: { start: 1, end: 2 } }], name);
    }
  });

  void it("is not misled by added lines that look like patch headers", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "base", author: ALICE, files: { "a.txt": "keep\n" } });
    const head = await commitFiles(repo, {
      message: "tricky content",
      author: ALICE,
      files: {
        "a.txt": lines("keep", "++ b/other.txt", "@@ -1 +1,100 @@", "diff --git a/x b/x", "-- a/y", "end"),
        "other.txt": "o\n",
      },
    });

    const change = await collectChange(repo, base, head);

    assert.deepEqual(byPath(change.files, "a.txt").hunks, [{ added: { start: 2, end: 6 } }]);
    assert.deepEqual(byPath(change.files, "other.txt").hunks, [{ added: { start: 1, end: 1 } }]);
  });

  void it("marks binary files and reads no lines from them", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "base", author: ALICE, files: { "a.txt": "a\n" } });
    const head = await commitFiles(repo, {
      message: "binary",
      author: ALICE,
      files: { "image.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0a, 0x01, 0x02]) },
    });

    const change = await collectChange(repo, base, head);

    const image = byPath(change.files, "image.png");
    assert.deepEqual([image.binary, image.hunks, image.addedLines], [true, [], 0]);
  });

  void it("ignores .gitattributes in the change that would hide its added lines as binary", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "base", author: ALICE, files: { "app.ts": "a\n" } });
    const head = await commitFiles(repo, {
      message: "hide",
      author: ALICE,
      files: { ".gitattributes": "*.ts -diff binary\n", "app.ts": lines("a", "evil()") },
    });

    const change = await collectChange(repo, base, head);

    const app = byPath(change.files, "app.ts");
    assert.equal(app.binary, false);
    assert.deepEqual(app.hunks, [{ added: { start: 2, end: 2 } }]);
  });

  void it("reports a submodule as a pointer, never as text", async (t) => {
    const library = await tempRepo(t, "library");
    await commitFiles(library, { message: "lib", author: ALICE, files: { "lib.ts": "export {}\n" } });
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "base", author: ALICE, files: { "a.txt": "a\n" } });
    await addSubmodule(repo, library, "vendor/lib");
    const head = await commitFiles(repo, { message: "add submodule", author: ALICE, files: {} });

    const change = await collectChange(repo, base, head);

    const sub = byPath(change.files, "vendor/lib");
    assert.deepEqual([sub.submodule, sub.status, sub.hunks, sub.addedLines], [true, "added", [], 0]);
    assert.equal(byPath(change.files, ".gitmodules").submodule, false);
  });

  void it("gives an empty change when base and head are the same commit", async (t) => {
    const repo = await tempRepo(t);
    const only = await commitFiles(repo, { message: "only", author: ALICE, files: { "a.txt": "a\n" } });

    const change = await collectChange(repo, "HEAD", "main");

    assert.deepEqual([change.base, change.head, change.files, change.commits, change.truncated], [only, only, [], [], []]);
    assert.deepEqual(change.author, ALICE);
  });

  void it("stops at the file limit and says how many files were left out", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "base", author: ALICE, files: { "z.txt": "z\n" } });
    const head = await commitFiles(repo, {
      message: "four files",
      author: ALICE,
      files: { "a.txt": "a\n", "b.txt": "b\n", "c.txt": "c\n", "d.txt": "d\n" },
    });

    const change = await collectChange(repo, base, head, { maxFiles: 2 });

    assert.deepEqual(
      change.files.map((file) => file.path),
      ["a.txt", "b.txt"],
    );
    assert.deepEqual(change.truncated, ["4 files changed; only the first 2 (limit 2) were collected"]);
  });

  void it("stops at the hunk limit of a file and says so", async (t) => {
    const repo = await tempRepo(t);
    const original = numbered("x", 20);
    const base = await commitFiles(repo, { message: "base", author: ALICE, files: { "f.txt": lines(...original) } });
    const edited = original.map((line, i) => (i % 4 === 0 ? `edited ${i}` : line));
    const head = await commitFiles(repo, { message: "five hunks", author: ALICE, files: { "f.txt": lines(...edited) } });

    const change = await collectChange(repo, base, head, { maxHunksPerFile: 2 });

    const file = byPath(change.files, "f.txt");
    assert.deepEqual(file.hunks, [{ added: { start: 1, end: 1 } }, { added: { start: 5, end: 5 } }]);
    assert.equal(file.addedLines, 5);
    assert.deepEqual(change.truncated, ["f.txt: 3 hunks past the limit of 2 per file were not read"]);
  });

  void it("stops reading the patch at the byte limit, keeps every file and names the unread ones", async (t) => {
    const repo = await tempRepo(t);
    const base = await commitFiles(repo, { message: "base", author: ALICE, files: { "z.txt": "z\n" } });
    const files = Object.fromEntries(
      ["a", "b", "c", "d", "e"].map((name) => [`${name}.txt`, lines(...numbered(name, 30))]),
    );
    const head = await commitFiles(repo, { message: "big", author: ALICE, files });

    const change = await collectChange(repo, base, head, { maxPatchBytes: 2500 });

    assert.equal(change.files.length, 5);
    assert.ok(change.files.every((file) => file.addedLines === 30));
    assert.deepEqual(byPath(change.files, "a.txt").hunks, [{ added: { start: 1, end: 30 } }]);
    assert.deepEqual(byPath(change.files, "e.txt").hunks, []);
    assert.equal(change.truncated.length, 2);
    assert.match(change.truncated[0] ?? "", /^b\.txt: hunks were read only in part; the patch is larger than 2500 bytes$/);
    assert.match(change.truncated[1] ?? "", /^hunks of 3 files were not read .*: c\.txt, d\.txt, e\.txt$/);
  });

  void it("rejects a limit that is not a positive integer", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "one", author: ALICE, files: { "a.txt": "a\n" } });

    await assert.rejects(collectChange(repo, "HEAD", "HEAD", { maxFiles: 0 }), { code: "usage", message: /maxFiles/ });
  });
});
