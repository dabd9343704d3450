// Claude Code hooks (`.claude/settings.json`): PreToolUse / PostToolUse around Edit, MultiEdit, Write,
// NotebookEdit and Bash, UserPromptSubmit and Stop. Exit 0 with nothing on stdout lets the agent go on.
import { z } from "zod";
import { uniquePaths, validatePayload, type HookAgent, type HookEvent, type HookPhase, type TextEdit } from "./event.js";

const editSchema = z.object({ old_string: z.string().optional(), new_string: z.string().optional() });

const toolInputSchema = z
  .object({
    file_path: z.string().optional(),
    notebook_path: z.string().optional(),
    old_string: z.string().optional(),
    new_string: z.string().optional(),
    edits: z.array(editSchema).optional(),
  })
  .optional();

const payloadSchema = z.object({
  hook_event_name: z.string().min(1),
  session_id: z.string().optional(),
  transcript_path: z.string().optional(),
  cwd: z.string().optional(),
  model: z.string().optional(),
  prompt: z.string().optional(),
  tool_name: z.string().optional(),
  tool_input: toolInputSchema,
});

type ToolInput = z.infer<typeof toolInputSchema>;

const EDIT_TOOLS = new Set(["Edit", "MultiEdit", "Write", "NotebookEdit"]);

function toolPhase(prefix: "before" | "after", tool: string | undefined): HookPhase {
  if (tool === "Bash") return `${prefix}-shell`;
  if (tool !== undefined && EDIT_TOOLS.has(tool)) return `${prefix}-edit`;
  return "other";
}

function phaseOf(event: string, tool: string | undefined): HookPhase {
  switch (event) {
    case "PreToolUse":
      return toolPhase("before", tool);
    case "PostToolUse":
      return toolPhase("after", tool);
    case "UserPromptSubmit":
      return "prompt";
    case "Stop":
      return "stop";
    default:
      return "other";
  }
}

function editsOf(tool: string | undefined, input: ToolInput): TextEdit[] {
  const path = input?.file_path;
  if (path === undefined || input === undefined) return [];
  if (tool === "Edit" && input.old_string !== undefined && input.new_string !== undefined) {
    return [{ path, oldText: input.old_string, newText: input.new_string }];
  }
  if (tool === "MultiEdit") {
    return (input.edits ?? []).flatMap((e) =>
      e.old_string !== undefined && e.new_string !== undefined ? [{ path, oldText: e.old_string, newText: e.new_string }] : [],
    );
  }
  return [];
}

function parse(payload: unknown): HookEvent {
  const p = validatePayload("claude-code", payloadSchema, payload);
  const phase = phaseOf(p.hook_event_name, p.tool_name);
  const isEdit = phase === "before-edit" || phase === "after-edit";
  return {
    agent: "claude-code",
    phase,
    event: p.tool_name === undefined ? p.hook_event_name : `${p.hook_event_name}:${p.tool_name}`,
    files: isEdit ? uniquePaths([p.tool_input?.file_path, p.tool_input?.notebook_path]) : [],
    edits: isEdit ? editsOf(p.tool_name, p.tool_input) : [],
    ...(p.session_id !== undefined ? { sessionId: p.session_id } : {}),
    ...(p.model !== undefined ? { model: p.model } : {}),
    ...(p.prompt !== undefined ? { prompt: p.prompt } : {}),
    ...(p.cwd !== undefined ? { cwd: p.cwd } : {}),
    ...(p.transcript_path !== undefined ? { transcriptPath: p.transcript_path } : {}),
  };
}

const TOOL_MATCHER = "Edit|MultiEdit|Write|NotebookEdit|Bash";

function group(command: string, matcher?: string): unknown {
  return { ...(matcher !== undefined ? { matcher } : {}), hooks: [{ type: "command", command }] };
}

export const claudeCodeHooks: HookAgent = {
  id: "claude-code",
  tool: "claude-code",
  parse,
  response: () => undefined,
  config: {
    path: ".claude/settings.json",
    entries: (command) => ({
      PreToolUse: group(command, TOOL_MATCHER),
      PostToolUse: group(command, TOOL_MATCHER),
      UserPromptSubmit: group(command),
      Stop: group(command),
    }),
  },
};
