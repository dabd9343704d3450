// The optional `Assisted-by: <tool>:<model>` trailer the commit-msg hook adds when the repository asks
// for it (`git config custody.trailer true`).
import { runGit } from "../../git/index.js";
import { listPending } from "../hooks/store.js";

export const ASSISTED_BY = "Assisted-by";

export interface TrailerOptions {
  /** The index git is committing from (`GIT_INDEX_FILE` in the hook), when it is not the default one. */
  indexFile?: string;
}

export async function trailerEnabled(repo: string): Promise<boolean> {
  const output = await runGit(repo, ["config", "--type=bool", "--get", "custody.trailer"], { allowExitCodes: [1] });
  return output.toString("utf8").trim() === "true";
}

async function stagedPaths(repo: string, options: TrailerOptions): Promise<Set<string>> {
  const env = options.indexFile === undefined ? undefined : { GIT_INDEX_FILE: options.indexFile };
  const output = await runGit(repo, ["diff", "--cached", "--no-renames", "--name-only", "-z"], { env });
  return new Set(output.toString("utf8").split("\0").filter((p) => p !== ""));
}

/** One `<tool>:<model>` (or `<tool>`, model unknown) per distinct pair among pending edits of staged files, sorted. */
export async function assistedByValues(repo: string, options: TrailerOptions = {}): Promise<string[]> {
  const staged = await stagedPaths(repo, options);
  const values = new Set<string>();
  for (const edit of (await listPending(repo)).edits) {
    if (!staged.has(edit.path)) continue;
    values.add(edit.model === undefined ? edit.tool : `${edit.tool}:${edit.model}`);
  }
  return [...values].sort();
}

/**
 * Appends the Assisted-by trailers to the commit message in `messageFile` when the repository enables
 * them; trailers already in the message are kept and not repeated. Returns the values it asked for.
 */
export async function addAssistedByTrailers(repo: string, messageFile: string, options: TrailerOptions = {}): Promise<string[]> {
  if (!(await trailerEnabled(repo))) return [];
  const values = await assistedByValues(repo, options);
  if (values.length === 0) return [];
  const trailers = values.flatMap((value) => ["--trailer", `${ASSISTED_BY}: ${value}`]);
  await runGit(repo, ["interpret-trailers", "--in-place", "--if-exists", "addIfDifferent", ...trailers, "--", messageFile]);
  return values;
}
