import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ALICE, tempRepo } from "../../test/helpers/git-repo.js";
import { commitFiles, readBlobsBatch, runGit } from "./index.js";

async function blobId(repo: string, name: string): Promise<string> {
  return (await runGit(repo, ["rev-parse", name])).toString("utf8").trim();
}

void describe("readBlobsBatch", () => {
  void it("reads blobs by id and by <rev>:<path>, byte for byte, keyed by the name asked for", async (t) => {
    const repo = await tempRepo(t);
    const bytes = Buffer.from([0x00, 0xff, 0x0a, 0x41, 0x0a]);
    const first = await commitFiles(repo, { message: "one", author: ALICE, files: { "bin/data.bin": bytes, "src/a.ts": "v1\n", "with space.txt": "s\n" } });
    await commitFiles(repo, { message: "two", author: ALICE, files: { "src/a.ts": "v2\n", "empty.txt": "" } });
    const id = await blobId(repo, `${first}:src/a.ts`);

    const { blobs, oversized } = await readBlobsBatch(repo, [id, `${first}:bin/data.bin`, "HEAD:src/a.ts", "HEAD:with space.txt", "HEAD:empty.txt", id], 1024);
    assert.deepEqual(oversized, []);
    assert.deepEqual(
      [...blobs.entries()].map(([name, content]) => [name, content.toString("latin1")]),
      [
        [id, "v1\n"],
        [`${first}:bin/data.bin`, bytes.toString("latin1")],
        ["HEAD:src/a.ts", "v2\n"],
        ["HEAD:with space.txt", "s\n"],
        ["HEAD:empty.txt", ""],
      ],
    );
  });

  void it("leaves out missing objects, trees and commits", async (t) => {
    const repo = await tempRepo(t);
    const commit = await commitFiles(repo, { message: "one", author: ALICE, files: { "src/a.ts": "a\n" } });
    const { blobs, oversized } = await readBlobsBatch(repo, ["HEAD:src/missing.ts", "HEAD:src", commit, "0".repeat(40), "nope:x", "HEAD:src/a.ts"], 1024);
    assert.deepEqual([...blobs.keys()], ["HEAD:src/a.ts"]);
    assert.deepEqual(oversized, []);
  });

  void it("lists blobs over the limit without reading them and still reads the rest", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "one", author: ALICE, files: { "big.txt": "x".repeat(100), "small.txt": "y".repeat(10) } });
    const { blobs, oversized } = await readBlobsBatch(repo, ["HEAD:big.txt", "HEAD:small.txt"], 10);
    assert.deepEqual(oversized, ["HEAD:big.txt"]);
    assert.deepEqual([...blobs.keys()], ["HEAD:small.txt"]);
  });

  void it("asks git nothing for no names and refuses a name the batch protocol cannot carry", async (t) => {
    const repo = await tempRepo(t);
    assert.deepEqual(await readBlobsBatch(repo, [], 10), { blobs: new Map(), oversized: [] });
    // Not a repository: any git call would fail, so an empty answer shows none was made.
    assert.deepEqual(await readBlobsBatch("/nonexistent-custody-dir", [], 10), { blobs: new Map(), oversized: [] });
    await assert.rejects(readBlobsBatch(repo, ["HEAD:a\nb"], 10), { code: "usage" });
    await assert.rejects(readBlobsBatch(repo, [""], 10), { code: "usage" });
  });
});
