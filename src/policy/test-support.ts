// Builders for decide-stage tests: small, explicit inputs without git.

import type { Attribution, ChangedFile, CommitAttribution, EvidenceSource, Finding, LineAttribution, Severity, Tool } from "../core/types.js";
import type { DecideInput } from "./facts.js";

export function file(path: string, addedLines = 10, overrides: Partial<ChangedFile> = {}): ChangedFile {
  return {
    path,
    status: "modified",
    binary: false,
    submodule: false,
    hunks: addedLines > 0 ? [{ added: { start: 1, end: addedLines } }] : [],
    addedLines,
    deletedLines: 0,
    ...overrides,
  };
}

export interface AiOptions {
  tool?: Tool;
  model?: string;
  contributor?: Attribution["contributor"];
  sources?: EvidenceSource[];
}

export function attribution(options: AiOptions = {}): Attribution {
  const result: Attribution = {
    contributor: options.contributor ?? "ai",
    evidence: (options.sources ?? ["trailer"]).map((source) => ({ source, detail: `${source} evidence` })),
    confidence: 1,
  };
  if (options.tool !== undefined) result.tool = options.tool;
  if (options.model !== undefined) result.model = options.model;
  return result;
}

export function aiLines(path: string, start: number, end: number, options: AiOptions = {}): LineAttribution {
  return { path, lines: { start, end }, commit: "c1", attribution: attribution({ tool: "claude-code", ...options }) };
}

export function aiCommit(sha: string, options: AiOptions = {}): CommitAttribution {
  return { sha, subject: `commit ${sha}`, attribution: attribution({ tool: "claude-code", ...options }) };
}

export function finding(ruleId: string, severity: Severity, path: string, line: number): Finding {
  const analyzer = ruleId.split("/")[0];
  return {
    ruleId,
    analyzer: analyzer === "secrets" || analyzer === "deps" || analyzer === "license" || analyzer === "agent-config" || analyzer === "external" ? analyzer : "sast",
    severity,
    cwe: [],
    message: `${ruleId} matched`,
    location: { path, startLine: line, startColumn: 1, endLine: line, endColumn: 10 },
    fingerprint: `${ruleId}:${path}`,
    aiAttributed: false,
    evidence: "masked",
  };
}

export function decideInput(files: ChangedFile[], parts: Partial<Omit<DecideInput, "change">> = {}): DecideInput {
  return {
    change: {
      id: "change-1",
      repo: "example/repo",
      base: "base-sha",
      head: "head-sha",
      headTree: "tree-sha",
      files,
      commits: [],
      author: { name: "Dana Dev", email: "dana@example.com" },
      truncated: [],
    },
    commits: [],
    lines: [],
    findings: [],
    labels: [],
    ...parts,
  };
}
