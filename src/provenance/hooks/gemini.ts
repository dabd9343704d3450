// Gemini CLI hooks (`.gemini/settings.json`): BeforeTool / AfterTool around write_file, replace and
// run_shell_command, BeforeAgent with the prompt, AfterAgent when a turn ends. stdout must be JSON.
import { z } from "zod";
import { uniquePaths, validatePayload, type HookAgent, type HookEvent, type HookPhase, type TextEdit } from "./event.js";

const payloadSchema = z.object({
  hook_event_name: z.string().min(1),
  session_id: z.string().optional(),
  transcript_path: z.string().optional(),
  cwd: z.string().optional(),
  prompt: z.string().optional(),
  model: z.string().optional(),
  tool_name: z.string().optional(),
  tool_input: z
    .object({
      file_path: z.string().optional(),
      absolute_path: z.string().optional(),
      old_string: z.string().optional(),
      new_string: z.string().optional(),
    })
    .optional(),
  llm_request: z.object({ model: z.string().optional() }).optional(),
});

const EDIT_TOOLS = new Set(["write_file", "replace", "edit"]);
const SHELL_TOOLS = new Set(["run_shell_command"]);
const TOOL_MATCHER = "write_file|replace|edit|run_shell_command";

function toolPhase(prefix: "before" | "after", tool: string | undefined): HookPhase {
  if (tool !== undefined && SHELL_TOOLS.has(tool)) return `${prefix}-shell`;
  if (tool !== undefined && EDIT_TOOLS.has(tool)) return `${prefix}-edit`;
  return "other";
}

function phaseOf(event: string, tool: string | undefined): HookPhase {
  if (event === "BeforeTool") return toolPhase("before", tool);
  if (event === "AfterTool") return toolPhase("after", tool);
  if (event === "BeforeAgent") return "prompt";
  if (event === "AfterAgent" || event === "SessionEnd") return "stop";
  return "other";
}

function parse(payload: unknown): HookEvent {
  const p = validatePayload("gemini", payloadSchema, payload);
  const phase = phaseOf(p.hook_event_name, p.tool_name);
  const input = p.tool_input;
  const path = input?.file_path ?? input?.absolute_path;
  const isEdit = phase === "before-edit" || phase === "after-edit";
  const edits: TextEdit[] =
    isEdit && p.tool_name === "replace" && path !== undefined && input?.old_string !== undefined && input.new_string !== undefined
      ? [{ path, oldText: input.old_string, newText: input.new_string }]
      : [];
  const model = p.model ?? p.llm_request?.model;
  return {
    agent: "gemini",
    phase,
    event: p.tool_name === undefined ? p.hook_event_name : `${p.hook_event_name}:${p.tool_name}`,
    files: isEdit ? uniquePaths([path]) : [],
    edits,
    ...(p.session_id !== undefined ? { sessionId: p.session_id } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(phase === "prompt" && p.prompt !== undefined ? { prompt: p.prompt } : {}),
    ...(p.cwd !== undefined ? { cwd: p.cwd } : {}),
  };
}

function group(command: string, matcher?: string): unknown {
  return { ...(matcher !== undefined ? { matcher } : {}), hooks: [{ type: "command", name: "custody", command }] };
}

export const geminiHooks: HookAgent = {
  id: "gemini",
  tool: "gemini",
  parse,
  // Gemini parses stdout as JSON on exit 0; an empty object changes nothing.
  response: () => "{}",
  config: {
    path: ".gemini/settings.json",
    entries: (command) => ({
      BeforeTool: group(command, TOOL_MATCHER),
      AfterTool: group(command, TOOL_MATCHER),
      BeforeAgent: group(command),
      AfterAgent: group(command),
    }),
  },
};
