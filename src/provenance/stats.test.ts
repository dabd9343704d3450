import assert from "node:assert/strict";
import { test } from "node:test";
import type { Attribution, LineAttribution } from "../core/types.js";
import { summarize } from "./index.js";

function range(path: string, start: number, end: number, attribution: Attribution): LineAttribution {
  return { path, lines: { start, end }, commit: "f".repeat(40), attribution };
}

const CLAUDE: Attribution = { contributor: "ai", tool: "claude-code", model: "anthropic/claude-opus-4-5", evidence: [], confidence: 0.9 };
const AIDER: Attribution = { contributor: "ai", tool: "aider", model: "openai/gpt-4o", evidence: [], confidence: 0.9 };
const ASSISTED: Attribution = { contributor: "mixed", tool: "claude-code", model: "anthropic/claude-3-opus", evidence: [], confidence: 0.85 };
const HUMAN: Attribution = { contributor: "human", evidence: [], confidence: 0.6 };
const UNKNOWN: Attribution = { contributor: "unknown", evidence: [], confidence: 0 };

void test("summarize counts lines per contributor and never folds unknown into human", () => {
  const stats = summarize([
    range("a.ts", 1, 6, CLAUDE),
    range("a.ts", 7, 8, HUMAN),
    range("b.ts", 1, 10, UNKNOWN),
    range("c.ts", 1, 2, AIDER),
    range("d.ts", 5, 6, ASSISTED),
  ]);
  assert.deepEqual(
    { addedLines: stats.addedLines, ai: stats.ai, human: stats.human, mixed: stats.mixed, unknown: stats.unknown },
    { addedLines: 22, ai: 8, human: 2, mixed: 2, unknown: 10 },
  );
  assert.equal(stats.aiShare, 8 / 22);
});

void test("summarize breaks AI-written and co-written lines down by tool and model, in key order", () => {
  const stats = summarize([range("a.ts", 1, 6, CLAUDE), range("c.ts", 1, 2, AIDER), range("d.ts", 5, 6, ASSISTED), range("e.ts", 1, 3, HUMAN)]);
  assert.deepEqual(stats.byTool, { aider: 2, "claude-code": 8 });
  assert.deepEqual(Object.keys(stats.byTool), ["aider", "claude-code"]);
  assert.deepEqual(stats.byModel, { "anthropic/claude-3-opus": 2, "anthropic/claude-opus-4-5": 6, "openai/gpt-4o": 2 });
});

void test("summarize of nothing has an AI share of 0", () => {
  assert.deepEqual(summarize([]), {
    addedLines: 0,
    ai: 0,
    human: 0,
    mixed: 0,
    unknown: 0,
    aiShare: 0,
    byTool: {},
    byModel: {},
  });
});

void test("a change of only unknown lines has an AI share of 0 and no human lines", () => {
  const stats = summarize([range("a.ts", 1, 4, UNKNOWN)]);
  assert.equal(stats.aiShare, 0);
  assert.equal(stats.human, 0);
  assert.equal(stats.unknown, 4);
});
