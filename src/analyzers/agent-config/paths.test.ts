import assert from "node:assert/strict";
import { test } from "node:test";
import { agentConfigAnalyzer, isAgentConfigPath } from "./index.js";

await test("agent instruction and MCP files match at any depth", () => {
  for (const path of [
    ".cursorrules",
    ".cursor/rules/style.mdc",
    ".cursor/mcp.json",
    "CLAUDE.md",
    "services/billing/CLAUDE.md",
    ".claude/settings.json",
    ".claude/commands/release.md",
    ".claude/agents/reviewer.md",
    "AGENTS.md",
    "GEMINI.md",
    ".github/copilot-instructions.md",
    ".github/instructions/python.instructions.md",
    ".windsurfrules",
    ".windsurf/rules/tests.md",
    ".clinerules",
    ".clinerules/01-style.md",
    ".continue/config.yaml",
    "CONVENTIONS.md",
    ".aider.conf.yml",
    ".amazonq/rules/security.md",
    ".mcp.json",
    ".vscode/mcp.json",
    "./AGENTS.md",
    "packages\\web\\.cursorrules",
  ]) {
    assert.equal(isAgentConfigPath(path), true, path);
  }
});

await test("ordinary files and look-alike names do not match", () => {
  for (const path of [
    "",
    "README.md",
    "docs/claude.md",
    "CLAUDE.md.bak",
    "src/agents.ts",
    ".github/workflows/ci.yml",
    ".vscode/settings.json",
    "mcp.json",
    ".cursor/settings.json",
    "notes/AGENTS.md.orig",
  ]) {
    assert.equal(isAgentConfigPath(path), false, path);
  }
});

await test("the analyzer scans exactly the agent config paths", () => {
  assert.equal(agentConfigAnalyzer.appliesTo("a/b/GEMINI.md"), true);
  assert.equal(agentConfigAnalyzer.appliesTo("src/index.ts"), false);
});
