import assert from "node:assert/strict";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { tempRepo } from "../../../test/helpers/git-repo.js";
import { PENDING_SCHEMA, type PendingEdit } from "./pending.js";
import { custodyDir, listPending, removePending } from "./store.js";

function edit(id: string, time: string): PendingEdit {
  return { schema: PENDING_SCHEMA, id, time, tool: "codex", event: "PostToolUse:Edit", path: "a.txt", aiLines: [] };
}

async function writeRecords(repo: string, records: PendingEdit[]): Promise<string> {
  const dir = join(await custodyDir(repo), "pending");
  await mkdir(dir, { recursive: true });
  for (const record of records) await writeFile(join(dir, `${record.id}.json`), JSON.stringify(record));
  return dir;
}

void describe("pending records", () => {
  void it("lists edits in the order they were made, whatever the offset, and records with no real time as invalid", async (t) => {
    const repo = await tempRepo(t);
    await writeRecords(repo, [edit("late", "2025-03-01T10:30:00Z"), edit("early", "2025-03-01T11:00:00+01:00"), edit("when", "yesterday")]);
    const { edits, invalid } = await listPending(repo);
    assert.deepEqual(edits.map((e) => e.id), ["early", "late"]);
    assert.deepEqual(invalid, ["when.json"]);
  });

  void it("removes any record listed by its id, and nothing outside the folder", async (t) => {
    const repo = await tempRepo(t);
    const dir = await writeRecords(repo, [edit("a.js-claude-code", "2025-03-01T10:00:00Z"), edit("keep", "2025-03-01T10:00:00Z")]);
    await writeFile(join(dir, "..", "outside.json"), "{}");
    await removePending(repo, ["a.js-claude-code", "../outside", "missing"]);
    assert.deepEqual((await readdir(dir)).sort(), ["keep.json"]);
    assert.deepEqual((await readdir(join(dir, ".."))).sort(), ["outside.json", "pending"]);
  });
});
