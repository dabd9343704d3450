// Which commit last touched each line of a file, through `git blame --porcelain`.
import { resolveCommit } from "./repo.js";
import { runGit } from "./run.js";

export interface BlameLine {
  /** 1-based line in the file at `rev`. */
  line: number;
  commit: string;
  /** The line is older than the blamed range (or its commit is a boundary of it). */
  boundary: boolean;
}

const HEADER = /^([0-9a-f]{40}(?:[0-9a-f]{24})?) \d+ (\d+)(?: (\d+))?$/;

/** Parses porcelain output; commit details appear once per commit, so boundary marks are remembered. */
export function parseBlamePorcelain(output: Buffer): BlameLine[] {
  // latin1 maps bytes one to one: headers are ASCII and file content is skipped, whatever its encoding.
  const lines = output.toString("latin1").split("\n");
  const boundaries = new Set<string>();
  const result: BlameLine[] = [];
  let current: { commit: string; line: number } | undefined;
  for (const line of lines) {
    if (current === undefined) {
      const header = HEADER.exec(line);
      if (header?.[1] && header[2]) current = { commit: header[1], line: Number.parseInt(header[2], 10) };
      continue;
    }
    if (line.startsWith("\t")) {
      result.push({ line: current.line, commit: current.commit, boundary: boundaries.has(current.commit) });
      current = undefined;
      continue;
    }
    if (line === "boundary") boundaries.add(current.commit);
  }
  return result.sort((a, b) => a.line - b.line);
}

/**
 * Blames `path` as of `rev`. With `since` (a change's base), lines written before it are reported
 * with their boundary commit and `boundary: true`; without it, every line gets its real commit.
 */
export async function blame(repo: string, rev: string, path: string, since?: string): Promise<BlameLine[]> {
  const head = await resolveCommit(repo, rev);
  const range = since === undefined ? ["--root", head] : [`${await resolveCommit(repo, since)}..${head}`];
  const output = await runGit(repo, ["blame", "--porcelain", "--no-ignore-revs-file", ...range, "--", path]);
  return parseBlamePorcelain(output);
}
