// Installing the git hooks that keep Custody notes: attach at commit, rebuild after amend and rebase.
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CustodyError } from "../../core/errors.js";
import { gitDir, runGit } from "../../git/index.js";
import { CUSTODY_NOTES_REF } from "./format.js";

export const GIT_HOOKS = ["commit-msg", "post-commit", "post-rewrite"] as const;
export type GitHookName = (typeof GIT_HOOKS)[number];

/** Marks a hook file as Custody's, so installing again replaces it instead of chaining it. */
export const HOOK_MARKER = "# custody-managed hook";
/** Suffix of the user's own hook once Custody's takes its place; Custody's hook runs it first. */
export const CHAINED_SUFFIX = ".pre-custody";

export interface InstallOptions {
  /** Shell words that start Custody, e.g. `custody` or `npx custody`. */
  command?: string;
}

export interface InstallResult {
  hooksDir: string;
  /** Hooks of the user's that now run first, from Custody's hook. */
  chained: GitHookName[];
}

// Notes are copied by git on rewrite as a fallback; Custody then rebuilds them, and an existing note on
// the new commit (written by the post-commit hook) must not be concatenated with the copy.
const NOTES_CONFIG: [string, string][] = [
  ["notes.rewriteRef", CUSTODY_NOTES_REF],
  ["notes.rewrite.amend", "true"],
  ["notes.rewrite.rebase", "true"],
  ["notes.rewriteMode", "ignore"],
];

function script(hook: GitHookName, command: string): string {
  const chained = `"$(dirname "$0")/${hook}${CHAINED_SUFFIX}"`;
  // post-rewrite reads old/new pairs on standard input: both hooks get their own copy.
  const body =
    hook === "post-rewrite"
      ? [
          'input=$(cat)',
          `if [ -x ${chained} ]; then printf '%s\\n' "$input" | ${chained} "$@" || exit $?; fi`,
          `printf '%s\\n' "$input" | ${command} git-hook ${hook} "$@" || echo "custody: ${hook} hook failed; attribution notes may be incomplete" >&2`,
        ]
      : [
          `if [ -x ${chained} ]; then ${chained} "$@" || exit $?; fi`,
          // Custody failing must not stop anyone from committing.
          `${command} git-hook ${hook} "$@" || echo "custody: ${hook} hook failed; attribution notes may be incomplete" >&2`,
        ];
  return ["#!/bin/sh", HOOK_MARKER, ...body, "exit 0", ""].join("\n");
}

async function readIfPresent(file: string): Promise<string | undefined> {
  return readFile(file, "utf8").catch(() => undefined);
}

async function installHook(hooksDir: string, hook: GitHookName, command: string): Promise<boolean> {
  const file = join(hooksDir, hook);
  const current = await readIfPresent(file);
  let chained = (await readIfPresent(`${file}${CHAINED_SUFFIX}`)) !== undefined;
  if (current !== undefined && !current.includes(HOOK_MARKER)) {
    if (chained) {
      throw new CustodyError(
        "usage",
        `${file} and ${file}${CHAINED_SUFFIX} are both hooks of your own; merge them into ${file}${CHAINED_SUFFIX} and install again`,
      );
    }
    await rename(file, `${file}${CHAINED_SUFFIX}`);
    chained = true;
  }
  await writeFile(file, script(hook, command));
  await chmod(file, 0o755);
  return chained;
}

/**
 * Configures note rewriting and writes Custody's commit-msg, post-commit and post-rewrite hooks into
 * `.git/hooks`, keeping any hook already there (it runs first). Running it again changes nothing.
 */
export async function installGitHooks(repo: string, options: InstallOptions = {}): Promise<InstallResult> {
  const command = options.command ?? "custody";
  if (command.trim() === "" || /[\n\r]/.test(command)) {
    throw new CustodyError("usage", `hook command '${command}' must be one line that starts custody, e.g. 'custody' or 'npx custody'`);
  }
  for (const [key, value] of NOTES_CONFIG) await runGit(repo, ["config", key, value]);
  const hooksDir = join(await gitDir(repo), "hooks");
  await mkdir(hooksDir, { recursive: true });
  const chained: GitHookName[] = [];
  for (const hook of GIT_HOOKS) if (await installHook(hooksDir, hook, command)) chained.push(hook);
  return { hooksDir, chained };
}
