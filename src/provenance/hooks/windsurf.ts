// Windsurf Cascade hooks (`.windsurf/hooks.json`): pre/post_write_code with the replacements made,
// pre/post_run_command, pre_user_prompt. Everything event-specific sits in `tool_info`.
import { z } from "zod";
import { uniquePaths, validatePayload, type HookAgent, type HookEvent, type HookPhase } from "./event.js";

const payloadSchema = z.object({
  agent_action_name: z.string().min(1),
  trajectory_id: z.string().optional(),
  execution_id: z.string().optional(),
  model_name: z.string().optional(),
  tool_info: z
    .object({
      file_path: z.string().optional(),
      edits: z.array(z.object({ old_string: z.string().optional(), new_string: z.string().optional() })).optional(),
      command_line: z.string().optional(),
      cwd: z.string().optional(),
      user_prompt: z.string().optional(),
    })
    .optional(),
});

const PHASES: Readonly<Record<string, HookPhase>> = {
  pre_write_code: "before-edit",
  post_write_code: "after-edit",
  pre_run_command: "before-shell",
  post_run_command: "after-shell",
  pre_user_prompt: "prompt",
  post_cascade_response: "stop",
};

function parse(payload: unknown): HookEvent {
  const p = validatePayload("windsurf", payloadSchema, payload);
  const phase = PHASES[p.agent_action_name] ?? "other";
  const info = p.tool_info;
  const path = info?.file_path;
  const isEdit = phase === "before-edit" || phase === "after-edit";
  const edits =
    isEdit && path !== undefined
      ? (info?.edits ?? []).flatMap((e) =>
          e.old_string !== undefined && e.new_string !== undefined ? [{ path, oldText: e.old_string, newText: e.new_string }] : [],
        )
      : [];
  const cwd = info?.cwd;
  const prompt = info?.user_prompt;
  return {
    agent: "windsurf",
    phase,
    event: p.agent_action_name,
    files: isEdit ? uniquePaths([path]) : [],
    edits,
    ...(p.trajectory_id !== undefined ? { sessionId: p.trajectory_id } : {}),
    ...(p.model_name !== undefined ? { model: p.model_name } : {}),
    ...(prompt !== undefined ? { prompt } : {}),
    ...(cwd !== undefined ? { cwd } : {}),
  };
}

function entry(command: string): unknown {
  return { command, show_output: false };
}

export const windsurfHooks: HookAgent = {
  id: "windsurf",
  tool: "windsurf",
  parse,
  response: () => undefined,
  config: {
    path: ".windsurf/hooks.json",
    entries: (command) => ({
      pre_user_prompt: entry(command),
      pre_write_code: entry(command),
      post_write_code: entry(command),
      pre_run_command: entry(command),
      post_run_command: entry(command),
      post_cascade_response: entry(command),
    }),
  },
};
