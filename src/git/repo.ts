// Where the repository is, what it is called, and turning the names people type into commits.
import { stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { CustodyError, isCustodyError } from "../core/errors.js";
import { notARepository, runGit } from "./run.js";

const FULL_SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export function isFullSha(value: string): boolean {
  return FULL_SHA.test(value);
}

function text(output: Buffer): string {
  return output.toString("utf8").replace(/\n$/, "");
}

/** The top directory of the working tree that contains `path` (a directory or a file). */
export async function findRepoRoot(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw notARepository(path);
  const dir = info.isDirectory() ? path : dirname(path);
  try {
    const root = text(await runGit(dir, ["rev-parse", "--show-toplevel"]));
    if (root === "") throw notARepository(path);
    return root;
  } catch (error) {
    if (isCustodyError(error) && error.code === "not-a-repository") throw notARepository(path);
    throw error;
  }
}

/** The repository's own git directory, absolute (for a linked worktree, that worktree's one). */
export async function gitDir(repo: string): Promise<string> {
  return text(await runGit(repo, ["rev-parse", "--absolute-git-dir"]));
}

export async function isShallow(repo: string): Promise<boolean> {
  return text(await runGit(repo, ["rev-parse", "--is-shallow-repository"])) === "true";
}

async function missingRevision(repo: string, ref: string): Promise<CustodyError> {
  if (await isShallow(repo)) {
    return new CustodyError(
      "shallow-clone",
      `revision '${ref}' is not in ${repo}, a shallow clone whose history is cut; fetch it with ` +
        `\`git fetch origin ${ref}\` or fetch the whole history with \`git fetch --unshallow\``,
    );
  }
  return new CustodyError(
    "unknown-ref",
    `unknown revision '${ref}' in ${repo}; check the name or fetch it with \`git fetch origin ${ref}\``,
  );
}

async function peel(repo: string, ref: string, kind: "commit" | "tree"): Promise<string> {
  if (ref === "" || ref.startsWith("-")) throw await missingRevision(repo, ref);
  const output = await runGit(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{${kind}}`], {
    allowExitCodes: [1],
  });
  const sha = text(output);
  if (!isFullSha(sha)) throw await missingRevision(repo, ref);
  return sha;
}

/** The full commit id that `ref` names (branch, tag, sha, `HEAD~2`…). */
export function resolveCommit(repo: string, ref: string): Promise<string> {
  return peel(repo, ref, "commit");
}

/** The tree id of a commit. */
export function treeOf(repo: string, commit: string): Promise<string> {
  return peel(repo, commit, "tree");
}

/** The best common ancestor of two commits: where a pull request from `b` into `a` starts. */
export async function mergeBase(repo: string, a: string, b: string): Promise<string> {
  const [left, right] = await Promise.all([resolveCommit(repo, a), resolveCommit(repo, b)]);
  const output = await runGit(repo, ["merge-base", left, right], { allowExitCodes: [1] });
  const base = text(output);
  if (isFullSha(base)) return base;
  if (await isShallow(repo)) {
    throw new CustodyError(
      "shallow-clone",
      `the merge base of '${a}' and '${b}' is missing from ${repo}, a shallow clone whose history is cut; ` +
        "run `git fetch --unshallow` or `git fetch --deepen=100 origin` (deepen further until it is found)",
    );
  }
  throw new CustodyError(
    "git-failed",
    `'${a}' and '${b}' have no common ancestor in ${repo}; compare two commits that share history`,
  );
}

/** Removes credentials, query and fragment from a remote URL; scp-style `user@host:path` stays as is. */
export function stripCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!parsed.host) return url;
  const keepUser = parsed.protocol === "ssh:" || parsed.protocol === "git+ssh:";
  if (!keepUser) parsed.username = "";
  parsed.password = "";
  parsed.search = "";
  parsed.hash = "";
  return parsed.toString();
}

/** The origin URL without credentials, else the name of the top directory. */
export async function repoName(repo: string): Promise<string> {
  const output = await runGit(repo, ["config", "--get", "remote.origin.url"], { allowExitCodes: [1] });
  const url = text(output).trim();
  if (url !== "") return stripCredentials(url);
  return basename(await findRepoRoot(repo));
}
