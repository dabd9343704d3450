// Which files steer AI coding agents. The policy uses the same matcher, so a change to one of these
// files can be routed for review whatever the analyzers find in it.
import picomatch from "picomatch";

/**
 * Instruction, rule, command and MCP configuration files read by AI coding agents, at any depth.
 * Each entry is a name the tool documents; look-alikes (`docs/claude.md`, `CLAUDE.md.bak`) stay out.
 */
export const AGENT_CONFIG_GLOBS: readonly string[] = [
  // Cursor: legacy single file, project rules (.mdc), MCP servers, cloud-agent environment, hooks.
  "**/.cursorrules",
  "**/.cursor/rules/**",
  "**/.cursor/mcp.json",
  "**/.cursor/environment.json",
  "**/.cursor/hooks.json",
  // Claude Code: memory files and the whole .claude folder (settings, commands, agents, hooks).
  "**/CLAUDE.md",
  "**/CLAUDE.local.md",
  "**/.claude/**",
  "**/.mcp.json",
  // The cross-tool AGENTS.md (Codex, Cursor, Copilot, Zed, Roo…), Codex's override and its folder.
  "**/AGENTS.md",
  "**/AGENTS.override.md",
  "**/AGENT.md",
  "**/.codex/**",
  // Gemini CLI.
  "**/GEMINI.md",
  "**/.gemini/**",
  // GitHub Copilot: repository instructions, path instructions, prompt files, chat modes, custom agents.
  "**/.github/copilot-instructions.md",
  "**/.github/instructions/**",
  "**/.github/prompts/**",
  "**/.github/chatmodes/**",
  "**/.github/agents/**",
  // Windsurf.
  "**/.windsurfrules",
  "**/.windsurf/rules/**",
  "**/.windsurf/workflows/**",
  // Cline accepts both a single file and a folder of rule files (and workflows inside it).
  "**/.clinerules",
  "**/.clinerules/**",
  // Roo Code: rule folders (also per mode), the single-file fallbacks and the project MCP file.
  "**/.roo/**",
  "**/.roorules",
  "**/.roorules-*",
  // Continue.
  "**/.continue/**",
  "**/.continuerules",
  // Aider reads its conventions file and config; .aiderignore decides what it may see.
  "**/CONVENTIONS.md",
  "**/.aider.conf.yml",
  "**/.aiderignore",
  // Amazon Q Developer project rules.
  "**/.amazonq/rules/**",
  // JetBrains Junie.
  "**/.junie/guidelines.md",
  // Zed reads `.rules` first among its compatible names.
  "**/.rules",
  // Kiro steering files and workspace MCP configuration.
  "**/.kiro/steering/**",
  "**/.kiro/settings/mcp.json",
  // VS Code workspace MCP servers.
  "**/.vscode/mcp.json",
];

const matches = picomatch([...AGENT_CONFIG_GLOBS], { dot: true });

function normalize(path: string): string {
  return path.replace(/\\/g, "/").replace(/^(?:\.\/)+/, "");
}

/** Whether a repository-relative path (forward or back slashes) names an agent config file. */
export function isAgentConfigPath(path: string): boolean {
  const normalized = normalize(path);
  return normalized.length > 0 && matches(normalized);
}

/**
 * How Custody reads an agent file: free text an agent follows, or a structured configuration whose
 * settings decide what the agent may do.
 */
export const AGENT_FILE_KINDS = [
  "instructions",
  "claude-settings",
  "gemini-settings",
  "codex-config",
  "mcp",
  "cursor-environment",
  "hooks",
  "aider-config",
  "continue-config",
  "other-config",
] as const;
export type AgentFileKind = (typeof AGENT_FILE_KINDS)[number];

export const CONFIG_FORMATS = ["json", "yaml", "toml"] as const;
export type ConfigFormat = (typeof CONFIG_FORMATS)[number];

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** The structured format of a file, from its extension; `undefined` for text. */
export function configFormat(path: string): ConfigFormat | undefined {
  const ext = extension(normalize(path).split("/").at(-1) ?? "");
  if (ext === "json" || ext === "jsonc") return "json";
  if (ext === "yaml" || ext === "yml") return "yaml";
  if (ext === "toml") return "toml";
  return undefined;
}

/** The kind of an agent config file, or `undefined` when the path is not one. */
export function agentFileKind(path: string): AgentFileKind | undefined {
  if (!isAgentConfigPath(path)) return undefined;
  const normalized = normalize(path);
  const format = configFormat(normalized);
  // Gemini custom commands are TOML files whose body is a prompt: text an agent obeys.
  if (/(?:^|\/)\.gemini\/commands\//.test(normalized) && format === "toml") return "instructions";
  if (format === undefined) return "instructions";
  if (/(?:^|\/)\.claude\/settings(?:\.local)?\.json$/.test(normalized)) return "claude-settings";
  if (/(?:^|\/)\.gemini\/settings\.json$/.test(normalized)) return "gemini-settings";
  if (/(?:^|\/)\.codex\/config\.toml$/.test(normalized)) return "codex-config";
  if (/(?:^|\/)\.cursor\/environment\.json$/.test(normalized)) return "cursor-environment";
  if (/(?:^|\/)\.cursor\/hooks\.json$/.test(normalized)) return "hooks";
  if (/(?:^|\/)\.aider\.conf\.yml$/.test(normalized)) return "aider-config";
  if (/(?:^|\/)(?:\.mcp\.json|mcp\.json)$/.test(normalized) || /(?:^|\/)\.continue\/mcpServers\//.test(normalized)) return "mcp";
  if (/(?:^|\/)\.continue\/config\.(?:ya?ml|json)$/.test(normalized)) return "continue-config";
  return "other-config";
}

const PROSE_EXTENSIONS: ReadonlySet<string> = new Set(["md", "mdx", "markdown", "mdc", "txt", "text", "rst", "adoc", "asciidoc", "org", "textile", "wiki"]);

/** Documents written for people, where zero-width characters have typographic uses. */
export function isProseFile(path: string): boolean {
  return PROSE_EXTENSIONS.has(extension(normalize(path).split("/").at(-1) ?? ""));
}

/**
 * VS Code's workspace settings are not agent instructions, but they hold the switches that turn the
 * Copilot agent's approvals off, so they are checked for those alone.
 */
export function isVsCodeSettingsPath(path: string): boolean {
  return /(?:^|\/)\.vscode\/settings\.json$/.test(normalize(path));
}
