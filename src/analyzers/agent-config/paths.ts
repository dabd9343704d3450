// Which files steer AI coding agents. The policy uses the same matcher, so a change to one of these
// files can be routed for review whatever the analyzers find in it.
import picomatch from "picomatch";

/** Instruction, rule and MCP configuration files read by AI coding agents, at any depth. */
export const AGENT_CONFIG_GLOBS: readonly string[] = [
  "**/.cursorrules",
  "**/.cursor/rules/**",
  "**/.cursor/mcp.json",
  "**/CLAUDE.md",
  "**/CLAUDE.local.md",
  "**/.claude/**",
  "**/AGENTS.md",
  "**/GEMINI.md",
  "**/.github/copilot-instructions.md",
  "**/.github/instructions/**",
  "**/.github/prompts/**",
  "**/.windsurfrules",
  "**/.windsurf/rules/**",
  // Cline accepts both a single file and a folder of rule files.
  "**/.clinerules",
  "**/.clinerules/**",
  "**/.continue/**",
  "**/CONVENTIONS.md",
  "**/.aider.conf.yml",
  "**/.amazonq/rules/**",
  "**/.mcp.json",
  "**/.vscode/mcp.json",
];

const matches = picomatch([...AGENT_CONFIG_GLOBS], { dot: true });

/** Whether a repository-relative path (forward or back slashes) names an agent config file. */
export function isAgentConfigPath(path: string): boolean {
  const normalized = path.replace(/\\/g, "/").replace(/^(?:\.\/)+/, "");
  return normalized.length > 0 && matches(normalized);
}
