import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ALICE, tempRepo } from "../../test/helpers/git-repo.js";
import { commitFiles, eachAddedText, runGit, type AddedText } from "./index.js";

async function collect(repo: string, commits: string[], commitsPerProcess = 1_000): Promise<Map<string, [string, [number, string][]][]>> {
  const seen = new Map<string, [string, [number, string][]][]>();
  await eachAddedText(
    repo,
    commits,
    (commit, files: AddedText[]) => {
      seen.set(commit, files.map((file) => [file.path, [...file.lines.entries()]]));
    },
    { commitsPerProcess, maxBytes: 1024 * 1024 },
  );
  return seen;
}

void describe("eachAddedText", () => {
  void it("gives each commit's added lines with their numbers in its own version, against the first parent", async (t) => {
    const repo = await tempRepo(t);
    const root = await commitFiles(repo, { message: "root", author: ALICE, files: { "a.txt": "one\ntwo\nthree\n", "bin.dat": Buffer.from([0, 1, 2]) } });
    const edit = await commitFiles(repo, {
      message: "edit",
      author: ALICE,
      files: { "a.txt": "zero\none\nTWO\nthree\r\nfour", "odd\tname.txt": "tab\n", "bin.dat": Buffer.from([0, 1, 3]) },
    });
    const removal = await commitFiles(repo, { message: "removal", author: ALICE, files: { "odd\tname.txt": null } });
    await runGit(repo, ["checkout", "-q", "-b", "side", root]);
    const side = await commitFiles(repo, { message: "side", author: ALICE, files: { "side.txt": "s\n" } });
    await runGit(repo, ["checkout", "-q", "main"]);
    await runGit(repo, ["merge", "-q", "--no-ff", "-m", "merge", side]);
    const merge = (await runGit(repo, ["rev-parse", "HEAD"])).toString("utf8").trim();

    const seen = await collect(repo, [edit, root, removal, merge, "f".repeat(40)], 2);
    assert.deepEqual([...seen.keys()].sort(), [edit, merge, removal, root].sort());
    assert.deepEqual(seen.get(root), [["a.txt", [[1, "one"], [2, "two"], [3, "three"]]]]);
    assert.deepEqual(seen.get(edit), [
      ["a.txt", [[1, "zero"], [3, "TWO"], [4, "three\r"], [5, "four"]]],
      ["odd\tname.txt", [[1, "tab"]]],
    ]);
    assert.deepEqual(seen.get(removal), []);
    assert.deepEqual(seen.get(merge), [["side.txt", [[1, "s"]]]]);
  });

  void it("refuses names that are not full commit ids", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "root", author: ALICE, files: { "a.txt": "a\n" } });
    await assert.rejects(collect(repo, ["HEAD"]), { code: "usage" });
  });
});
