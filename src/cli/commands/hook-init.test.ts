import assert from "node:assert/strict";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { commitFiles } from "../../git/index.js";
import { listPending } from "../../provenance/hooks/index.js";
import { ALICE, tempRepo } from "../../../test/helpers/git-repo.js";
import { bufferIo } from "../io.js";
import { run } from "../run.js";

async function custody(cwd: string, args: string[], stdin = ""): Promise<{ status: number; stdout: string; stderr: string }> {
  const io = bufferIo({ cwd, stdin, now: () => new Date("2025-11-02T10:00:00.000Z") });
  const status = await run(args, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

describe("custody hook", () => {
  it("records a Cursor edit and answers with the neutral JSON Cursor expects", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "start", author: ALICE, files: { "a.txt": "one\n" } });
    await writeFile(join(repo, "a.txt"), "one\ntwo\n");
    const payload = {
      hook_event_name: "afterFileEdit",
      conversation_id: "c1",
      workspace_roots: [repo],
      file_path: join(repo, "a.txt"),
      edits: [{ old_string: "one\n", new_string: "one\ntwo\n" }],
    };
    const result = await custody(repo, ["hook", "cursor"], JSON.stringify(payload));
    assert.equal(result.status, 0);
    assert.equal(result.stdout, "{}\n");
    assert.equal(result.stderr, "");
    assert.deepEqual((await listPending(repo)).edits.map((e) => e.aiLines), [[{ start: 2, end: 2 }]]);
  });

  it("keeps the redacted prompt text only when the committed policy allows it", async (t) => {
    const repo = await tempRepo(t);
    const prompt = (text: string) => JSON.stringify({ session_id: "s", cwd: repo, hook_event_name: "UserPromptSubmit", prompt: text });
    const stored = async () => readdir(join(repo, ".git", "custody", "prompts")).catch(() => [] as string[]);
    await commitFiles(repo, { message: "start", author: ALICE, files: { "a.txt": "one\n" } });
    assert.equal((await custody(repo, ["hook", "claude-code"], prompt("first"))).status, 0);
    assert.deepEqual(await stored(), []);
    await commitFiles(repo, { message: "policy", author: ALICE, files: { ".custody/policy.yaml": "version: 1\nprivacy:\n  storePrompts: true\n" } });
    assert.equal((await custody(repo, ["hook", "claude-code"], prompt("second"))).status, 0);
    assert.equal((await stored()).length, 1);
  });

  it("prints nothing for Claude Code and never fails the agent on a malformed payload", async (t) => {
    const repo = await tempRepo(t);
    const broken = await custody(repo, ["hook", "claude-code"], "{not json");
    assert.equal(broken.status, 0);
    assert.equal(broken.stdout, "");
    assert.match(broken.stderr, /claude-code hook payload is not JSON; nothing recorded/);

    const wrong = await custody(repo, ["hook", "claude-code"], JSON.stringify({ hook_event_name: 3 }));
    assert.equal(wrong.status, 0);
    assert.match(wrong.stderr, /hook_event_name/);

    const unknown = await custody(repo, ["hook", "emacs"], "{}");
    assert.equal(unknown.status, 0);
    assert.match(unknown.stderr, /unknown agent 'emacs'/);
  });
});

describe("custody init --hooks", () => {
  it("merges into an existing Claude Code settings file, keeping the user's entries, and is idempotent", async (t) => {
    const repo = await tempRepo(t);
    const settings = join(repo, ".claude", "settings.json");
    await mkdir(join(repo, ".claude"));
    const mine = {
      permissions: { allow: ["Bash(npm test)"] },
      hooks: { PostToolUse: [{ matcher: "Write", hooks: [{ type: "command", command: "npx prettier --write" }] }] },
    };
    await writeFile(settings, JSON.stringify(mine));

    const first = await custody(repo, ["init", "--hooks", "claude-code", "cursor"]);
    assert.equal(first.status, 0);
    assert.match(first.stdout, /\.claude\/settings\.json: updated, hooks added for PreToolUse, PostToolUse, UserPromptSubmit, Stop/);
    assert.match(first.stdout, /\.cursor\/hooks\.json: created/);
    assert.match(first.stdout, /git hooks installed/);

    const written = JSON.parse(await readFile(settings, "utf8")) as {
      permissions: unknown;
      hooks: Record<string, { matcher?: string; hooks: { command: string }[] }[]>;
    };
    assert.deepEqual(written.permissions, mine.permissions);
    const post = written.hooks.PostToolUse ?? [];
    assert.deepEqual(
      post.map((group) => group.hooks[0]?.command),
      ["npx prettier --write", "npx custody hook claude-code"],
    );
    assert.equal(written.hooks.PreToolUse?.[0]?.matcher, "Edit|MultiEdit|Write|NotebookEdit|Bash");
    const cursor = JSON.parse(await readFile(join(repo, ".cursor", "hooks.json"), "utf8")) as { version: number; hooks: Record<string, unknown[]> };
    assert.equal(cursor.version, 1);
    assert.deepEqual(cursor.hooks.afterFileEdit, [{ command: "npx custody hook cursor" }]);

    const before = await readFile(settings, "utf8");
    const second = await custody(repo, ["init", "--hooks", "claude-code,cursor"]);
    assert.match(second.stdout, /\.claude\/settings\.json: already set up, unchanged/);
    assert.match(second.stdout, /\.cursor\/hooks\.json: already set up, unchanged/);
    assert.equal(await readFile(settings, "utf8"), before);
  });

  it("refuses to overwrite a configuration file that is not JSON", async (t) => {
    const repo = await tempRepo(t);
    await mkdir(join(repo, ".gemini"));
    await writeFile(join(repo, ".gemini", "settings.json"), "{ oops");
    const broken = await custody(repo, ["init", "--hooks", "gemini"]);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /\.gemini\/settings\.json: not valid JSON/);
    assert.equal(await readFile(join(repo, ".gemini", "settings.json"), "utf8"), "{ oops");
  });

  it("rejects an agent it has no hooks for", async (t) => {
    const repo = await tempRepo(t);
    const unknown = await custody(repo, ["init", "--hooks", "vim"]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /--hooks: unknown agent 'vim'/);
  });
});
