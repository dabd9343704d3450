// Line-level attribution: each added line carries the attribution of the commit that last wrote it.
import { CustodyError } from "../core/errors.js";
import type { Attribution, CommitAttribution, LineAttribution } from "../core/types.js";
import { unknownAttribution } from "./attribution.js";

/** One added line of a change and the commit `git blame` says last wrote it. */
export interface BlamedLine {
  path: string;
  /** 1-based line number in the head version of the file. */
  line: number;
  commit: string;
  /** The commit is older than the change (blame stopped at the change's base). */
  boundary: boolean;
}

/**
 * Merges consecutive lines of one file written by one commit into ranges, sorted by path then line.
 * Lines from boundary commits predate the change, so nothing the change carries can attribute them:
 * they are `unknown`, as are lines from commits missing in `commits`.
 */
export function attributeLines(lines: BlamedLine[], commits: CommitAttribution[]): LineAttribution[] {
  const byCommit = new Map(commits.map((c) => [c.sha, c.attribution]));
  const ranges: LineAttribution[] = [];
  let last: { line: BlamedLine; range: LineAttribution } | undefined;

  for (const line of [...lines].sort(comparePathLine)) {
    checkLine(line);
    if (last !== undefined && last.line.path === line.path && last.line.line === line.line) {
      if (last.line.commit !== line.commit || last.line.boundary !== line.boundary) {
        throw new CustodyError(
          "blame-invalid",
          `${line.path}:${line.line} is blamed on both ${last.line.commit} and ${line.commit}; ` +
            "pass each added line once, as git blame reports it",
        );
      }
      continue;
    }
    if (
      last?.line.path === line.path &&
      last.line.commit === line.commit &&
      last.line.boundary === line.boundary &&
      last.range.lines.end === line.line - 1
    ) {
      last.range.lines.end = line.line;
      last.line = line;
      continue;
    }
    const range: LineAttribution = {
      path: line.path,
      lines: { start: line.line, end: line.line },
      commit: line.commit,
      attribution: attributionFor(line, byCommit),
    };
    ranges.push(range);
    last = { line, range };
  }
  return ranges;
}

function attributionFor(line: BlamedLine, byCommit: Map<string, Attribution>): Attribution {
  if (line.boundary) return unknownAttribution();
  return byCommit.get(line.commit) ?? unknownAttribution();
}

function checkLine(line: BlamedLine): void {
  if (line.path === "") {
    throw new CustodyError("blame-invalid", `a blamed line (line ${line.line}) has an empty path`);
  }
  if (!Number.isInteger(line.line) || line.line < 1) {
    throw new CustodyError(
      "blame-invalid",
      `${line.path}: line number ${String(line.line)} is not a positive integer; blame lines are 1-based`,
    );
  }
  if (line.commit.trim() === "") {
    throw new CustodyError("blame-invalid", `${line.path}:${line.line} has no commit`);
  }
}

function comparePathLine(a: BlamedLine, b: BlamedLine): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.line - b.line;
}
