// Which commit last touched each line of a file, and where that line sat in that commit, through
// `git blame --incremental` (one record per run of lines, never the file's content).
import { isFullSha, resolveCommit } from "./repo.js";
import { unquoteCPath } from "./quote.js";
import { runGit } from "./run.js";

export interface BlameLine {
  /** 1-based line in the file at `rev`. */
  line: number;
  commit: string;
  /** The line is older than the blamed range (or its commit is a boundary of it). */
  boundary: boolean;
  /** The file's path in `commit` (differs from the blamed path when the file was renamed since). */
  origPath: string;
  /** 1-based line number of this line in `commit`'s version of `origPath`. */
  origLine: number;
}

/** A run of consecutive lines that one commit wrote, as blame reports it. */
export interface BlameRange {
  /** First line in the file at `rev` (1-based). */
  start: number;
  /** Number of lines in the run. */
  count: number;
  commit: string;
  boundary: boolean;
  origPath: string;
  /** Line of `start` in `commit`'s version of `origPath`. */
  origStart: number;
}

export interface BlameOptions {
  /** A change's base: lines written before it are reported with their boundary commit. */
  since?: string;
  /** Largest blame output accepted (an `input-too-large` error past it); default 64 MiB. */
  maxBytes?: number;
}

const DEFAULT_BLAME_BYTES = 64 * 1024 * 1024;
const HEADER = /^([0-9a-f]{40}(?:[0-9a-f]{24})?) (\d+) (\d+) (\d+)$/;

/**
 * Parses `--incremental` output. Commit details (and the boundary mark) appear only the first time a
 * commit is seen, so boundaries are remembered; every record ends with its `filename` line.
 */
export function parseBlameIncremental(output: Buffer): BlameRange[] {
  const boundaries = new Set<string>();
  const ranges: BlameRange[] = [];
  let current: { commit: string; origStart: number; start: number; count: number } | undefined;
  for (const line of output.toString("utf8").split("\n")) {
    if (current === undefined) {
      const header = HEADER.exec(line);
      if (header?.[1] && header[2] && header[3] && header[4]) {
        current = {
          commit: header[1],
          origStart: Number.parseInt(header[2], 10),
          start: Number.parseInt(header[3], 10),
          count: Number.parseInt(header[4], 10),
        };
      }
      continue;
    }
    if (line === "boundary") {
      boundaries.add(current.commit);
      continue;
    }
    if (!line.startsWith("filename ")) continue;
    ranges.push({ ...current, boundary: boundaries.has(current.commit), origPath: unquoteCPath(line.slice("filename ".length)) });
    current = undefined;
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** One entry per line, in line order. */
export function expandBlameRanges(ranges: BlameRange[]): BlameLine[] {
  const lines: BlameLine[] = [];
  for (const range of ranges) {
    for (let offset = 0; offset < range.count; offset++) {
      lines.push({
        line: range.start + offset,
        commit: range.commit,
        boundary: range.boundary,
        origPath: range.origPath,
        origLine: range.origStart + offset,
      });
    }
  }
  return lines.sort((a, b) => a.line - b.line);
}

/**
 * Blames the whole of `path` as of `rev` in one bounded git call and returns runs of lines.
 * Without `since`, every line gets the commit that really wrote it (`--root`: the first commit is no
 * boundary).
 */
export async function blameRanges(repo: string, rev: string, path: string, options: BlameOptions = {}): Promise<BlameRange[]> {
  // Callers usually pass full shas already; resolving them again would cost a git process per file.
  const head = isFullSha(rev) ? rev : await resolveCommit(repo, rev);
  const since = options.since === undefined || isFullSha(options.since) ? options.since : await resolveCommit(repo, options.since);
  const range = since === undefined ? ["--root", head] : [`${since}..${head}`];
  const output = await runGit(repo, ["blame", "--incremental", "--no-ignore-revs-file", ...range, "--", path], {
    maxBytes: options.maxBytes ?? DEFAULT_BLAME_BYTES,
  });
  return parseBlameIncremental(output);
}

/**
 * Blames `path` as of `rev`, line by line. With `since` (a change's base), lines written before it are
 * reported with their boundary commit and `boundary: true`; without it, every line gets its real commit.
 */
export async function blame(repo: string, rev: string, path: string, since?: string): Promise<BlameLine[]> {
  return expandBlameRanges(await blameRanges(repo, rev, path, since === undefined ? {} : { since }));
}
