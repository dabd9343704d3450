// OpenAI Codex hooks (`.codex/hooks.json`): the Claude Code layout, with `apply_patch` as the edit tool.
// Its input is the patch text, whose `*** Add/Update/Delete File:` headers name the files it touches.
import { z } from "zod";
import { uniquePaths, validatePayload, type HookAgent, type HookEvent, type HookPhase } from "./event.js";

const payloadSchema = z.object({
  hook_event_name: z.string().min(1),
  session_id: z.string().optional(),
  transcript_path: z.string().nullable().optional(),
  cwd: z.string().optional(),
  model: z.string().optional(),
  prompt: z.string().optional(),
  tool_name: z.string().optional(),
  tool_input: z.object({ command: z.union([z.string(), z.array(z.string())]).optional() }).optional(),
});

const PATCH_HEADER = /^\*\*\* (?:Add File|Update File|Delete File|Move to): (.+)$/gm;

/** Paths named by an apply_patch envelope, in order of appearance. */
export function patchPaths(patch: string): string[] {
  return uniquePaths([...patch.matchAll(PATCH_HEADER)].map((m) => m[1]?.trim()));
}

function toolPhase(prefix: "before" | "after", tool: string | undefined): HookPhase {
  if (tool === "Bash" || tool === "shell" || tool === "exec_command") return `${prefix}-shell`;
  if (tool === "apply_patch") return `${prefix}-edit`;
  return "other";
}

function phaseOf(event: string, tool: string | undefined): HookPhase {
  if (event === "PreToolUse") return toolPhase("before", tool);
  if (event === "PostToolUse") return toolPhase("after", tool);
  if (event === "UserPromptSubmit") return "prompt";
  if (event === "Stop") return "stop";
  return "other";
}

function parse(payload: unknown): HookEvent {
  const p = validatePayload("codex", payloadSchema, payload);
  const phase = phaseOf(p.hook_event_name, p.tool_name);
  const command = p.tool_input?.command;
  const patch = Array.isArray(command) ? command.join("\n") : (command ?? "");
  const isEdit = phase === "before-edit" || phase === "after-edit";
  return {
    agent: "codex",
    phase,
    event: p.tool_name === undefined ? p.hook_event_name : `${p.hook_event_name}:${p.tool_name}`,
    files: isEdit ? patchPaths(patch) : [],
    edits: [],
    ...(p.session_id !== undefined ? { sessionId: p.session_id } : {}),
    ...(p.model !== undefined ? { model: p.model } : {}),
    ...(p.prompt !== undefined ? { prompt: p.prompt } : {}),
    ...(p.cwd !== undefined ? { cwd: p.cwd } : {}),
  };
}

function group(command: string, matcher?: string): unknown {
  return { ...(matcher !== undefined ? { matcher } : {}), hooks: [{ type: "command", command }] };
}

export const codexHooks: HookAgent = {
  id: "codex",
  tool: "codex",
  parse,
  response: () => undefined,
  config: {
    path: ".codex/hooks.json",
    entries: (command) => ({
      PreToolUse: group(command, "Bash|apply_patch"),
      PostToolUse: group(command, "Bash|apply_patch"),
      UserPromptSubmit: group(command),
      Stop: group(command),
    }),
  },
};
