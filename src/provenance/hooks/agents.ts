// Every agent Custody takes hook payloads from, by id.
import { CustodyError } from "../../core/errors.js";
import { claudeCodeHooks } from "./claude-code.js";
import { codexHooks } from "./codex.js";
import { copilotHooks } from "./copilot.js";
import { cursorHooks } from "./cursor.js";
import { HOOK_AGENTS, type HookAgent } from "./event.js";
import { geminiHooks } from "./gemini.js";
import { windsurfHooks } from "./windsurf.js";

export const HOOK_AGENT_LIST: readonly HookAgent[] = [claudeCodeHooks, cursorHooks, copilotHooks, codexHooks, geminiHooks, windsurfHooks];

export function hookAgent(id: string): HookAgent {
  const agent = HOOK_AGENT_LIST.find((a) => a.id === id);
  if (agent === undefined) {
    throw new CustodyError("usage", `unknown agent '${id}'; hooks exist for: ${HOOK_AGENTS.join(", ")}`);
  }
  return agent;
}
