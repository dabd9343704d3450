import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import { ALICE, tempDir, tempRepo } from "../../../test/helpers/git-repo.js";
import { commitFiles } from "../../git/index.js";
import type { PendingEdit } from "../hooks/pending.js";
import type { CustodyNote } from "./format.js";
import { installGitHooks } from "./install.js";
import { parseRewritePairs } from "./rewrite.js";
import { readCustodyNote } from "./store.js";
import { gitWithHooks, hookCommand, lines, pendingIds, sha256, writePendingEdit } from "./test-support.js";

const A_AI = lines("function a() {", "  return 1;", "}");
const A = A_AI + lines("// reviewed by alice");
const C = A + lines("function c() {", "  return 3;", "}");
const B = lines("const b = 2;", "export { b };");

let edits = 0;

/** An agent edit recorded by its hook, then committed by a person with the hooks installed. */
async function agentCommit(repo: string, path: string, before: string | undefined, after: string, aiLines: PendingEdit["aiLines"], tool: PendingEdit["tool"], committed = after, gitArgs = ["commit", "-q", "-m", `edit ${path}`]): Promise<string> {
  edits += 1;
  await writePendingEdit(repo, { id: `edit-${edits}`, time: `2020-01-01T00:00:${String(edits).padStart(2, "0")}Z`, path, ...(before === undefined ? {} : { before }), after, aiLines, tool });
  await writeFile(join(repo, path), committed);
  await gitWithHooks(repo, ["add", path]);
  await gitWithHooks(repo, gitArgs);
  return (await gitWithHooks(repo, ["rev-parse", "HEAD"])).trim();
}

async function setUp(t: TestContext): Promise<string> {
  const repo = await tempRepo(t);
  await commitFiles(repo, { message: "base", author: ALICE, files: { "README.md": "demo\n" } });
  await installGitHooks(repo, { command: await hookCommand(await tempDir(t)) });
  return repo;
}

function summary(note: CustodyNote | undefined): [string, number, number, string, string | undefined][] {
  return (note?.files ?? []).flatMap((f) => f.ranges.map((r): [string, number, number, string, string | undefined] => [f.path, r.start, r.end, r.contributor, r.tool]));
}

test("the post-commit hook writes the note from the pending agent edits", async (t) => {
  const repo = await setUp(t);
  const a = await agentCommit(repo, "a.js", undefined, A_AI, [{ start: 1, end: 3 }], "claude-code", A);
  assert.deepEqual(summary(await readCustodyNote(repo, a)), [
    ["a.js", 1, 3, "ai", "claude-code"],
    ["a.js", 4, 4, "human", undefined],
  ]);
  assert.deepEqual(await pendingIds(repo), []);
});

test("an interactive rebase that reorders and squashes keeps each line's attribution", async (t) => {
  const repo = await setUp(t);
  const a = await agentCommit(repo, "a.js", undefined, A_AI, [{ start: 1, end: 3 }], "claude-code", A);
  const b = await agentCommit(repo, "b.js", undefined, B, [{ start: 1, end: 2 }], "cursor");
  const c = await agentCommit(repo, "a.js", A, C, [{ start: 5, end: 7 }], "codex");
  const [noteA, noteB, noteC] = [await readCustodyNote(repo, a), await readCustodyNote(repo, b), await readCustodyNote(repo, c)];
  assert.ok(noteA && noteB && noteC);

  const dir = await tempDir(t);
  const todo = join(dir, "todo");
  await writeFile(todo, `pick ${b}\npick ${a}\nsquash ${c}\n`);
  await gitWithHooks(repo, ["rebase", "-q", "-i", "HEAD~3"], { GIT_SEQUENCE_EDITOR: `cp "${todo}"` });

  const newB = (await gitWithHooks(repo, ["rev-parse", "HEAD~1"])).trim();
  const squashed = (await gitWithHooks(repo, ["rev-parse", "HEAD"])).trim();
  assert.notEqual(newB, b);
  assert.deepEqual((await readCustodyNote(repo, newB))?.files, noteB.files);
  const rebuilt = await readCustodyNote(repo, squashed);
  assert.deepEqual(summary(rebuilt), [
    ["a.js", 1, 3, "ai", "claude-code"],
    ["a.js", 4, 4, "human", undefined],
    ["a.js", 5, 7, "ai", "codex"],
  ]);
  // The same lines, so the same hashes as in the notes of the commits they came from.
  const ranges = rebuilt?.files[0]?.ranges ?? [];
  assert.deepEqual(
    ranges.map((r) => r.hash),
    [...(noteA.files[0]?.ranges ?? []), ...(noteC.files[0]?.ranges ?? [])].map((r) => r.hash),
  );
  assert.equal(ranges[0]?.hash, sha256("function a() {\n  return 1;\n}"));
});

test("amending keeps the note; lines added without an agent stay unattributed", async (t) => {
  const repo = await setUp(t);
  const a = await agentCommit(repo, "a.js", undefined, A_AI, [{ start: 1, end: 3 }], "claude-code", A);
  const original = await readCustodyNote(repo, a);

  await gitWithHooks(repo, ["commit", "-q", "--amend", "-m", "reworded"]);
  const reworded = (await gitWithHooks(repo, ["rev-parse", "HEAD"])).trim();
  assert.notEqual(reworded, a);
  assert.deepEqual(await readCustodyNote(repo, reworded), original);

  await writeFile(join(repo, "a.js"), A + lines("// added by hand"));
  await gitWithHooks(repo, ["commit", "-q", "-a", "--amend", "--no-edit"]);
  const amended = (await gitWithHooks(repo, ["rev-parse", "HEAD"])).trim();
  assert.deepEqual(summary(await readCustodyNote(repo, amended)), [
    ["a.js", 1, 3, "ai", "claude-code"],
    ["a.js", 4, 4, "human", undefined],
  ]);
});

test("amending with new agent edits adds them to the lines the note already attributes", async (t) => {
  const repo = await setUp(t);
  await agentCommit(repo, "a.js", undefined, A_AI, [{ start: 1, end: 3 }], "claude-code", A);
  const amended = await agentCommit(repo, "a.js", A, A + lines("export { a };"), [{ start: 5, end: 5 }], "codex", undefined, ["commit", "-q", "--amend", "--no-edit"]);
  assert.deepEqual(summary(await readCustodyNote(repo, amended)), [
    ["a.js", 1, 3, "ai", "claude-code"],
    ["a.js", 4, 4, "human", undefined],
    ["a.js", 5, 5, "ai", "codex"],
  ]);
  assert.deepEqual(await pendingIds(repo), []);
});

test("post-rewrite input is read as old/new pairs and anything else is refused", () => {
  const old = "a".repeat(40);
  const next = "b".repeat(40);
  assert.deepEqual(parseRewritePairs(`${old} ${next}\n${old} ${next} extra\n\n`), [
    { old, new: next },
    { old, new: next },
  ]);
  assert.throws(() => parseRewritePairs("not a pair\n"), /not '<old-sha> <new-sha>'/);
});
