import assert from "node:assert/strict";
import { test } from "node:test";
import { normalizeModel } from "./index.js";

const CASES: [raw: string, expected: string | undefined][] = [
  ["Claude Opus 4.5", "anthropic/claude-opus-4-5"],
  ["Claude Sonnet 4.5 (1M context)", "anthropic/claude-sonnet-4-5"],
  ["Claude 3.7 Sonnet", "anthropic/claude-3-7-sonnet"],
  ["claude-3-opus", "anthropic/claude-3-opus"],
  ["claude-sonnet-4-20250514", "anthropic/claude-sonnet-4-20250514"],
  ["openai/gpt-4o", "openai/gpt-4o"],
  ["anthropic/claude-sonnet-4-20250514", "anthropic/claude-sonnet-4-20250514"],
  ["ollama/gemma3:e4b-mlx", "ollama/gemma3:e4b-mlx"],
  ["(openai/gpt-4o)", "openai/gpt-4o"],
  ["gpt-5-codex", "openai/gpt-5-codex"],
  ["GPT 5.4", "openai/gpt-5.4"],
  ["gpt-4o", "openai/gpt-4o"],
  ["o3", "openai/o3"],
  ["o4-mini", "openai/o4-mini"],
  ["gemini-2.5-pro", "google/gemini-2.5-pro"],
  ["grok-4", "xai/grok-4"],
  ["deepseek-r1", "deepseek/deepseek-r1"],
  ["qwen3-coder", "alibaba/qwen3-coder"],
  ["Claude", undefined],
  ["Claude Code", undefined],
  ["codex", undefined],
  ["unknown-model", undefined],
  ["1M context", undefined],
  ["", undefined],
  ["   ", undefined],
  ["copilot-swe-agent[bot]", undefined],
  ["gpt-4o; rm -rf /", undefined],
  [`gpt-${"9".repeat(200)}`, undefined],
];

for (const [raw, expected] of CASES) {
  void test(`normalizeModel(${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)}) is ${String(expected)}`, () => {
    assert.equal(normalizeModel(raw), expected);
  });
}
