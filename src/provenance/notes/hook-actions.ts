// What each installed git hook does; the CLI's hidden `custody git-hook <name>` commands call these.
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { gitDir, runGit } from "../../git/index.js";
import { attachPending } from "./attach.js";
import type { CustodyNote } from "./format.js";
import { parseRewritePairs, rewriteNotes, type RewriteKind } from "./rewrite.js";

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

// A rebase commits each pick, and an amend replaces a commit: post-rewrite rebuilds those notes from the
// old commits', and the pending edits must still be there when it does.
async function rewriting(repo: string): Promise<boolean> {
  const dir = await gitDir(repo);
  if ((await exists(join(dir, "rebase-merge"))) || (await exists(join(dir, "rebase-apply")))) return true;
  const output = await runGit(repo, ["log", "-g", "-1", "--format=%gs", "HEAD", "--"], { allowExitCodes: [128] });
  return output.toString("utf8").startsWith("commit (amend)");
}

/** post-commit: the new HEAD gets its note from the pending edits of its files. */
export async function onPostCommit(repo: string, options: { now: Date }): Promise<CustodyNote | undefined> {
  if (await rewriting(repo)) return undefined;
  return attachPending(repo, "HEAD", { now: options.now });
}

/** post-rewrite: `kind` is git's first argument, `input` its standard input. */
export async function onPostRewrite(repo: string, kind: RewriteKind, input: string, options: { now: Date }): Promise<Map<string, CustodyNote | undefined>> {
  return rewriteNotes(repo, parseRewritePairs(input), { kind, now: options.now });
}
