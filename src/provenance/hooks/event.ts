// What every agent's hook payload is reduced to, and the shape each agent's plug-in has.
import type { z } from "zod";
import { CustodyError } from "../../core/errors.js";
import type { Tool } from "../../core/types.js";

export const HOOK_AGENTS = ["claude-code", "cursor", "copilot", "codex", "gemini", "windsurf"] as const;
export type HookAgentId = (typeof HOOK_AGENTS)[number];

/** `other` is an event Custody has nothing to record for (a file read, a session start…). */
export const HOOK_PHASES = ["before-edit", "after-edit", "before-shell", "after-shell", "prompt", "stop", "other"] as const;
export type HookPhase = (typeof HOOK_PHASES)[number];

/** One replacement the agent says it made; lets `before` be rebuilt when there was no before hook. */
export interface TextEdit {
  /** Absolute or cwd-relative, like `files`. */
  path: string;
  oldText: string;
  newText: string;
}

export interface HookEvent {
  agent: HookAgentId;
  phase: HookPhase;
  /** The agent's own name for the event, e.g. `PostToolUse:Edit`, `afterFileEdit`. */
  event: string;
  /** Absolute or cwd-relative paths the tool will touch (before) or touched (after). */
  files: string[];
  edits: TextEdit[];
  sessionId?: string;
  /** As the agent spells it; normalised when recorded. */
  model?: string;
  prompt?: string;
  cwd?: string;
  /** The person the agent reports as its user (Cursor's `user_email`). */
  user?: string;
  /** Claude Code's transcript, read for the model when the payload lacks it. */
  transcriptPath?: string;
}

export interface HookConfigFile {
  /** Repository-relative path of the agent's hook configuration. */
  path: string;
  /** Event name → the entry to append to that event's array when no entry runs `command` yet. */
  entries(command: string): Record<string, unknown>;
  /** Top-level keys the file needs besides `hooks` (Cursor and Copilot want `version: 1`). */
  defaults?: Record<string, unknown>;
}

/** An agent's hook integration: payload parser, the answer its protocol expects, its config file. */
export interface HookAgent {
  id: HookAgentId;
  tool: Tool;
  /** Turns the payload into an event; throws `hook-payload-invalid` when it does not fit. */
  parse(payload: unknown): HookEvent;
  /** The neutral allow/continue answer for stdout, or undefined when the agent wants none. */
  response(event: HookEvent): string | undefined;
  config: HookConfigFile;
}

/** Validates leniently (unknown fields are ignored) and names the first field at fault. */
export function validatePayload<T>(agent: HookAgentId, schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw new CustodyError(
    "hook-payload-invalid",
    `${agent} hook payload: ${where}${issue?.message ?? "unexpected shape"}; check that the hook is registered for ${agent}`,
  );
}

/** Non-empty strings only, in order, without duplicates. */
export function uniquePaths(paths: readonly (string | undefined)[]): string[] {
  return [...new Set(paths.filter((p): p is string => typeof p === "string" && p.length > 0))];
}
