// What one hook call works with, and turning a before/after pair into a pending edit.
import type { Tool } from "../../core/types.js";
import type { HookEvent, HookPhase } from "./event.js";
import { gitIdentity } from "./files.js";
import { changedLines } from "./lines.js";
import { PENDING_SCHEMA, type PendingEdit } from "./pending.js";
import type { SessionStore } from "./state.js";
import { newPendingId, writePending, writeSnapshot } from "./store.js";

export interface SkippedPath {
  path: string;
  reason: string;
}

/** What a hook call did: every file it looked at is either snapshotted, recorded or skipped. */
export interface HookOutcome {
  phase: HookPhase;
  /** Repository-relative paths whose content was snapshotted before the tool ran. */
  snapshots: string[];
  pending: PendingEdit[];
  skipped: SkippedPath[];
  promptRef?: string;
}

export interface HookContext {
  root: string;
  custody: string;
  cwd: string;
  event: HookEvent;
  tool: Tool;
  time: string;
  session: SessionStore;
  model?: string;
  promptRef?: string;
  outcome: HookOutcome;
  humanOfRecord(): Promise<string | undefined>;
}

export function humanOfRecordFor(root: string, event: HookEvent): () => Promise<string | undefined> {
  let cached: Promise<string | undefined> | undefined;
  return () => {
    cached ??= event.user !== undefined ? Promise.resolve(event.user) : gitIdentity(root).catch(() => undefined);
    return cached;
  };
}

/** How the content before the edit was learned; written into the record's `event`. */
export type BeforeSource = "pre-hook snapshot" | "edits in the payload" | "last snapshot" | "index" | "shell snapshot" | "new file";

export interface EditPair {
  path: string;
  /** Undefined: the file did not exist before. */
  before?: Buffer;
  /** Undefined: the tool deleted the file. */
  after?: Buffer;
  source: BeforeSource;
}

/** Writes the pending record for one file, unless the tool left its content unchanged. */
export async function recordEdit(ctx: HookContext, pair: EditPair): Promise<void> {
  if (pair.before === undefined && pair.after === undefined) return;
  if (pair.before !== undefined && pair.after !== undefined && pair.before.equals(pair.after)) return;
  const before = pair.before === undefined ? undefined : await writeSnapshot(ctx.custody, pair.before);
  const after = pair.after === undefined ? undefined : await writeSnapshot(ctx.custody, pair.after);
  const aiLines = pair.after === undefined ? [] : changedLines(pair.before?.toString("utf8") ?? "", pair.after.toString("utf8"));
  const human = await ctx.humanOfRecord();
  const edit: PendingEdit = {
    schema: PENDING_SCHEMA,
    id: newPendingId(ctx.time),
    time: ctx.time,
    tool: ctx.tool,
    ...(ctx.model !== undefined ? { model: ctx.model } : {}),
    ...(ctx.event.sessionId !== undefined ? { sessionId: ctx.event.sessionId } : {}),
    ...(ctx.promptRef !== undefined ? { promptRef: ctx.promptRef } : {}),
    ...(human !== undefined ? { humanOfRecord: human } : {}),
    event: `${ctx.event.event} (before: ${pair.source})`,
    path: pair.path,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
    aiLines,
  };
  await writePending(ctx.custody, edit);
  ctx.outcome.pending.push(edit);
}
