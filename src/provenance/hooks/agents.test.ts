import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isCustodyError } from "../../core/errors.js";
import { HOOK_AGENT_LIST, hookAgent } from "./agents.js";
import type { HookEvent } from "./event.js";

const FIXTURES = join(import.meta.dirname, "fixtures");

type Expected = Partial<Pick<HookEvent, "phase" | "event" | "files" | "sessionId" | "model" | "prompt" | "cwd" | "user" | "transcriptPath">> & {
  edits?: number;
};

/** Every fixture file with what its event must say. A fixture missing from this table fails the test. */
const EXPECTED: Record<string, Record<string, Expected>> = {
  "claude-code": {
    "pre-tool-use-edit.json": {
      phase: "before-edit",
      event: "PreToolUse:Edit",
      files: ["/home/dev/shop/src/cart.ts"],
      sessionId: "9b2f6c1e-4a7d-4e53-8f0a-2c6d1b7e9a41",
      cwd: "/home/dev/shop",
      transcriptPath: "/home/dev/.claude/projects/-home-dev-shop/9b2f6c1e-4a7d-4e53-8f0a-2c6d1b7e9a41.jsonl",
      edits: 1,
    },
    "post-tool-use-multi-edit.json": { phase: "after-edit", event: "PostToolUse:MultiEdit", files: ["/home/dev/shop/src/cart.ts"], edits: 2 },
    "pre-tool-use-bash.json": { phase: "before-shell", event: "PreToolUse:Bash", files: [] },
    "user-prompt-submit.json": { phase: "prompt", prompt: "Make total() add up price times quantity" },
    "stop.json": { phase: "stop", event: "Stop" },
  },
  cursor: {
    "after-file-edit.json": {
      phase: "after-edit",
      files: ["/home/dev/shop/src/cart.ts"],
      sessionId: "c7a1e0f4-2b9d-4d8e-a6f3-5e0b9c2d7f18",
      model: "claude-4.5-sonnet",
      user: "dev@example.com",
      cwd: "/home/dev/shop",
      edits: 1,
    },
    "before-shell-execution.json": { phase: "before-shell", cwd: "/home/dev/shop/packages/web" },
    "before-submit-prompt.json": { phase: "prompt", prompt: "Count the items in the cart", model: "gpt-5" },
    "before-read-file.json": { phase: "other", files: [] },
  },
  copilot: {
    "pre-tool-use-edit.json": { phase: "before-edit", event: "preToolUse:edit", files: ["src/cart.ts"], cwd: "/home/dev/shop", edits: 1 },
    "post-tool-use-bash.json": { phase: "after-shell", event: "postToolUse:bash" },
    "user-prompt-submitted.json": { phase: "prompt", prompt: "Fix the cart total" },
  },
  codex: {
    "pre-tool-use-apply-patch.json": {
      phase: "before-edit",
      event: "PreToolUse:apply_patch",
      files: ["src/cart.ts", "src/cart.test.ts"],
      model: "gpt-5-codex",
      sessionId: "019a3c2e-7b41-7d20-9c8e-5f1a2b3c4d5e",
    },
    "post-tool-use-bash.json": { phase: "after-shell", files: [] },
    "user-prompt-submit.json": { phase: "prompt", prompt: "Add a test for the cart total" },
  },
  gemini: {
    "before-tool-write-file.json": { phase: "before-edit", event: "BeforeTool:write_file", files: ["/home/dev/shop/src/cart.ts"], edits: 0 },
    "after-tool-replace.json": { phase: "after-edit", files: ["/home/dev/shop/src/cart.ts"], edits: 1 },
    "before-agent.json": { phase: "prompt", prompt: "Count the items in the cart", sessionId: "5d1c9e2a-0b7f-4c3d-8e6a-1f2b3c4d5e6f" },
  },
  windsurf: {
    "post-write-code.json": { phase: "after-edit", event: "post_write_code", files: ["/home/dev/shop/src/cart.ts"], sessionId: "traj-3f9a2c1e", edits: 1 },
    "pre-run-command.json": { phase: "before-shell", cwd: "/home/dev/shop" },
    "pre-user-prompt.json": { phase: "prompt", prompt: "Add sys to the imports" },
  },
};

async function fixture(agent: string, name: string): Promise<unknown> {
  return JSON.parse(await readFile(join(FIXTURES, agent, name), "utf8")) as unknown;
}

// One contract for every agent: its fixtures parse to the events above, its answer is JSON when it has
// one, and its configuration runs the command for every event it registers.
for (const agent of HOOK_AGENT_LIST) {
  describe(`${agent.id} hooks`, () => {
    it("parses every fixture into the expected event", async () => {
      const names = (await readdir(join(FIXTURES, agent.id))).sort();
      const table = EXPECTED[agent.id] ?? {};
      assert.deepEqual(names, Object.keys(table).sort(), "fixtures and expectations list the same files");
      for (const name of names) {
        const event = agent.parse(await fixture(agent.id, name));
        const { edits, ...fields } = table[name] ?? {};
        assert.equal(event.agent, agent.id);
        for (const [key, value] of Object.entries(fields)) {
          assert.deepEqual(event[key as keyof HookEvent], value, `${name}: ${key}`);
        }
        if (edits !== undefined) assert.equal(event.edits.length, edits, `${name}: edits`);
      }
    });

    it("rejects a payload of the wrong shape with a message naming the agent", () => {
      assert.throws(
        () => agent.parse({ hook_event_name: 42, agent_action_name: 42, toolName: 7 }),
        (error: unknown) => isCustodyError(error) && error.code === "hook-payload-invalid" && error.message.includes(agent.id),
      );
      assert.throws(() => agent.parse("not an object"), (error: unknown) => isCustodyError(error) && error.code === "hook-payload-invalid");
    });

    it("answers with JSON or not at all", async () => {
      for (const name of Object.keys(EXPECTED[agent.id] ?? {})) {
        const answer = agent.response(agent.parse(await fixture(agent.id, name)));
        if (answer !== undefined) assert.doesNotThrow(() => JSON.parse(answer) as unknown, `${name}: ${answer}`);
      }
    });

    it("registers the hook command on every configured event", () => {
      const entries = agent.config.entries("npx custody hook test-agent");
      assert.ok(Object.keys(entries).length >= 3);
      for (const [event, entry] of Object.entries(entries)) {
        assert.ok(JSON.stringify(entry).includes("npx custody hook test-agent"), event);
      }
    });
  });
}

describe("agent-specific answers and shapes", () => {
  it("tells Cursor to go on: permission for before hooks, continue for prompts", async () => {
    const cursor = hookAgent("cursor");
    assert.deepEqual(JSON.parse(cursor.response(cursor.parse(await fixture("cursor", "before-shell-execution.json"))) ?? ""), { permission: "allow" });
    assert.deepEqual(JSON.parse(cursor.response(cursor.parse(await fixture("cursor", "before-submit-prompt.json"))) ?? ""), { continue: true });
  });

  it("reads Copilot tool arguments sent as an object as well as JSON text", () => {
    const copilot = hookAgent("copilot");
    const event = copilot.parse({ toolName: "create", toolArgs: { path: "src/new.ts", file_text: "x\n" }, cwd: "/w" });
    assert.equal(event.phase, "before-edit");
    assert.deepEqual(event.files, ["src/new.ts"]);
  });

  it("reads the VS Code-compatible Copilot form with event names", () => {
    const copilot = hookAgent("copilot");
    const event = copilot.parse({ hook_event_name: "PostToolUse", session_id: "s1", tool_name: "edit", tool_input: { path: "a.ts" } });
    assert.equal(event.phase, "after-edit");
    assert.equal(event.sessionId, "s1");
  });

  it("names unknown agents", () => {
    assert.throws(() => hookAgent("emacs"), /unknown agent 'emacs'/);
  });
});
