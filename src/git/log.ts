// Commit metadata through `git log` with NUL-separated fields, so a message can hold any text.
import { CustodyError } from "../core/errors.js";
import type { Commit, Trailer } from "../core/types.js";
import { isFullSha, resolveCommit } from "./repo.js";
import { runGit } from "./run.js";

export const DEFAULT_MAX_COMMITS = 10_000;

// %an/%ae are the identities recorded in the commit: a .mailmap in the scanned tree cannot rename them.
const FIELDS = [
  "%H",
  "%P",
  "%an",
  "%ae",
  "%cn",
  "%ce",
  "%at",
  "%s",
  "%b",
  "%(trailers:unfold,only)",
] as const;
const FORMAT = FIELDS.join("%x00");

export interface CommitList {
  commits: Commit[];
  /** True when the range held more than the limit and only the newest ones were read. */
  truncated: boolean;
}

/** `Key: value` lines as git prints them after unfolding; split at the first colon. */
export function parseTrailers(text: string): Trailer[] {
  const trailers: Trailer[] = [];
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    trailers.push({ key: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return trailers;
}

function isoTime(seconds: string): string {
  return new Date(Number.parseInt(seconds, 10) * 1000).toISOString();
}

function parseLog(output: Buffer, repo: string): Commit[] {
  const fields = output.toString("utf8").split("\0");
  // Every record ends with a NUL (-z), so a well-formed listing leaves one empty string at the end.
  fields.pop();
  const commits: Commit[] = [];
  for (let i = 0; i + FIELDS.length <= fields.length; i += FIELDS.length) {
    const [sha = "", parents = "", an = "", ae = "", cn = "", ce = "", at = "", subject = "", body = "", trailers = ""] =
      fields.slice(i, i + FIELDS.length);
    const id = sha.replace(/^\n/, "");
    if (!isFullSha(id)) {
      throw new CustodyError("git-failed", `git log in ${repo} printed a record that could not be read (near '${id.slice(0, 40)}')`);
    }
    commits.push({
      sha: id,
      parents: parents === "" ? [] : parents.split(" "),
      author: { name: an, email: ae },
      committer: { name: cn, email: ce },
      authorTime: isoTime(at),
      subject,
      body: body.replace(/\n+$/, ""),
      trailers: parseTrailers(trailers),
    });
  }
  return commits;
}

function logArgs(extra: string[]): string[] {
  return ["log", "-z", "--no-color", "--encoding=UTF-8", "--no-notes", `--format=${FORMAT}`, ...extra];
}

/** The commits in `base..head` (all ancestors of head when base is undefined), oldest first, bounded. */
export async function readCommitList(
  repo: string,
  base: string | undefined,
  head: string,
  maxCommits = DEFAULT_MAX_COMMITS,
): Promise<CommitList> {
  const headSha = await resolveCommit(repo, head);
  const range = base === undefined ? [headSha] : [`^${await resolveCommit(repo, base)}`, headSha];
  // One more than the limit tells whether anything was left out.
  const output = await runGit(repo, logArgs(["--topo-order", `--max-count=${maxCommits + 1}`, ...range]));
  const newestFirst = parseLog(output, repo);
  const truncated = newestFirst.length > maxCommits;
  return { commits: newestFirst.slice(0, maxCommits).reverse(), truncated };
}

/** The commits in `base..head` (all ancestors of head when base is undefined), oldest first. */
export async function readCommits(repo: string, base: string | undefined, head: string): Promise<Commit[]> {
  return (await readCommitList(repo, base, head)).commits;
}

/** One commit's metadata. */
export async function readCommit(repo: string, ref: string): Promise<Commit> {
  const sha = await resolveCommit(repo, ref);
  const [commit] = parseLog(await runGit(repo, logArgs(["--no-walk", sha])), repo);
  if (!commit) throw new CustodyError("git-failed", `git log printed nothing for commit ${sha} in ${repo}`);
  return commit;
}
