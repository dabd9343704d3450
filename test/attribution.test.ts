// Line attribution end to end through the command line: agent hook payloads → pending edits → the Custody
// note written at commit → `custody blame`, and the note's attribution surviving a host squash merge.
import assert from "node:assert/strict";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { bufferIo } from "../src/cli/io.js";
import { run } from "../src/cli/run.js";
import { commitFiles, runGit } from "../src/git/index.js";
import type { PendingEdit } from "../src/provenance/hooks/pending.js";
import { installGitHooks, parseCustodyNote } from "../src/provenance/notes/index.js";
import { gitWithHooks, hookCommand, lines, writePendingEdit } from "../src/provenance/notes/test-support.js";
import { ALICE, tempDir, tempRepo } from "./helpers/git-repo.js";

let tick = Date.parse("2026-11-21T10:00:00Z");

async function custody(cwd: string, args: string[], stdin = "") {
  // Each call a second later, so edits replay in the order they happened.
  const io = bufferIo({ cwd, stdin, now: () => new Date((tick += 1000)) });
  const status = await run(args, io);
  return { status, stdout: io.stdout(), stderr: io.stderr() };
}

const BASE = ["export interface Item { price: number; quantity: number }", "", "export function total(items: Item[]): number {", "  return 0;", "}", ""].join("\n");

interface BlameJson {
  lines: { line: number; contributor: string; tool: string | null; model: string | null }[];
}

async function blameOf(repo: string, path: string): Promise<string[]> {
  const result = await custody(repo, ["blame", path, "--format", "json"]);
  assert.equal(result.status, 0, result.stderr);
  return (JSON.parse(result.stdout) as BlameJson).lines.map((l) => `${l.line} ${l.contributor} ${l.tool ?? "-"} ${l.model ?? "-"}`);
}

/** Claude Code edits total(), Cursor adds count(); a human types a line before and one after. Returns the repo. */
async function agentSession(repo: string, transcriptDir: string): Promise<string> {
  await commitFiles(repo, { message: "cart", author: ALICE, files: { "src/cart.ts": BASE } });
  const file = join(repo, "src/cart.ts");
  const transcript = join(transcriptDir, "session.jsonl");
  await writeFile(
    transcript,
    `${JSON.stringify({ type: "user", message: { role: "user", content: "Make total() add up price times quantity" } })}\n` +
      `${JSON.stringify({ type: "assistant", message: { role: "assistant", model: "claude-sonnet-4-5-20250929", content: [] } })}\n`,
  );
  const claude = { session_id: "s-1", transcript_path: transcript, cwd: repo, permission_mode: "default" };

  await writeFile(file, `// Cart helpers\n${BASE}`); // the human, before the agent
  const prompt = { ...claude, hook_event_name: "UserPromptSubmit", prompt: "Make total() add up price times quantity" };
  assert.equal((await custody(repo, ["hook", "claude-code"], JSON.stringify(prompt))).status, 0);
  const edit = {
    ...claude,
    tool_name: "Edit",
    tool_input: { file_path: file, old_string: "  return 0;", new_string: "  const sum = items.reduce((s, i) => s + i.price * i.quantity, 0);\n  return sum;" },
  };
  assert.equal((await custody(repo, ["hook", "claude-code"], JSON.stringify({ ...edit, hook_event_name: "PreToolUse" }))).status, 0);
  const afterClaude = (await readFile(file, "utf8")).replace("  return 0;", edit.tool_input.new_string);
  await writeFile(file, afterClaude);
  const post = await custody(repo, ["hook", "claude-code"], JSON.stringify({ ...edit, hook_event_name: "PostToolUse", tool_response: { success: true } }));
  assert.equal(post.stderr, "");

  const count = "\nexport function count(items: Item[]): number {\n  return items.length;\n}\n";
  await writeFile(file, afterClaude + count);
  const cursor = {
    conversation_id: "c-1",
    generation_id: "g-1",
    model: "gpt-5",
    hook_event_name: "afterFileEdit",
    workspace_roots: [repo],
    file_path: file,
    edits: [{ old_string: "  return sum;\n}\n", new_string: `  return sum;\n}\n${count}` }],
  };
  const cursorRun = await custody(repo, ["hook", "cursor"], JSON.stringify(cursor));
  assert.equal(cursorRun.stderr, "");

  const final = `${afterClaude + count}// reviewed by Alice\n`; // the human, after the agents
  await writeFile(file, final);
  await commitFiles(repo, { message: "Cart totals", author: ALICE, files: { "src/cart.ts": final } });
  const attached = await custody(repo, ["git-hook", "post-commit"]);
  assert.equal(attached.status, 0, attached.stderr);
  return final;
}

const EXPECTED = [
  "1 human - -",
  "2 unknown - -",
  "3 unknown - -",
  "4 unknown - -",
  "5 ai claude-code anthropic/claude-sonnet-4-5-20250929",
  "6 ai claude-code anthropic/claude-sonnet-4-5-20250929",
  "7 unknown - -",
  "8 ai cursor openai/gpt-5",
  "9 ai cursor openai/gpt-5",
  "10 ai cursor openai/gpt-5",
  "11 ai cursor openai/gpt-5",
  "12 human - -",
];

describe("attribution from agent hooks", () => {
  it("credits exactly the agents' lines to them and the lines a human typed before and after to the human", async (t) => {
    const repo = await tempRepo(t);
    await agentSession(repo, await tempDir(t));
    const note = parseCustodyNote((await runGit(repo, ["notes", "--ref", "custody", "show", "HEAD"])).toString("utf8"), "HEAD");
    const ranges = note.files.flatMap((f) => f.ranges.map((r) => `${f.path}:${r.start}-${r.end} ${r.contributor} ${r.tool ?? "-"}`));
    assert.deepEqual(ranges, [
      "src/cart.ts:1-1 human -",
      "src/cart.ts:5-6 ai claude-code",
      "src/cart.ts:8-11 ai cursor",
      "src/cart.ts:12-12 human -",
    ]);
    assert.ok(note.files[0]?.ranges.find((r) => r.tool === "claude-code")?.promptRef, "the Claude edit carries its prompt reference");
    assert.deepEqual(await blameOf(repo, "src/cart.ts"), EXPECTED);
  });

  it("keeps the attribution after a host squash-merges the branch (no hooks on the host)", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "readme", author: ALICE, files: { "README.md": "# shop\n" } });
    await runGit(repo, ["checkout", "-q", "-b", "feature"]);
    await agentSession(repo, await tempDir(t));
    await runGit(repo, ["checkout", "-q", "main"]);
    await runGit(repo, ["merge", "-q", "--squash", "feature"]);
    await runGit(repo, ["-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "Squashed feature"]);
    const blamed = await blameOf(repo, "src/cart.ts");
    // The squash commit wrote every line; each non-blank line the note attributes keeps its tool and model,
    // and no other line picks up an attribution by coincidence (line 7, a lone `}`, stays unknown).
    // Line 8 is blank: blank lines join a range only between lines of the same attribution.
    assert.deepEqual(blamed, EXPECTED.map((l) => (l.startsWith("8 ") ? "8 unknown - -" : l)));
  });
});

describe("custody stats", () => {
  it("counts the hook-attributed lines and keeps unknown apart from human", async (t) => {
    const repo = await tempRepo(t);
    await agentSession(repo, await tempDir(t));
    await mkdir(join(repo, "docs"), { recursive: true });
    const result = await custody(repo, ["stats", "HEAD~1..HEAD", "--format", "json"]);
    assert.equal(result.status, 0, result.stderr);
    const { stats } = JSON.parse(result.stdout) as { stats: { ai: number; human: number; unknown: number; byTool: Record<string, number> } };
    assert.deepEqual(stats.byTool, { "claude-code": 2, cursor: 4 });
    assert.equal(stats.human, 2);
    assert.equal(stats.ai, 6);
  });
});

describe("attribution through an interactive rebase", () => {
  it("`custody blame` gives the same lines the same tool and model after reordering and squashing", async (t) => {
    const repo = await tempRepo(t);
    await commitFiles(repo, { message: "base", author: ALICE, files: { "README.md": "demo\n" } });
    await installGitHooks(repo, { command: await hookCommand(await tempDir(t)) });
    const a = lines("function a() {", "  return computeTheAnswer(1);", "}");
    const c = `${a}${lines("function c() {", "  return computeTheAnswer(3);", "}")}`;
    const b = lines("const b = loadTheSetting(2);", "export { b };");
    // Models as the hooks record them (normalised to provider/model).
    const steps: [string, string | undefined, string, { start: number; end: number }[], PendingEdit["tool"], string][] = [
      ["a.js", undefined, a, [{ start: 1, end: 3 }], "claude-code", "anthropic/claude-sonnet-4-5"],
      ["b.js", undefined, b, [{ start: 1, end: 2 }], "cursor", "openai/gpt-5"],
      ["a.js", a, c, [{ start: 4, end: 6 }], "codex", "openai/gpt-5-codex"],
    ];
    const shas: string[] = [];
    for (const [index, [path, before, after, aiLines, tool, model]] of steps.entries()) {
      await writePendingEdit(repo, { id: `e${index}`, time: `2026-01-01T00:00:0${index}Z`, path, ...(before === undefined ? {} : { before }), after, aiLines, tool, model });
      await writeFile(join(repo, path), after);
      await gitWithHooks(repo, ["add", path]);
      await gitWithHooks(repo, ["commit", "-q", "-m", `edit ${path}`]);
      shas.push((await gitWithHooks(repo, ["rev-parse", "HEAD"])).trim());
    }
    const before = [...(await blameOf(repo, "a.js")), ...(await blameOf(repo, "b.js"))];
    const todo = join(await tempDir(t), "todo");
    await writeFile(todo, `pick ${shas[1] ?? ""}\npick ${shas[0] ?? ""}\nsquash ${shas[2] ?? ""}\n`);
    await gitWithHooks(repo, ["rebase", "-q", "-i", "HEAD~3"], { GIT_SEQUENCE_EDITOR: `cp "${todo}"` });
    assert.notEqual((await gitWithHooks(repo, ["rev-parse", "HEAD"])).trim(), shas[2]);
    const after = [...(await blameOf(repo, "a.js")), ...(await blameOf(repo, "b.js"))];
    assert.deepEqual(after, before);
    assert.deepEqual(before, [
      "1 ai claude-code anthropic/claude-sonnet-4-5",
      "2 ai claude-code anthropic/claude-sonnet-4-5",
      "3 ai claude-code anthropic/claude-sonnet-4-5",
      "4 ai codex openai/gpt-5-codex",
      "5 ai codex openai/gpt-5-codex",
      "6 ai codex openai/gpt-5-codex",
      "1 ai cursor openai/gpt-5",
      "2 ai cursor openai/gpt-5",
    ]);
  });
});

describe("custody provenance on a repository with every recognised tool", () => {
  it("attributes each commit from its identities and trailers, and a human who only mentions AI stays unknown", async (t) => {
    const repo = await tempRepo(t);
    const human = ALICE;
    const bot = (name: string, id: number) => ({ name, email: `${id}+${name}@users.noreply.github.com` });
    const cases: { message: string; author?: { name: string; email: string }; expected: string }[] = [
      { message: "Add cache\n\nCo-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>", expected: "ai claude-code anthropic/claude-opus-4-5" },
      { message: "Fix parser\n\nCo-authored-by: aider (openai/gpt-4o) <aider@aider.chat>", expected: "ai aider openai/gpt-4o" },
      { message: "Tidy", author: { name: "Alice Example (aider)", email: "alice@example.com" }, expected: "ai aider -" },
      { message: "Refactor", author: { name: "Cursor Agent", email: "cursoragent@cursor.com" }, expected: "ai cursor -" },
      { message: "Add endpoint", author: { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com" }, expected: "ai copilot -" },
      { message: "Add flag\n\nCo-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>", expected: "ai copilot -" },
      { message: "Port module", author: bot("chatgpt-codex-connector[bot]", 199175422), expected: "ai codex -" },
      { message: "Upgrade deps", author: bot("devin-ai-integration[bot]", 158243242), expected: "ai devin -" },
      { message: "Add tests", author: bot("google-labs-jules[bot]", 161369871), expected: "ai jules -" },
      { message: "Fix lint", author: bot("amazon-q-developer[bot]", 208079219), expected: "ai amazon-q -" },
      { message: "Apply suggestion\n\nCo-authored-by: gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>", expected: "ai gemini -" },
      { message: "Build page\n\nReplit-Commit-Author: Agent", expected: "ai other -" },
      { message: "mm: fix leak\n\nAssisted-by: Claude:claude-3-opus coccinelle\nSigned-off-by: Alice Example <alice@example.com>", expected: "mixed claude-code anthropic/claude-3-opus" },
      { message: "Revert Claude's change and fix the Copilot config\n\nWe stopped using Cursor for this module.", expected: "unknown - -" },
      { message: "Fix typo\n\nSigned-off-by: Alice Example <alice@example.com>", expected: "unknown - -" },
    ];
    const base = await commitFiles(repo, { message: "base", author: human, files: { "n.txt": "0\n" } });
    for (const [i, c] of cases.entries()) {
      await commitFiles(repo, { message: c.message, author: c.author ?? human, committer: human, files: { "n.txt": `${i + 1}\n` } });
    }
    const result = await custody(repo, ["provenance", `${base}..HEAD`, "--format", "json"]);
    assert.equal(result.status, 0, result.stderr);
    const { commits } = JSON.parse(result.stdout) as { commits: { attribution: { contributor: string; tool?: string; model?: string } }[] };
    assert.deepEqual(
      commits.map((c) => `${c.attribution.contributor} ${c.attribution.tool ?? "-"} ${c.attribution.model ?? "-"}`),
      cases.map((c) => c.expected),
    );
  });
});
