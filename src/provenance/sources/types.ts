// The contract every line-level evidence source implements (Custody notes, git-ai notes, Agent Trace,
// hook records): given a commit, the ranges of lines in that commit's version of each file it can speak for.
import type { EvidenceSource } from "../../core/types.js";
import type { RangeClaim } from "../claims.js";

export interface ClaimSource {
  /** The evidence source its claims stand for; line resolution ranks and labels claims by it. */
  name: EvidenceSource;
  /**
   * Claims about `commit` (a full sha), with line numbers in that commit's version of each path.
   * A commit the source knows nothing about yields an empty list, not an error.
   */
  claimsFor(repo: string, commit: string): Promise<RangeClaim[]>;
  /**
   * Optional: claims about many commits at once (say, one listing of a notes ref instead of one git
   * call per commit), keyed by commit; a commit left out of the map has no claims. `custody stats`
   * over thousands of commits uses it when a source offers it.
   */
  claimsForCommits?(repo: string, commits: readonly string[]): Promise<Map<string, RangeClaim[]>>;
}
