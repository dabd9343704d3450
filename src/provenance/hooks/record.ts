// `handleHookEvent`: what Custody does with one hook call. Edits and shell commands leave pending
// records under `.git/custody/pending/` for the commit step; prompts leave a reference in the session.
import { join } from "node:path";
import { findRepoRoot } from "../../git/index.js";
import { normalizeModel } from "../models.js";
import { humanOfRecordFor, type HookContext, type HookOutcome } from "./context.js";
import { afterEdit, beforeEdit } from "./edit.js";
import type { HookAgentId, HookEvent } from "./event.js";
import { redactPrompt } from "./redact.js";
import { afterShell, beforeShell } from "./shell.js";
import { sessionStore, type SessionState } from "./state.js";
import { custodyDir, writeAtomic } from "./store.js";
import { modelFromTranscript } from "./transcript.js";

export interface PromptPrivacy {
  /** Keep the redacted prompt text in `.git/custody/prompts/`; by default only its hash is kept. */
  storePrompts: boolean;
}

export interface HandleOptions {
  now: () => Date;
  privacy?: PromptPrivacy;
}

async function eventModel(event: HookEvent): Promise<string | undefined> {
  const raw = event.model ?? (event.transcriptPath !== undefined ? await modelFromTranscript(event.transcriptPath) : undefined);
  return raw === undefined ? undefined : normalizeModel(raw);
}

async function recordPrompt(ctx: HookContext, prompt: string, state: SessionState, privacy: PromptPrivacy): Promise<void> {
  const redacted = redactPrompt(prompt);
  ctx.promptRef = redacted.ref;
  ctx.outcome.promptRef = redacted.ref;
  await ctx.session.write({ ...state, promptRef: redacted.ref, ...(ctx.model !== undefined ? { model: ctx.model } : {}) });
  if (privacy.storePrompts) await writeAtomic(join(ctx.custody, "prompts", `${redacted.ref}.txt`), redacted.text);
}

/**
 * Records one normalised hook event for the repository containing `repo`. Paths outside the working
 * tree are skipped, never followed; unknown content before an edit is skipped, never guessed as AI.
 */
export async function handleHookEvent(repo: string, agent: HookAgentId, event: HookEvent, options: HandleOptions): Promise<HookOutcome> {
  const root = await findRepoRoot(repo);
  const custody = await custodyDir(root);
  const session = sessionStore(custody, event.sessionId);
  const state = await session.read();
  const model = (await eventModel(event)) ?? state.model;
  const outcome: HookOutcome = { phase: event.phase, snapshots: [], pending: [], skipped: [] };
  const ctx: HookContext = {
    root,
    custody,
    cwd: event.cwd ?? root,
    event,
    tool: agent,
    time: options.now().toISOString(),
    session,
    ...(model !== undefined ? { model } : {}),
    ...(state.promptRef !== undefined ? { promptRef: state.promptRef } : {}),
    outcome,
    humanOfRecord: humanOfRecordFor(root, event),
  };
  if (model !== undefined && model !== state.model && event.phase !== "prompt") await session.write({ ...state, model });
  switch (event.phase) {
    case "before-edit":
      await beforeEdit(ctx);
      break;
    case "after-edit":
      await afterEdit(ctx);
      break;
    case "before-shell":
      await beforeShell(ctx);
      break;
    case "after-shell":
      await afterShell(ctx);
      break;
    case "prompt":
      if (event.prompt !== undefined) await recordPrompt(ctx, event.prompt, state, options.privacy ?? { storePrompts: false });
      break;
    case "stop":
      await session.clearPending();
      break;
    case "other":
      break;
  }
  return outcome;
}
