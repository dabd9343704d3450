import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { commitFiles, gitDir } from "../../git/index.js";
import { ALICE, tempDir, tempRepo } from "../../../test/helpers/git-repo.js";
import { claudeCodeHooks } from "./claude-code.js";
import { cursorHooks } from "./cursor.js";
import { handleHookEvent } from "./record.js";
import { sha256 } from "./store.js";
import { listPending, readSnapshot, removePending } from "./store.js";

// Each call is one second later than the one before: records of one file are ordered by time.
let tick = 0;
const NOW = (): Date => new Date(Date.UTC(2025, 10, 2, 10, 0, tick++));
const SESSION = "session-1";

async function repoWith(t: TestContext, files: Record<string, string>): Promise<string> {
  const repo = await tempRepo(t);
  await commitFiles(repo, { message: "start", author: ALICE, date: "2025-11-01T00:00:00Z", files });
  return repo;
}

function claude(repo: string, payload: Record<string, unknown>) {
  const event = claudeCodeHooks.parse({ session_id: SESSION, cwd: repo, ...payload });
  return handleHookEvent(repo, "claude-code", event, { now: NOW });
}

describe("handleHookEvent", () => {
  it("records exactly the lines a Claude Code edit wrote, not the lines a person typed around it", async (t) => {
    const repo = await repoWith(t, { "src/cart.ts": "export function total() {\n  return 0;\n}\n" });
    const file = join(repo, "src/cart.ts");
    // A person types lines before the agent runs; they are in the file but not committed.
    await writeFile(file, "// by hand: cart helpers\nexport function total() {\n  return 0;\n}\n");
    const input = { file_path: file, old_string: "  return 0;", new_string: "  const sum = 1;\n  return sum;" };
    const before = await claude(repo, { hook_event_name: "PreToolUse", tool_name: "Edit", tool_input: input });
    assert.deepEqual(before.snapshots, ["src/cart.ts"]);
    await writeFile(file, "// by hand: cart helpers\nexport function total() {\n  const sum = 1;\n  return sum;\n}\n");
    const after = await claude(repo, { hook_event_name: "PostToolUse", tool_name: "Edit", tool_input: input });
    // The person keeps typing after the edit; the record describes the content the agent left.
    await writeFile(file, "// by hand: cart helpers\nexport function total() {\n  const sum = 1;\n  return sum;\n}\n// by hand: more\n");

    assert.equal(after.pending.length, 1);
    const [edit] = (await listPending(repo)).edits;
    assert.ok(edit);
    assert.deepEqual(edit.aiLines, [{ start: 3, end: 4 }]);
    assert.equal(edit.path, "src/cart.ts");
    assert.equal(edit.tool, "claude-code");
    assert.equal(edit.sessionId, SESSION);
    assert.match(edit.event, /^PostToolUse:Edit \(before: pre-hook snapshot\)$/);
    assert.equal(edit.humanOfRecord, "Custody <custody@localhost>");
    assert.equal((await readSnapshot(repo, edit.before ?? ""))?.toString(), "// by hand: cart helpers\nexport function total() {\n  return 0;\n}\n");
    assert.equal((await readSnapshot(repo, edit.after ?? ""))?.toString(), "// by hand: cart helpers\nexport function total() {\n  const sum = 1;\n  return sum;\n}\n");

    // A second edit after the person's typing counts their line as carried over, not as the agent's.
    await claude(repo, { hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: file } });
    await writeFile(file, "// by hand: cart helpers\nexport function total() {\n  const sum = 1;\n  return sum;\n}\n// by hand: more\nexport const VERSION = 2;\n");
    await claude(repo, { hook_event_name: "PostToolUse", tool_name: "Write", tool_input: { file_path: file } });
    const edits = (await listPending(repo)).edits;
    assert.equal(edits.length, 2);
    assert.deepEqual(edits[1]?.aiLines, [{ start: 7, end: 7 }]);

    await removePending(repo, edits.map((e) => e.id));
    assert.deepEqual((await listPending(repo)).edits, []);
  });

  it("takes the model from the Claude Code transcript when the payload has none", async (t) => {
    const repo = await repoWith(t, { "a.txt": "one\n" });
    const transcript = join(await tempDir(t), "t.jsonl");
    const lines = [
      { type: "user", message: { role: "user", content: "hi" } },
      { type: "assistant", message: { model: "claude-opus-4-5-20251101", content: [] } },
      { type: "assistant", message: { model: "<synthetic>", content: [] } },
    ];
    await writeFile(transcript, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    const file = join(repo, "a.txt");
    const payload = { transcript_path: transcript, tool_name: "Write", tool_input: { file_path: file } };
    await claude(repo, { ...payload, hook_event_name: "PreToolUse" });
    await writeFile(file, "one\ntwo\n");
    const outcome = await claude(repo, { ...payload, hook_event_name: "PostToolUse" });
    assert.equal(outcome.pending[0]?.model, "anthropic/claude-opus-4-5-20251101");
  });

  it("rebuilds the content before a Cursor afterFileEdit from the edits it reports", async (t) => {
    const repo = await repoWith(t, { "src/cart.ts": "const items = [];\nfunction total() {\n  return 0;\n}\n" });
    const file = join(repo, "src/cart.ts");
    // Uncommitted human work: the index does not have it, only the edit's own old text can tell.
    await writeFile(file, "const items = [];\nconst owner = 'me';\nfunction total() {\n  return items.length;\n}\n");
    const event = cursorHooks.parse({
      hook_event_name: "afterFileEdit",
      conversation_id: "conv-1",
      workspace_roots: [repo],
      model: "gpt-5",
      user_email: "dev@example.com",
      file_path: file,
      edits: [{ old_string: "return 0;", new_string: "return items.length;" }],
    });
    const outcome = await handleHookEvent(repo, "cursor", event, { now: NOW });
    const [edit] = outcome.pending;
    assert.ok(edit);
    assert.deepEqual(edit.aiLines, [{ start: 4, end: 4 }]);
    assert.match(edit.event, /^afterFileEdit \(before: edits in the payload\)$/);
    assert.equal(edit.model, "openai/gpt-5");
    assert.equal(edit.humanOfRecord, "dev@example.com");
  });

  it("attributes to a shell command the files it created or changed, and nothing a person had pending", async (t) => {
    const repo = await repoWith(t, { "a.txt": "a1\na2\n", "b.txt": "b1\n" });
    await writeFile(join(repo, "notes.txt"), "human draft\n");
    await writeFile(join(repo, "b.txt"), "b1\nhuman line\n");
    const shell = { tool_name: "Bash", tool_input: { command: "./gen.sh" } };
    const before = await claude(repo, { ...shell, hook_event_name: "PreToolUse" });
    assert.deepEqual(before.snapshots.sort(), ["b.txt", "notes.txt"]);

    await writeFile(join(repo, "a.txt"), "a1\ngenerated\na2\n");
    await writeFile(join(repo, "b.txt"), "b1\nhuman line\ngenerated b\n");
    await writeFile(join(repo, "gen.out"), "x\ny\n");
    const after = await claude(repo, { ...shell, hook_event_name: "PostToolUse" });

    const byPath = Object.fromEntries(after.pending.map((e) => [e.path, e]));
    assert.deepEqual(Object.keys(byPath).sort(), ["a.txt", "b.txt", "gen.out"]);
    assert.deepEqual(byPath["a.txt"]?.aiLines, [{ start: 2, end: 2 }]);
    assert.deepEqual(byPath["b.txt"]?.aiLines, [{ start: 3, end: 3 }]);
    assert.deepEqual(byPath["gen.out"]?.aiLines, [{ start: 1, end: 2 }]);
    const generated = after.pending.find((e) => e.path === "gen.out");
    assert.equal(generated?.before, undefined, "a new file has no content before");

    // An after-shell hook with no snapshot before it attributes nothing.
    await writeFile(join(repo, "a.txt"), "changed by a person\n");
    const orphan = await claude(repo, { ...shell, hook_event_name: "PostToolUse" });
    assert.deepEqual(orphan.pending, []);
  });

  it("keeps only the hash of the redacted prompt, and the redacted text only when allowed", async (t) => {
    const repo = await repoWith(t, { "a.txt": "one\n" });
    const secret = "sk_live_3D9f3ySvNB8gGOnWWIBLla0o5GnWuYwX1U";
    const prompt = `Use Stripe key ${secret} to charge the cart`;
    const event = claudeCodeHooks.parse({ session_id: SESSION, cwd: repo, hook_event_name: "UserPromptSubmit", prompt });
    const quiet = await handleHookEvent(repo, "claude-code", event, { now: NOW });
    const custody = join(await gitDir(repo), "custody");
    assert.equal((await readdir(custody)).includes("prompts"), false);

    const stored = await handleHookEvent(repo, "claude-code", event, { now: NOW, privacy: { storePrompts: true } });
    assert.equal(stored.promptRef, quiet.promptRef);
    const text = await readFile(join(custody, "prompts", `${stored.promptRef ?? ""}.txt`), "utf8");
    assert.ok(!text.includes(secret));
    assert.match(text, /^Use Stripe key sk_l… \(sha256:[0-9a-f]{8}\) to charge the cart$/);
    assert.equal(stored.promptRef, sha256(text));
    assert.notEqual(stored.promptRef, sha256(prompt));

    // Nothing under .git/custody holds the secret, and the session's next edit carries the reference.
    const file = join(repo, "a.txt");
    await claude(repo, { hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: file } });
    await writeFile(file, "one\ntwo\n");
    const edit = await claude(repo, { hook_event_name: "PostToolUse", tool_name: "Write", tool_input: { file_path: file } });
    assert.equal(edit.pending[0]?.promptRef, stored.promptRef);
    const dump = await readTree(custody);
    assert.ok(!dump.includes(secret));
  });

  it("never follows a path outside the repository", async (t) => {
    const repo = await repoWith(t, { "a.txt": "one\n" });
    const outside = join(await tempDir(t), "elsewhere.txt");
    await writeFile(outside, "x\n");
    const outcome = await claude(repo, { hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: outside } });
    assert.deepEqual(outcome.snapshots, []);
    assert.deepEqual(outcome.skipped, [{ path: outside, reason: "outside the repository" }]);
    const git = await claude(repo, { hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: join(repo, ".git/config") } });
    assert.equal(git.skipped[0]?.reason, "outside the repository");
  });
});

async function readTree(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), "utf8")));
  return texts.join("\n");
}
