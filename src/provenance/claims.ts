// A claim by one evidence source that a range of lines in one commit's version of a file was written by a
// given contributor. Custody notes, git-ai notes, Agent Trace records and commit trailers all produce
// claims; line resolution merges them and keeps every piece of evidence.
import type { Attribution, LineRange } from "../core/types.js";

export interface RangeClaim {
  /** Commit whose version of the file the line numbers refer to. */
  commit: string;
  path: string;
  lines: LineRange;
  attribution: Attribution;
}
