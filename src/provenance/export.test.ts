import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Attribution, LineAttribution } from "../core/types.js";
import { toAgentTrace, toGitAiLog } from "./export.js";
import { agentTraceClaims, formatAgentTrace, parseAgentTrace } from "./sources/agent-trace.js";
import { gitAiClaims, parseGitAiLog } from "./sources/git-ai.js";

const HEAD = "abcdefabcdefabcdefabcdefabcdefabcdefabcd";
const PARENT = "0123456701234567012345670123456701234567";
const TIME = "2026-03-01T12:00:00.000Z";

function ai(tool: Attribution["tool"], extra: Partial<Attribution> = {}): Attribution {
  return { contributor: "ai", ...(tool !== undefined && { tool }), evidence: [{ source: "hook", detail: "edit" }], confidence: 1, ...extra };
}

function line(path: string, start: number, end: number, attribution: Attribution): LineAttribution {
  return { path, lines: { start, end }, commit: HEAD, attribution };
}

const LINES: LineAttribution[] = [
  line("src/b.ts", 10, 12, ai("claude-code", { model: "anthropic/claude-sonnet-4-5", sessionId: "sess one", humanOfRecord: "Alice <a@example.com>" })),
  line("src/a.ts", 1, 3, ai("claude-code", { model: "anthropic/claude-sonnet-4-5", sessionId: "sess one", humanOfRecord: "Alice <a@example.com>" })),
  line("src/a.ts", 4, 5, ai("claude-code", { model: "anthropic/claude-sonnet-4-5", sessionId: "sess one", humanOfRecord: "Alice <a@example.com>" })),
  line("src/a.ts", 6, 6, { contributor: "human", evidence: [], confidence: 1 }),
  line("src/a.ts", 7, 9, ai("copilot", { model: "openai/gpt-4o" })),
  line("src/a.ts", 10, 10, { contributor: "unknown", evidence: [], confidence: 0 }),
  line("src/a.ts", 11, 11, { ...ai("cursor"), contributor: "mixed" }),
  line("src/c.ts", 2, 2, ai("claude-code", { model: "anthropic/claude-opus-4-5", sessionId: "sess one" })),
];

function summary(claims: { path: string; lines: { start: number; end: number }; attribution: Attribution }[]) {
  return claims.map((c) => `${c.path}:${c.lines.start}-${c.lines.end} ${c.attribution.contributor} ${c.attribution.tool ?? "-"}`).sort();
}

describe("toGitAiLog", () => {
  test("round-trips AI and mixed ranges with their tools, models and sessions", () => {
    const log = parseGitAiLog(toGitAiLog(HEAD, LINES, { baseCommit: PARENT }));
    const claims = gitAiClaims(log, HEAD);
    assert.deepEqual(summary(claims), [
      "src/a.ts:1-5 ai claude-code",
      "src/a.ts:11-11 ai cursor",
      "src/a.ts:7-9 ai copilot",
      "src/b.ts:10-12 ai claude-code",
      "src/c.ts:2-2 ai claude-code",
    ]);
    const first = claims.find((c) => c.path === "src/a.ts" && c.lines.start === 1);
    assert.equal(first?.attribution.model, "anthropic/claude-sonnet-4-5");
    assert.equal(first.attribution.sessionId, "sess one");
    assert.equal(first.attribution.humanOfRecord, "Alice <a@example.com>");
    assert.equal(claims.find((c) => c.path === "src/c.ts")?.attribution.model, "anthropic/claude-opus-4-5");
    assert.equal(log.metadata.base_commit_sha, PARENT);
  });

  test("never attests human or unknown lines, and writes no prompt text", () => {
    const text = toGitAiLog(HEAD, LINES, { baseCommit: PARENT });
    const log = parseGitAiLog(text);
    const attested = log.files.flatMap((f) => f.attestations.flatMap((a) => a.lines.map((r) => `${f.path}:${r.start}`)));
    assert.ok(!attested.includes("src/a.ts:6"));
    assert.ok(!attested.includes("src/a.ts:10"));
    assert.ok(Object.values(log.metadata.prompts).every((p) => p.messages.length === 0));
  });

  test("uses the standard's session hash and git-ai's tool names", () => {
    const log = parseGitAiLog(toGitAiLog(HEAD, LINES, { baseCommit: PARENT }));
    const tools = Object.values(log.metadata.prompts).map((p) => p.agent_id.tool).sort();
    assert.deepEqual(tools, ["claude", "claude", "cursor", "github-copilot"]);
    const hashes = Object.keys(log.metadata.prompts);
    assert.ok(hashes.every((h) => /^[0-9a-f]{16}$/.test(h)));
    assert.equal(new Set(hashes).size, 4);
  });

  test("the same input gives the same text whatever its order", () => {
    const reversed = [...LINES].reverse();
    assert.equal(toGitAiLog(HEAD, reversed, { baseCommit: PARENT }), toGitAiLog(HEAD, LINES, { baseCommit: PARENT }));
  });
});

describe("toAgentTrace", () => {
  test("one valid record per tool, and the ranges and tools come back when read", () => {
    const records = toAgentTrace(HEAD, LINES, { timestamp: TIME });
    assert.deepEqual(records.map((r) => r.tool?.name), [undefined, "claude-code", "copilot", "cursor"]);
    const reread = records.map((r) => parseAgentTrace(formatAgentTrace(r)));
    assert.deepEqual(reread, records);
    const claims = reread.flatMap((r) => agentTraceClaims(r));
    assert.deepEqual(summary(claims), [
      "src/a.ts:1-5 ai claude-code",
      "src/a.ts:11-11 mixed cursor",
      "src/a.ts:6-6 human -",
      "src/a.ts:7-9 ai copilot",
      "src/b.ts:10-12 ai claude-code",
      "src/c.ts:2-2 ai claude-code",
    ]);
    assert.ok(claims.every((c) => c.commit === HEAD));
    const session = claims.find((c) => c.path === "src/b.ts");
    assert.equal(session?.attribution.sessionId, "sess one");
    assert.equal(session.attribution.model, "anthropic/claude-sonnet-4-5");
  });

  test("keeps unknown lines unknown rather than human", () => {
    const [toolless] = toAgentTrace(HEAD, LINES, { timestamp: TIME });
    const types = toolless?.files.flatMap((f) => f.conversations.map((c) => c.contributor?.type));
    assert.deepEqual(types?.sort(), ["human", "unknown"]);
  });

  test("ids are stable for the same commit and differ between commits", () => {
    const a = toAgentTrace(HEAD, LINES, { timestamp: TIME }).map((r) => r.id);
    const b = toAgentTrace(HEAD, [...LINES].reverse(), { timestamp: TIME }).map((r) => r.id);
    const c = toAgentTrace(PARENT, LINES, { timestamp: TIME }).map((r) => r.id);
    assert.deepEqual(a, b);
    assert.ok(a.every((id, i) => id !== c[i]));
    assert.equal(new Set(a).size, a.length);
  });
});
