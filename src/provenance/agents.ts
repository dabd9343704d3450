// Agent names as people and tools write them in free text fields (`Assisted-by: Claude:…`,
// `Entire-Agent: Claude Code`), mapped to the tool ids of the domain model.
import type { Tool } from "../core/types.js";

/** Keys are the name lower-cased with everything but letters and digits removed. */
const AGENT_NAMES: Readonly<Record<string, Tool>> = {
  claude: "claude-code",
  claudecode: "claude-code",
  anthropicclaude: "claude-code",
  cursor: "cursor",
  cursoragent: "cursor",
  cursorcli: "cursor",
  copilot: "copilot",
  githubcopilot: "copilot",
  copilotcli: "copilot",
  githubcopilotcli: "copilot",
  copilotagent: "copilot",
  aider: "aider",
  codex: "codex",
  codexcli: "codex",
  openaicodex: "codex",
  gemini: "gemini",
  geminicli: "gemini",
  googlegemini: "gemini",
  geminicodeassist: "gemini",
  devin: "devin",
  devinai: "devin",
  jules: "jules",
  googlejules: "jules",
  windsurf: "windsurf",
  cascade: "windsurf",
  amazonq: "amazon-q",
  amazonqdeveloper: "amazon-q",
};

/** The tool an agent name stands for, or `undefined` when the name is not one we know. */
export function toolForAgentName(name: string): Tool | undefined {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return Object.hasOwn(AGENT_NAMES, key) ? AGENT_NAMES[key] : undefined;
}
