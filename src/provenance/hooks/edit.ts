// Edits by an agent's file tools: snapshot the targets before, diff them after.
import { recordEdit, type BeforeSource, type HookContext } from "./context.js";
import type { TextEdit } from "./event.js";
import { MAX_FILES_PER_EVENT, readIndexed, readRepoFile, repoRelative } from "./files.js";
import { undoEdits } from "./lines.js";
import { listPending, readSnapshot, writeSnapshot } from "./store.js";

interface Target {
  path: string;
  edits: TextEdit[];
}

/** The event's files that lie inside the repository, with the replacements reported for each. */
async function targets(ctx: HookContext): Promise<Target[]> {
  const { event } = ctx;
  const found = new Map<string, Target>();
  for (const [index, file] of event.files.entries()) {
    if (index >= MAX_FILES_PER_EVENT) {
      ctx.outcome.skipped.push({ path: file, reason: `more than ${MAX_FILES_PER_EVENT} files in one event` });
      continue;
    }
    const path = await repoRelative(ctx.root, ctx.cwd, file);
    if (path === undefined) {
      ctx.outcome.skipped.push({ path: file, reason: "outside the repository" });
      continue;
    }
    const edits = event.edits.filter((e) => e.path === file);
    found.set(path, { path, edits: [...(found.get(path)?.edits ?? []), ...edits] });
  }
  return [...found.values()];
}

export async function beforeEdit(ctx: HookContext): Promise<void> {
  for (const { path } of await targets(ctx)) {
    const read = await readRepoFile(ctx.root, path);
    if (read.kind === "skipped") {
      ctx.outcome.skipped.push({ path, reason: read.reason });
      continue;
    }
    const before = read.kind === "file" ? await writeSnapshot(ctx.custody, read.content) : null;
    await ctx.session.setFileBefore(path, before);
    ctx.outcome.snapshots.push(path);
  }
}

async function lastSnapshot(ctx: HookContext, path: string): Promise<Buffer | undefined> {
  const { edits } = await listPending(ctx.root);
  const last = edits.filter((e) => e.path === path).at(-1);
  return last?.after === undefined ? undefined : readSnapshot(ctx.root, last.after);
}

interface Before {
  content?: Buffer;
  source: BeforeSource;
}

/** The content before the edit, from the best evidence there is; undefined when none. */
async function contentBefore(ctx: HookContext, target: Target, after: Buffer | undefined): Promise<Before | undefined> {
  const snapshot = await ctx.session.fileBefore(target.path);
  if (snapshot === null) return { source: "pre-hook snapshot" };
  if (snapshot !== undefined) {
    const content = await readSnapshot(ctx.root, snapshot);
    if (content !== undefined) return { content, source: "pre-hook snapshot" };
  }
  if (after !== undefined && target.edits.length > 0) {
    const undone = undoEdits(after.toString("utf8"), target.edits);
    if (undone !== undefined) return { content: Buffer.from(undone, "utf8"), source: "edits in the payload" };
  }
  const last = await lastSnapshot(ctx, target.path);
  if (last !== undefined) return { content: last, source: "last snapshot" };
  const indexed = await readIndexed(ctx.root, target.path);
  if (indexed !== undefined) return { content: indexed, source: "index" };
  return undefined;
}

export async function afterEdit(ctx: HookContext): Promise<void> {
  for (const target of await targets(ctx)) {
    const read = await readRepoFile(ctx.root, target.path);
    if (read.kind === "skipped") {
      ctx.outcome.skipped.push({ path: target.path, reason: read.reason });
      await ctx.session.clearFile(target.path);
      continue;
    }
    const after = read.kind === "file" ? read.content : undefined;
    const before = await contentBefore(ctx, target, after);
    await ctx.session.clearFile(target.path);
    if (before === undefined) {
      // Without the earlier content, the agent's lines cannot be told from a person's.
      ctx.outcome.skipped.push({ path: target.path, reason: "content before the edit is unknown" });
      continue;
    }
    await recordEdit(ctx, { path: target.path, source: before.source, ...(before.content ? { before: before.content } : {}), ...(after ? { after } : {}) });
  }
}
