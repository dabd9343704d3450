import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isCustodyError } from "../core/errors.js";
import type { Attribution, CommitAttribution } from "../core/types.js";
import { resolveLines, type OriginBlamedLine } from "./index.js";

const AI_SHA = "a".repeat(40);
const HUMAN_SHA = "b".repeat(40);
const BASE_SHA = "c".repeat(40);

const AI: Attribution = {
  contributor: "ai",
  tool: "claude-code",
  model: "anthropic/claude-opus-4-5",
  humanOfRecord: "Ada Lovelace <ada@example.com>",
  evidence: [{ source: "trailer", detail: "Co-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>" }],
  confidence: 0.9,
};
const HUMAN: Attribution = {
  contributor: "human",
  humanOfRecord: "Ada Lovelace <ada@example.com>",
  evidence: [{ source: "bot-author", detail: "committer: Ada Lovelace (aider) <ada@example.com>" }],
  confidence: 0.6,
};
// The base commit carries AI evidence too: boundary lines must not inherit it.
const COMMITS: CommitAttribution[] = [
  { sha: AI_SHA, subject: "add retry", attribution: AI },
  { sha: HUMAN_SHA, subject: "tune timeout", attribution: HUMAN },
  { sha: BASE_SHA, subject: "older work", attribution: AI },
];

function blamed(path: string, line: number, commit: string, boundary = false): OriginBlamedLine {
  return { path, line, commit, boundary, origPath: path, origLine: line };
}

/** Line resolution with no line-level source: each line carries its commit's attribution. */
function resolve(lines: OriginBlamedLine[]) {
  return resolveLines("/no-repository-needed", lines, COMMITS, []);
}

function summary(result: Awaited<ReturnType<typeof resolve>>): string[] {
  return result.map((r) => `${r.path}:${r.lines.start}-${r.lines.end} ${r.commit.slice(0, 1)} ${r.attribution.contributor}`);
}

void describe("line resolution from commit attributions", () => {
  void test("merges consecutive lines of one commit and splits at gaps, commits and files", async () => {
    const lines = [
      blamed("src/b.ts", 1, AI_SHA),
      blamed("src/a.ts", 3, AI_SHA),
      blamed("src/a.ts", 1, AI_SHA),
      blamed("src/a.ts", 2, AI_SHA),
      blamed("src/a.ts", 4, HUMAN_SHA),
      blamed("src/a.ts", 5, HUMAN_SHA),
      blamed("src/a.ts", 7, HUMAN_SHA),
      blamed("src/a.ts", 8, AI_SHA),
    ];
    assert.deepEqual(summary(await resolve(lines)), [
      "src/a.ts:1-3 a ai",
      "src/a.ts:4-5 b human",
      "src/a.ts:7-7 b human",
      "src/a.ts:8-8 a ai",
      "src/b.ts:1-1 a ai",
    ]);
  });

  void test("carries the commit's attribution, tool and model onto its lines", async () => {
    const [range] = await resolve([blamed("x.py", 10, AI_SHA)]);
    assert.deepEqual(range?.attribution, AI);
  });

  void test("boundary lines are unknown with no evidence, even when the commit has AI evidence", async () => {
    const result = await resolve([blamed("a.ts", 1, BASE_SHA, true), blamed("a.ts", 2, BASE_SHA, true)]);
    assert.deepEqual(result, [
      { path: "a.ts", lines: { start: 1, end: 2 }, commit: BASE_SHA, attribution: { contributor: "unknown", evidence: [], confidence: 0 } },
    ]);
  });

  void test("a boundary line does not merge with a non-boundary line of the same commit", async () => {
    const result = await resolve([blamed("a.ts", 1, BASE_SHA, true), blamed("a.ts", 2, BASE_SHA)]);
    assert.deepEqual(summary(result), ["a.ts:1-1 c unknown", "a.ts:2-2 c ai"]);
  });

  void test("lines from a commit that was not attributed are unknown, not human", async () => {
    const [range] = await resolve([blamed("a.ts", 1, "d".repeat(40))]);
    assert.deepEqual(range?.attribution, { contributor: "unknown", evidence: [], confidence: 0 });
  });

  void test("a line listed twice with the same commit counts once", async () => {
    const result = await resolve([blamed("a.ts", 1, AI_SHA), blamed("a.ts", 1, AI_SHA), blamed("a.ts", 2, AI_SHA)]);
    assert.deepEqual(summary(result), ["a.ts:1-2 a ai"]);
  });

  void test("a line blamed on two commits is rejected with a message naming the line", async () => {
    await assert.rejects(
      resolve([blamed("a.ts", 3, AI_SHA), blamed("a.ts", 3, HUMAN_SHA)]),
      (error: unknown) => isCustodyError(error) && error.code === "blame-invalid" && error.message.includes("a.ts:3"),
    );
  });

  void test("line numbers must be positive integers", async () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(
        resolve([blamed("a.ts", bad, AI_SHA)]),
        (error: unknown) => isCustodyError(error) && error.code === "blame-invalid",
      );
    }
  });

  void test("no lines give no ranges", async () => {
    assert.deepEqual(await resolve([]), []);
  });
});
