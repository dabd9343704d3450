// `custody git-hook <name>`: hidden commands the git hooks installed by Custody run. They keep
// refs/notes/custody in step with commits, amends and rebases, and add the optional Assisted-by trailer.
import { resolve } from "node:path";
import type { Command } from "commander";
import { CustodyError } from "../../core/errors.js";
import { findRepoRoot } from "../../git/index.js";
import { addAssistedByTrailers, onPostCommit, onPostRewrite, REWRITE_KINDS, type RewriteKind } from "../../provenance/notes/index.js";
import type { CommandContext } from "../run.js";

function rewriteKind(value: string): RewriteKind {
  const kind = REWRITE_KINDS.find((k) => k === value);
  if (kind === undefined) throw new CustodyError("usage", `post-rewrite kind '${value}' is not one of ${REWRITE_KINDS.join(", ")}; this command is run by the git hook`);
  return kind;
}

export function registerGitHooks(program: Command, { io }: CommandContext): void {
  const hook = program.command("git-hook", { hidden: true }).description("run by the git hooks that `custody init` installs");

  hook
    .command("commit-msg")
    .description("add Assisted-by trailers when git config custody.trailer is true")
    .argument("<message-file>", "the commit message file git passes to the hook")
    .action(async (messageFile: string) => {
      const repo = await findRepoRoot(io.cwd);
      // git commits from a temporary index for `git commit -a` and `git commit <paths>`.
      const index = io.env.GIT_INDEX_FILE;
      await addAssistedByTrailers(repo, resolve(io.cwd, messageFile), index ? { indexFile: resolve(io.cwd, index) } : {});
    });

  hook
    .command("post-commit")
    .description("write the new commit's Custody note from pending agent edits")
    .action(async () => {
      await onPostCommit(await findRepoRoot(io.cwd), { now: io.now() });
    });

  hook
    .command("post-rewrite")
    .description("rebuild the Custody notes of amended or rebased commits")
    .argument("<kind>", "amend or rebase, as git passes it")
    .action(async (kind: string) => {
      const checked = rewriteKind(kind);
      const repo = await findRepoRoot(io.cwd);
      // git gives post-rewrite its old/new pairs on standard input.
      const pairs = (await io.readStdin(64 * 1024 * 1024)).toString("utf8");
      await onPostRewrite(repo, checked, pairs, { now: io.now() });
    });
}
