import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ALICE, tempRepo } from "../../test/helpers/git-repo.js";
import { commitFiles, listNotes, readBlobsBatch, readNote, readNotes, runGit } from "./index.js";

void describe("readNote and readNotes", () => {
  void it("read notes from a custom notes ref and nothing from others", async (t) => {
    const repo = await tempRepo(t);
    const first = await commitFiles(repo, { message: "one", author: ALICE, files: { "a.txt": "a\n" } });
    const second = await commitFiles(repo, { message: "two", author: ALICE, files: { "b.txt": "b\n" } });
    const third = await commitFiles(repo, { message: "three", author: ALICE, files: { "c.txt": "c\n" } });
    const json = '{"tool":"claude-code","model":"anthropic/claude-sonnet-4"}';
    await runGit(repo, ["notes", "--ref=custody", "add", "-m", json, first]);
    await runGit(repo, ["notes", "--ref=custody", "add", "-m", "second note\n\nwith two paragraphs", third]);
    await runGit(repo, ["notes", "add", "-m", "default ref note", second]);

    assert.equal(await readNote(repo, "custody", first), `${json}\n`);
    assert.equal(await readNote(repo, "refs/notes/custody", first), `${json}\n`);
    assert.equal(await readNote(repo, "custody", second), undefined);
    assert.equal(await readNote(repo, "other", first), undefined);

    const notes = await readNotes(repo, "refs/notes/custody", [third, second, first]);
    assert.deepEqual(
      [...notes.entries()].sort(),
      [
        [first, `${json}\n`],
        [third, "second note\n\nwith two paragraphs\n"],
      ].sort(),
    );
    assert.deepEqual(await readNotes(repo, "custody", []), new Map());
  });

  void it("accepts commit names as well as ids and keys the result by the name given", async (t) => {
    const repo = await tempRepo(t);
    const only = await commitFiles(repo, { message: "one", author: ALICE, files: { "a.txt": "a\n" } });
    await runGit(repo, ["notes", "--ref=custody", "add", "-m", "note", only]);

    assert.deepEqual(await readNotes(repo, "custody", ["HEAD"]), new Map([["HEAD", "note\n"]]));
    await assert.rejects(readNote(repo, "custody", "nope"), { code: "unknown-ref" });
    await assert.rejects(readNote(repo, "--output=x", only), { code: "usage" });
  });

  void it("lists every note of a ref as annotated commit and note blob, and nothing for a missing ref", async (t) => {
    const repo = await tempRepo(t);
    const first = await commitFiles(repo, { message: "one", author: ALICE, files: { "a.txt": "a\n" } });
    const second = await commitFiles(repo, { message: "two", author: ALICE, files: { "b.txt": "b\n" } });
    await runGit(repo, ["notes", "--ref=custody", "add", "-m", "on second", second]);
    await runGit(repo, ["notes", "add", "-m", "default ref", first]);

    assert.deepEqual(await listNotes(repo, "refs/notes/missing"), new Map());
    const listing = await listNotes(repo, "refs/notes/custody");
    assert.deepEqual([...listing.keys()], [second]);
    const { blobs } = await readBlobsBatch(repo, [...listing.values()], 1024);
    assert.deepEqual([...blobs.values()].map(String), ["on second\n"]);
    await assert.rejects(listNotes(repo, "--output=x"), { code: "usage" });
  });
});
