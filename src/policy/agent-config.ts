// Stand-in for the agent-config analyzer's path predicate until that analyzer lands: the files that
// steer AI agents. Same signature, so switching the import is the only change needed.

import picomatch from "picomatch";

const AGENT_CONFIG_GLOBS = [
  "**/.cursorrules",
  "**/.cursor/rules/**",
  "**/.cursor/mcp.json",
  "**/CLAUDE.md",
  "**/CLAUDE.local.md",
  "**/.claude/settings.json",
  "**/.claude/settings.local.json",
  "**/.claude/commands/**",
  "**/.claude/agents/**",
  "**/AGENTS.md",
  "**/GEMINI.md",
  "**/.gemini/settings.json",
  "**/.github/copilot-instructions.md",
  "**/.github/instructions/**",
  "**/.github/prompts/**",
  "**/.windsurfrules",
  "**/.windsurf/rules/**",
  "**/.clinerules",
  "**/.aider.conf.yml",
  "**/.mcp.json",
  "**/.vscode/mcp.json",
];

const matcher = picomatch(AGENT_CONFIG_GLOBS, { dot: true });

export function isAgentConfigPath(path: string): boolean {
  return matcher(path);
}
