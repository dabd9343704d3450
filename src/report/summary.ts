// Shapes shared by the text, Markdown and JSON renderers of a gate run.
import type { AttributionStats } from "../provenance/index.js";
import type { Change, CommitAttribution, Decision, Finding, Outcome } from "../core/types.js";
import type { SkippedFile } from "../core/files.js";

export interface LedgerRef {
  path: string;
  /** Indexes of the events this run appended. */
  indexes: number[];
  treeSize: number;
  rootHash: string;
}

export interface GateReport {
  decision: Decision;
  change: Change;
  commits: CommitAttribution[];
  stats: AttributionStats;
  findings: Finding[];
  policySource: string;
  skipped: SkippedFile[];
  ledger?: LedgerRef;
}

export const OUTCOME_LABEL: Record<Outcome, string> = {
  pass: "PASS",
  review: "REVIEW REQUIRED",
  escalate: "ESCALATED",
  block: "BLOCKED",
};

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function short(sha: string): string {
  return sha.slice(0, 12);
}

/** The change summary that goes into gate JSON: everything but file contents. */
export function changeSummary(change: Change) {
  return {
    id: change.id,
    repo: change.repo,
    base: change.base,
    head: change.head,
    headTree: change.headTree,
    author: change.author,
    files: change.files.map((f) => ({
      path: f.path,
      ...(f.oldPath !== undefined ? { oldPath: f.oldPath } : {}),
      status: f.status,
      binary: f.binary,
      submodule: f.submodule,
      addedLines: f.addedLines,
      deletedLines: f.deletedLines,
      added: f.hunks.map((h) => h.added),
    })),
    commits: change.commits.length,
    truncated: change.truncated,
  };
}

export function gateJson(report: GateReport) {
  return {
    decision: report.decision,
    change: changeSummary(report.change),
    attribution: { stats: report.stats, commits: report.commits },
    findings: report.findings,
    policySource: report.policySource,
    skipped: report.skipped,
    ...(report.ledger ? { ledger: report.ledger } : {}),
  };
}
