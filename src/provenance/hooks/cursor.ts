// Cursor hooks (`.cursor/hooks.json`, version 1). Cursor has no before-edit hook: afterFileEdit carries
// the replacements it made, from which the content before the edit is rebuilt.
import { z } from "zod";
import { uniquePaths, validatePayload, type HookAgent, type HookEvent, type HookPhase } from "./event.js";

const payloadSchema = z.object({
  hook_event_name: z.string().min(1),
  conversation_id: z.string().optional(),
  generation_id: z.string().optional(),
  workspace_roots: z.array(z.string()).optional(),
  model: z.string().optional(),
  user_email: z.string().optional(),
  cwd: z.string().optional(),
  prompt: z.string().optional(),
  file_path: z.string().optional(),
  edits: z.array(z.object({ old_string: z.string().optional(), new_string: z.string().optional() })).optional(),
});

const PHASES: Readonly<Record<string, HookPhase>> = {
  beforeShellExecution: "before-shell",
  afterShellExecution: "after-shell",
  afterFileEdit: "after-edit",
  afterTabFileEdit: "after-edit",
  beforeSubmitPrompt: "prompt",
  stop: "stop",
};

function parse(payload: unknown): HookEvent {
  const p = validatePayload("cursor", payloadSchema, payload);
  const phase = PHASES[p.hook_event_name] ?? "other";
  const path = p.file_path;
  const edits =
    phase === "after-edit" && path !== undefined
      ? (p.edits ?? []).flatMap((e) =>
          e.old_string !== undefined && e.new_string !== undefined ? [{ path, oldText: e.old_string, newText: e.new_string }] : [],
        )
      : [];
  const cwd = p.cwd ?? p.workspace_roots?.[0];
  return {
    agent: "cursor",
    phase,
    event: p.hook_event_name,
    files: phase === "after-edit" ? uniquePaths([path]) : [],
    edits,
    ...(p.conversation_id !== undefined ? { sessionId: p.conversation_id } : {}),
    ...(p.model !== undefined ? { model: p.model } : {}),
    ...(p.prompt !== undefined ? { prompt: p.prompt } : {}),
    ...(cwd !== undefined ? { cwd } : {}),
    ...(p.user_email !== undefined ? { user: p.user_email } : {}),
  };
}

// Cursor reads a JSON answer from every hook; these are the ones that let the agent carry on.
function response(event: HookEvent): string {
  if (event.event === "beforeSubmitPrompt") return JSON.stringify({ continue: true });
  if (event.event.startsWith("before")) return JSON.stringify({ permission: "allow" });
  return "{}";
}

export const cursorHooks: HookAgent = {
  id: "cursor",
  tool: "cursor",
  parse,
  response,
  config: {
    path: ".cursor/hooks.json",
    defaults: { version: 1 },
    entries: (command) => ({
      beforeSubmitPrompt: { command },
      beforeShellExecution: { command },
      afterShellExecution: { command },
      afterFileEdit: { command },
      stop: { command },
    }),
  },
};
