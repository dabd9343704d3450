// The line a change adds and the commit `git blame` says last wrote it; line resolution (resolve.ts)
// turns these into attributed ranges.

export interface BlamedLine {
  path: string;
  /** 1-based line number in the head version of the file. */
  line: number;
  commit: string;
  /** The commit is older than the change (blame stopped at the change's base). */
  boundary: boolean;
}
