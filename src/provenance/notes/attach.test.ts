import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { ALICE, tempRepo } from "../../../test/helpers/git-repo.js";
import { commitFiles, gitDir } from "../../git/index.js";
import { attachPending } from "./attach.js";
import { readCustodyNote } from "./store.js";
import { lines, pendingIds, sha256, writePendingEdit } from "./test-support.js";

const NOW = new Date("2025-03-01T12:00:00Z");
const BASE = lines("l1", "l2", "l6", "l7", "l8", "l9");
const AI_VERSION = lines("l1", "l2", "ai3", "ai4", "ai5", "l6", "l7", "l8", "l9");
const COMMITTED = lines("l1", "l2", "ai3", "human4", "ai5", "l6", "l7", "l8", "l9", "l10");

test("lines the agent wrote are AI, lines the person changed or added afterwards are human", async (t) => {
  const repo = await tempRepo(t);
  await commitFiles(repo, { message: "base", author: ALICE, files: { "app.js": BASE, "other.js": "x\n" } });
  await writePendingEdit(repo, {
    id: "e1",
    time: "2025-03-01T11:00:00Z",
    path: "app.js",
    before: BASE,
    after: AI_VERSION,
    aiLines: [{ start: 3, end: 5 }],
    model: "anthropic/claude-sonnet-4",
    sessionId: "s-1",
  });
  await writePendingEdit(repo, { id: "e2", time: "2025-03-01T11:05:00Z", path: "other.js", before: "x\n", after: "x\ny\n", aiLines: [{ start: 2, end: 2 }] });
  await writePendingEdit(repo, { id: "e3", time: "2025-03-01T12:30:00Z", path: "app.js", before: COMMITTED, after: COMMITTED, aiLines: [] });
  const commit = await commitFiles(repo, { message: "feature", author: ALICE, files: { "app.js": COMMITTED } });

  const written = await attachPending(repo, commit, { now: NOW });
  const note = await readCustodyNote(repo, commit);
  assert.deepEqual(note, written);
  const ai = { contributor: "ai", tool: "claude-code", model: "anthropic/claude-sonnet-4", sessionId: "s-1" };
  assert.deepEqual(note?.files, [
    {
      path: "app.js",
      ranges: [
        { start: 3, end: 3, ...ai, hash: sha256("ai3") },
        { start: 4, end: 4, contributor: "human", hash: sha256("human4") },
        { start: 5, end: 5, ...ai, hash: sha256("ai5") },
        { start: 10, end: 10, contributor: "human", hash: sha256("l10") },
      ],
    },
  ]);
  // The edit of a file outside the commit and the edit made after the commit wait for the next one.
  assert.deepEqual(await pendingIds(repo), ["e2", "e3"]);
});

test("consecutive AI lines of one edit form one range; later edits replace earlier labels", async (t) => {
  const repo = await tempRepo(t);
  await commitFiles(repo, { message: "base", author: ALICE, files: { "a.py": lines("keep") } });
  const first = lines("keep", "a", "b", "c");
  const second = lines("keep", "a", "B", "c");
  await writePendingEdit(repo, { id: "1", time: "2025-03-01T10:00:00Z", path: "a.py", before: lines("keep"), after: first, aiLines: [{ start: 2, end: 4 }], tool: "cursor" });
  await writePendingEdit(repo, { id: "2", time: "2025-03-01T10:01:00Z", path: "a.py", before: first, after: second, aiLines: [{ start: 3, end: 3 }], tool: "codex" });
  const commit = await commitFiles(repo, { message: "edit", author: ALICE, files: { "a.py": second } });

  const note = await attachPending(repo, commit, { now: NOW });
  assert.deepEqual(
    note?.files[0]?.ranges.map((r) => [r.start, r.end, r.tool]),
    [
      [2, 2, "cursor"],
      [3, 3, "codex"],
      [4, 4, "cursor"],
    ],
  );
  assert.deepEqual(await pendingIds(repo), []);
});

test("a commit no pending edit concerns gets no note", async (t) => {
  const repo = await tempRepo(t);
  const commit = await commitFiles(repo, { message: "human work", author: ALICE, files: { "a.txt": "hello\n" } });
  assert.equal(await attachPending(repo, commit, { now: NOW }), undefined);
  assert.equal(await readCustodyNote(repo, commit), undefined);
});

test("an unreadable pending record is left in place and does not stop the note", async (t) => {
  const repo = await tempRepo(t);
  await commitFiles(repo, { message: "base", author: ALICE, files: { "app.js": BASE } });
  await writePendingEdit(repo, { id: "good", time: "2025-03-01T11:00:00Z", path: "app.js", before: BASE, after: AI_VERSION, aiLines: [{ start: 3, end: 5 }] });
  await writeFile(join(await gitDir(repo), "custody", "pending", "broken.json"), "{ not json");
  const commit = await commitFiles(repo, { message: "feature", author: ALICE, files: { "app.js": AI_VERSION } });
  const note = await attachPending(repo, commit, { now: NOW });
  assert.deepEqual(note?.files[0]?.ranges.map((r) => [r.start, r.end, r.contributor]), [[3, 5, "ai"]]);
  assert.deepEqual(await pendingIds(repo), ["broken"]);
});
