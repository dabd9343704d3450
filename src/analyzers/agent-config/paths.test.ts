import assert from "node:assert/strict";
import { test } from "node:test";
import { agentConfigAnalyzer, agentFileKind, isAgentConfigPath } from "./index.js";

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
    ".cursor/environment.json",
    ".cursor/hooks.json",
    ".claude/settings.local.json",
    "AGENTS.override.md",
    "AGENT.md",
    ".codex/config.toml",
    ".gemini/settings.json",
    ".gemini/commands/review.toml",
    ".github/prompts/release.prompt.md",
    ".github/chatmodes/planner.chatmode.md",
    ".github/agents/reviewer.agent.md",
    ".windsurf/workflows/deploy.md",
    ".clinerules/workflows/release.md",
    ".roo/rules/01-general.md",
    ".roo/rules-code/style.md",
    ".roo/mcp.json",
    ".roorules",
    ".roorules-architect",
    ".continue/mcpServers/db.yaml",
    ".continuerules",
    ".aiderignore",
    ".junie/guidelines.md",
    ".rules",
    ".kiro/steering/tech.md",
    ".kiro/settings/mcp.json",
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
    "docs/CLAUDE.md.bak",
    "src/rules/x.ts",
    "src/agents/AGENTS.ts",
    ".github/workflows/agents.yml",
    ".github/copilot.md",
    ".kiro/specs/login/design.md",
    ".amazonq/cache/index.json",
    ".junie/notes.md",
    "rules",
    "my.rules",
    ".rules.bak",
    "GEMINI.md.txt",
    "config/mcp.json",
  ]) {
    assert.equal(isAgentConfigPath(path), false, path);
  }
});

await test("the analyzer looks at every file, since Trojan Source and homoglyphs work anywhere", () => {
  assert.equal(agentConfigAnalyzer.appliesTo("a/b/GEMINI.md"), true);
  assert.equal(agentConfigAnalyzer.appliesTo("src/index.ts"), true);
});

await test("agent files are classified by what the agent does with them", () => {
  const cases: [string, ReturnType<typeof agentFileKind>][] = [
    ["CLAUDE.md", "instructions"],
    [".cursor/rules/style.mdc", "instructions"],
    [".windsurfrules", "instructions"],
    [".gemini/commands/review.toml", "instructions"],
    [".claude/settings.json", "claude-settings"],
    ["web/.claude/settings.local.json", "claude-settings"],
    [".gemini/settings.json", "gemini-settings"],
    [".codex/config.toml", "codex-config"],
    [".mcp.json", "mcp"],
    [".vscode/mcp.json", "mcp"],
    [".kiro/settings/mcp.json", "mcp"],
    [".continue/mcpServers/db.yaml", "mcp"],
    [".cursor/environment.json", "cursor-environment"],
    [".cursor/hooks.json", "hooks"],
    [".aider.conf.yml", "aider-config"],
    [".continue/config.yaml", "continue-config"],
    [".claude/agents/reviewer.json", "other-config"],
    ["src/index.ts", undefined],
  ];
  for (const [path, kind] of cases) assert.equal(agentFileKind(path), kind, path);
});
