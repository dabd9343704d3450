// Shell commands run by an agent: the working tree's changed files are snapshotted before the command,
// and every file whose content differs afterwards was changed by it.
import { recordEdit, type HookContext } from "./context.js";
import { changedFiles, MAX_FILES_PER_EVENT, readIndexed, readRepoFile } from "./files.js";
import type { ShellState } from "./state.js";
import { readSnapshot, sha256, writeSnapshot } from "./store.js";

const TOO_MANY = `more than ${MAX_FILES_PER_EVENT} modified or untracked files`;

export async function beforeShell(ctx: HookContext): Promise<void> {
  const paths = await changedFiles(ctx.root);
  if (paths === undefined) {
    // Without the earlier state nothing the command does can be attributed; say so once.
    ctx.outcome.skipped.push({ path: ".", reason: TOO_MANY });
    await ctx.session.clearShell();
    return;
  }
  const state: ShellState = { files: {}, unreadable: [] };
  for (const path of paths) {
    const read = await readRepoFile(ctx.root, path);
    if (read.kind === "skipped") {
      state.unreadable.push(path);
      ctx.outcome.skipped.push({ path, reason: read.reason });
      continue;
    }
    state.files[path] = read.kind === "file" ? await writeSnapshot(ctx.custody, read.content) : null;
    ctx.outcome.snapshots.push(path);
  }
  await ctx.session.writeShell(state);
}

async function contentBefore(ctx: HookContext, state: ShellState, path: string): Promise<Buffer | undefined> {
  const known = state.files[path];
  if (known === null) return undefined;
  if (known !== undefined) return readSnapshot(ctx.root, known);
  // Clean before the command (it was not listed): what the index holds, or nothing for a new file.
  return readIndexed(ctx.root, path);
}

export async function afterShell(ctx: HookContext): Promise<void> {
  const state = await ctx.session.readShell();
  if (state === undefined) return;
  await ctx.session.clearShell();
  const now = await changedFiles(ctx.root);
  if (now === undefined) {
    ctx.outcome.skipped.push({ path: ".", reason: TOO_MANY });
    return;
  }
  const paths = [...new Set([...now, ...Object.keys(state.files)])].sort();
  for (const path of paths) {
    if (state.unreadable.includes(path)) continue;
    const read = await readRepoFile(ctx.root, path);
    if (read.kind === "skipped") {
      ctx.outcome.skipped.push({ path, reason: read.reason });
      continue;
    }
    const after = read.kind === "file" ? read.content : undefined;
    const known = state.files[path];
    if (known !== undefined && known === (after === undefined ? null : sha256(after))) continue;
    const before = await contentBefore(ctx, state, path);
    await recordEdit(ctx, {
      path,
      source: before === undefined ? "new file" : "shell snapshot",
      ...(before !== undefined ? { before } : {}),
      ...(after !== undefined ? { after } : {}),
    });
  }
}
