// The domain model shared by every stage. Field names are a public contract (see docs/formats.md):
// they appear in JSON output, ledger events and policy expressions.

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ANALYZER_IDS = ["sast", "secrets", "deps", "license", "agent-config", "external"] as const;
export type AnalyzerId = (typeof ANALYZER_IDS)[number];

export const CONTRIBUTORS = ["ai", "human", "mixed", "unknown"] as const;
export type Contributor = (typeof CONTRIBUTORS)[number];

export const TOOLS = [
  "claude-code",
  "cursor",
  "copilot",
  "aider",
  "codex",
  "gemini",
  "devin",
  "jules",
  "windsurf",
  "amazon-q",
  "other",
] as const;
export type Tool = (typeof TOOLS)[number];

export const EVIDENCE_SOURCES = [
  "trailer",
  "bot-author",
  "custody-note",
  "git-ai-note",
  "agent-trace",
  "hook",
  "heuristic",
] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

export const OUTCOMES = ["pass", "review", "escalate", "block"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Inclusive range of 1-based line numbers. */
export interface LineRange {
  start: number;
  end: number;
}

export const FILE_STATUSES = ["added", "modified", "deleted", "renamed", "copied", "type-changed"] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

export interface Hunk {
  /** Lines added in the head version of the file. */
  added: LineRange;
}

export interface ChangedFile {
  path: string;
  /** Set for renames and copies. */
  oldPath?: string;
  status: FileStatus;
  binary: boolean;
  /** A submodule pointer change, not file content. */
  submodule: boolean;
  hunks: Hunk[];
  addedLines: number;
  deletedLines: number;
}

export interface Person {
  name: string;
  email: string;
}

export interface Trailer {
  key: string;
  value: string;
}

export interface Commit {
  sha: string;
  parents: string[];
  author: Person;
  committer: Person;
  /** UTC ISO-8601. */
  authorTime: string;
  subject: string;
  body: string;
  trailers: Trailer[];
}

export interface Change {
  /** sha256 of repo + base commit + head tree. */
  id: string;
  repo: string;
  base: string;
  head: string;
  headTree: string;
  files: ChangedFile[];
  commits: Commit[];
  author: Person;
  /** Files or hunks left out because a bound was reached (never silently). */
  truncated: string[];
}

export interface Evidence {
  source: EvidenceSource;
  detail: string;
}

export interface Attribution {
  contributor: Contributor;
  tool?: Tool;
  /** models.dev style `provider/model` when known. */
  model?: string;
  sessionId?: string;
  promptRef?: string;
  humanOfRecord?: string;
  evidence: Evidence[];
  /** 0..1 */
  confidence: number;
}

export interface CommitAttribution {
  sha: string;
  subject: string;
  attribution: Attribution;
}

export interface LineAttribution {
  path: string;
  lines: LineRange;
  commit: string;
  attribution: Attribution;
}

export interface Location {
  path: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface Finding {
  ruleId: string;
  analyzer: AnalyzerId;
  severity: Severity;
  /** `CWE-89` form. */
  cwe: string[];
  message: string;
  location: Location;
  /** Stable across line moves: derived from rule, path and the matched text, never the line number. */
  fingerprint: string;
  aiAttributed: boolean;
  /** Masked; a secret is never stored or printed in full. */
  evidence: string;
  /** History scans: the commit that added the file version the finding is in. */
  commit?: string;
}

export interface Reason {
  ruleName: string;
  outcome: Outcome;
  explanation: string;
  evidence: string[];
}

export interface RequiredApproval {
  group: string;
  count: number;
  /** The distinct people whose approvals count, by their policy identity. */
  satisfiedBy: string[];
  /** The rules that asked for this group's approval (set once approvals are evaluated). */
  rules?: string[];
  /** Signed approvals that count, one per person (the newest). */
  counted?: CountedApproval[];
  /** Group members who rejected this code; the requirement stays open while any reject stands. */
  rejectedBy?: string[];
  /** Approvals that did not count for this group, and why. */
  ignored?: IgnoredApproval[];
}

export interface CountedApproval {
  /** The member it counts as. */
  reviewer: string;
  /** Who signed: the member, or their delegate. */
  signedBy: string;
  /** Ledger index of the approval; absent for a hypothetical approval (`policy simulate --approve`). */
  entry?: number;
  /** The tree the approval names (an earlier tree counts only when nothing relevant changed since). */
  headTree: string;
}

export interface IgnoredApproval {
  /** The identity the statement names, or `unknown` when it cannot be read. */
  reviewer: string;
  verdict: string;
  /** Ledger index of the statement; absent for a hypothetical approval. */
  entry?: number;
  keyid?: string;
  /** Set when the approval was ignored only for this group. */
  group?: string;
  reason: string;
}

/** A signed override that lets the change through whatever the requirements say; it is escalated. */
export interface ApprovalOverride {
  by: string;
  justification: string;
  entry: number;
  time: string;
}

export interface RiskFactor {
  name: string;
  value: number;
  points: number;
}

export interface Decision {
  outcome: Outcome;
  reasons: Reason[];
  requiredApprovals: RequiredApproval[];
  riskScore: number;
  riskFactors: RiskFactor[];
  policyDigest: string;
  changeId: string;
  /** Set once recorded approvals were evaluated: whether the decision is satisfied (the gate exits 0). */
  satisfied?: boolean;
  /** A valid signed override, when one exists. */
  override?: ApprovalOverride;
  /** Approvals and overrides that counted for no requirement, and why (group-specific reasons are under each requirement). */
  ignoredApprovals?: IgnoredApproval[];
}

export const EVENT_TYPES = [
  "provenance.recorded",
  "scan.completed",
  "decision.made",
  "approval.recorded",
  "override.recorded",
  "delegation.recorded",
  "notification.escalated",
  "policy.changed",
  "inventory.changed",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What the ledger stores. `payload` holds digests and summaries, never secrets. */
export interface LedgerEvent {
  type: EventType;
  /** UTC ISO-8601. */
  time: string;
  actor: string;
  subject: string;
  payload: Record<string, unknown>;
}

export function outcomeRank(outcome: Outcome): number {
  return OUTCOMES.indexOf(outcome);
}

/** The lattice join: the stricter of two outcomes. */
export function maxOutcome(a: Outcome, b: Outcome): Outcome {
  return outcomeRank(a) >= outcomeRank(b) ? a : b;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}
