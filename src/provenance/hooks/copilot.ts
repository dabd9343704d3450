// GitHub Copilot hooks (`.github/hooks/*.json`, version 1) for the coding agent and Copilot CLI. Tool
// arguments arrive as a JSON string (`toolArgs`); the VS Code-compatible form uses snake_case fields.
import { z } from "zod";
import { uniquePaths, validatePayload, type HookAgent, type HookEvent, type HookPhase, type TextEdit } from "./event.js";

const payloadSchema = z.object({
  hook_event_name: z.string().optional(),
  hookEventName: z.string().optional(),
  sessionId: z.string().optional(),
  session_id: z.string().optional(),
  cwd: z.string().optional(),
  model: z.string().optional(),
  prompt: z.string().optional(),
  toolName: z.string().optional(),
  tool_name: z.string().optional(),
  toolArgs: z.unknown().optional(),
  tool_input: z.unknown().optional(),
  toolResult: z.unknown().optional(),
  tool_response: z.unknown().optional(),
});

const argsSchema = z.object({
  path: z.string().optional(),
  file_path: z.string().optional(),
  filePath: z.string().optional(),
  old_str: z.string().optional(),
  new_str: z.string().optional(),
});

const EDIT_TOOLS = new Set(["edit", "create", "str_replace_editor", "write", "apply_patch"]);
const SHELL_TOOLS = new Set(["bash", "powershell", "shell"]);

/** The arguments object, whether sent as an object or as the JSON text of one. */
function toolArgs(raw: unknown): z.infer<typeof argsSchema> {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      return {};
    }
  }
  const parsed = argsSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

function toolPhase(prefix: "before" | "after", tool: string): HookPhase {
  const name = tool.toLowerCase();
  if (SHELL_TOOLS.has(name)) return `${prefix}-shell`;
  if (EDIT_TOOLS.has(name)) return `${prefix}-edit`;
  return "other";
}

function phaseOf(event: string, tool: string | undefined, fields: { prompt: boolean; result: boolean }): HookPhase {
  const key = event.toLowerCase();
  if (key === "pretooluse" && tool !== undefined) return toolPhase("before", tool);
  if (key === "posttooluse" && tool !== undefined) return toolPhase("after", tool);
  if (key === "userpromptsubmitted" || key === "userpromptsubmit") return "prompt";
  if (key === "sessionend" || key === "stop") return "stop";
  // The documented camelCase payloads do not name their event: the fields tell which one it is.
  if (key === "" && tool !== undefined) return toolPhase(fields.result ? "after" : "before", tool);
  if (key === "" && fields.prompt) return "prompt";
  return "other";
}

function parse(payload: unknown): HookEvent {
  const p = validatePayload("copilot", payloadSchema, payload);
  const tool = p.toolName ?? p.tool_name;
  const event = p.hookEventName ?? p.hook_event_name ?? "";
  const result = p.toolResult !== undefined || p.tool_response !== undefined;
  const phase = phaseOf(event, tool, { prompt: p.prompt !== undefined, result });
  const args = toolArgs(p.toolArgs ?? p.tool_input);
  const path = args.path ?? args.file_path ?? args.filePath;
  const isEdit = phase === "before-edit" || phase === "after-edit";
  const edits: TextEdit[] =
    isEdit && path !== undefined && args.old_str !== undefined && args.new_str !== undefined
      ? [{ path, oldText: args.old_str, newText: args.new_str }]
      : [];
  const sessionId = p.sessionId ?? p.session_id;
  const name = event !== "" ? event : tool === undefined ? "userPromptSubmitted" : result ? "postToolUse" : "preToolUse";
  return {
    agent: "copilot",
    phase,
    event: tool === undefined ? name : `${name}:${tool}`,
    files: isEdit ? uniquePaths([path]) : [],
    edits,
    ...(sessionId !== undefined ? { sessionId } : {}),
    ...(p.model !== undefined ? { model: p.model } : {}),
    ...(p.prompt !== undefined ? { prompt: p.prompt } : {}),
    ...(p.cwd !== undefined ? { cwd: p.cwd } : {}),
  };
}

function entry(command: string): unknown {
  return { type: "command", bash: command, powershell: command, timeoutSec: 30 };
}

export const copilotHooks: HookAgent = {
  id: "copilot",
  tool: "copilot",
  parse,
  response: () => undefined,
  config: {
    path: ".github/hooks/custody.json",
    defaults: { version: 1 },
    entries: (command) => ({
      userPromptSubmitted: entry(command),
      preToolUse: entry(command),
      postToolUse: entry(command),
      sessionEnd: entry(command),
    }),
  },
};
