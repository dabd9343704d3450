import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ALICE, addSubmodule, tempRepo } from "../../test/helpers/git-repo.js";
import { commitFiles, listTree, readBlob } from "./index.js";

void describe("readBlob", () => {
  void it("returns the bytes stored at a revision, not the working tree", async (t) => {
    const repo = await tempRepo(t);
    const bytes = Buffer.from([0x00, 0xff, 0x0a, 0x41]);
    const first = await commitFiles(repo, {
      message: "one",
      author: ALICE,
      files: { "bin/data.bin": bytes, "src/a.ts": "v1\n", "a*.ts": "star\n" },
    });
    await commitFiles(repo, { message: "two", author: ALICE, files: { "src/a.ts": "v2\n" } });

    assert.deepEqual(await readBlob(repo, first, "bin/data.bin"), bytes);
    assert.equal((await readBlob(repo, first, "src/a.ts"))?.toString(), "v1\n");
    assert.equal((await readBlob(repo, "HEAD", "src/a.ts"))?.toString(), "v2\n");
    assert.equal((await readBlob(repo, "HEAD", "a*.ts"))?.toString(), "star\n");
  });

  void it("returns undefined for a missing path, a directory or a glob that only matches others", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "one", author: ALICE, files: { "src/a.ts": "a\n" } });

    assert.equal(await readBlob(repo, "HEAD", "src/missing.ts"), undefined);
    assert.equal(await readBlob(repo, "HEAD", "src"), undefined);
    assert.equal(await readBlob(repo, "HEAD", "src/*.ts"), undefined);
  });

  void it("refuses a file larger than the limit", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "one", author: ALICE, files: { "big.txt": "x".repeat(100) } });

    await assert.rejects(readBlob(repo, "HEAD", "big.txt", 10), { code: "input-too-large", message: /big\.txt .* 100 bytes/ });
  });
});

void describe("listTree", () => {
  void it("lists files and submodules with modes and sizes, sorted by path", async (t) => {
    const library = await tempRepo(t, "library");
    await commitFiles(library, { message: "lib", author: ALICE, files: { "lib.ts": "export {}\n" } });
    const repo = await tempRepo(t);
    await addSubmodule(repo, library, "vendor/lib");
    await commitFiles(repo, { message: "one", author: ALICE, files: { "b.txt": "bb\n", "a dir/ü.ts": "u\n" } });

    const entries = await listTree(repo, "HEAD");

    assert.deepEqual(
      entries.filter((entry) => entry.path !== ".gitmodules"),
      [
        { path: "a dir/ü.ts", mode: "100644", size: 2, type: "blob" },
        { path: "b.txt", mode: "100644", size: 3, type: "blob" },
        { path: "vendor/lib", mode: "160000", size: 0, type: "commit" },
      ],
    );
    assert.equal(await readBlob(repo, "HEAD", "vendor/lib"), undefined);
  });
});
