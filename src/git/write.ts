// Building repositories: `custody demo` and the tests of every stage make real commits with these.
// Commits go through plumbing (update-index, write-tree, commit-tree), so no hook, editor, signing
// program or message clean-up takes part and the result depends only on the spec.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import { CustodyError } from "../core/errors.js";
import type { Person } from "../core/types.js";
import { findRepoRoot } from "./repo.js";
import { runGit } from "./run.js";

export interface CommitSpec {
  message: string;
  author: Person;
  /** Defaults to the author. */
  committer?: Person;
  /** ISO 8601; used for both author and committer time. Defaults to now. */
  date?: string;
  /** Path (relative, `/`-separated) to new content; null deletes the file. */
  files: Record<string, string | Buffer | null>;
}

/** `git init` on `dir` (created if missing) with a local identity and signing turned off. */
export async function initRepo(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await runGit(dir, ["init", "-q", "-b", "main"]);
  const settings: [string, string][] = [
    ["user.name", "Custody"],
    ["user.email", "custody@localhost"],
    ["commit.gpgsign", "false"],
    ["tag.gpgsign", "false"],
    ["core.autocrlf", "false"],
  ];
  for (const [key, value] of settings) await runGit(dir, ["config", key, value]);
}

function checkPath(path: string): void {
  const parts = path.split("/");
  const unsafe =
    path === "" || isAbsolute(path) || parts.some((part) => part === "" || part === "." || part === ".." || part === ".git");
  if (unsafe) {
    throw new CustodyError("usage", `commit file path '${path}' must be relative, use '/' and stay inside the repository`);
  }
}

function gitDate(iso: string): string {
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) throw new CustodyError("usage", `commit date '${iso}' is not an ISO 8601 date`);
  // git's own format: seconds since the epoch and a UTC offset.
  return `${Math.floor(millis / 1000)} +0000`;
}

function identityEnv(spec: CommitSpec): Record<string, string> {
  const committer = spec.committer ?? spec.author;
  const env: Record<string, string> = {
    GIT_AUTHOR_NAME: spec.author.name,
    GIT_AUTHOR_EMAIL: spec.author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
  };
  if (spec.date !== undefined) {
    const date = gitDate(spec.date);
    env.GIT_AUTHOR_DATE = date;
    env.GIT_COMMITTER_DATE = date;
  }
  return env;
}

/**
 * Writes `spec.files` to the working tree, stages them (with anything already staged) and commits on
 * the current branch. Returns the new commit's sha.
 */
export async function commitFiles(repo: string, spec: CommitSpec): Promise<string> {
  const root = await findRepoRoot(repo);
  const paths = Object.keys(spec.files).sort();
  for (const path of paths) checkPath(path);
  const env = identityEnv(spec);
  for (const path of paths) {
    const content = spec.files[path];
    const target = join(root, ...path.split("/"));
    if (content === null || content === undefined) {
      await rm(target, { force: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  if (paths.length > 0) {
    await runGit(root, ["update-index", "--add", "--remove", "-z", "--stdin"], { input: paths.map((p) => `${p}\0`).join("") });
  }
  const tree = (await runGit(root, ["write-tree"])).toString("utf8").trim();
  const parent = (await runGit(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], { allowExitCodes: [1] }))
    .toString("utf8")
    .trim();
  const parentArgs = parent === "" ? [] : ["-p", parent];
  const message = spec.message.endsWith("\n") ? spec.message : `${spec.message}\n`;
  const commit = (await runGit(root, ["commit-tree", "--no-gpg-sign", tree, ...parentArgs], { input: message, env }))
    .toString("utf8")
    .trim();
  await runGit(root, ["update-ref", "-m", "custody: commit", "HEAD", commit]);
  return commit;
}
