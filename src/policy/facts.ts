// The facts about a change that rules and the risk score work from, in plain numbers. Everything the
// policy says about AI code rests on one definition: a line is AI-written when its attribution is
// `ai` or `mixed` and rests on more than heuristic evidence.

import picomatch from "picomatch";
import type { Attribution, Change, CommitAttribution, Finding, LineAttribution, LineRange, Person, Severity, Tool } from "../core/types.js";
import { isAgentConfigPath } from "../analyzers/agent-config/paths.js";
import { classAllows, classifier } from "./classification.js";
import type { DataClass } from "./classification.js";
import type { Policy } from "./schema.js";
import { judge } from "./tools.js";

export const RISK_CLASSES = ["critical", "high", "normal", "low"] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

/** A published advisory against a dependency version the change brings in. */
export interface VulnerableDependency {
  /** Package identifier such as `npm:lodash@4.17.20`. */
  package: string;
  /** The advisory id (`GHSA-…`, `CVE-…`, `PYSEC-…`). */
  advisory: string;
  severity: Severity;
  /** Other ids of the same advisory, such as its CVE. */
  aliases: string[];
}

/** Dependency facts from the deps analyzer, as package identifiers such as `npm:left-pad@1.3.0`. */
export interface DepsFacts {
  added: string[];
  malicious: string[];
  hallucinated: string[];
  typosquat: string[];
  /** Absent when no advisory database was consulted. */
  vulnerable?: VulnerableDependency[];
}

/** AI-written lines in a file whose data class does not allow the tool or model that wrote them. */
export interface ClassViolation {
  path: string;
  dataClass: DataClass;
  /** Empty when the attribution names no tool (or model). */
  tool: string;
  model: string;
}

export interface DecideInput {
  change: Change;
  commits: CommitAttribution[];
  /** Attributions of the added lines. */
  lines: LineAttribution[];
  findings: Finding[];
  labels: string[];
  /** Absent until the deps analyzer reports; treated as no dependency changes. */
  deps?: DepsFacts;
}

export interface FileFacts {
  path: string;
  status: string;
  risk: RiskClass;
  addedLines: number;
  deletedLines: number;
  aiLines: number;
  agentConfig: boolean;
  dataClass: DataClass;
  /** Tools and models that wrote AI lines in this file. */
  aiTools: string[];
  aiModels: string[];
}

export interface FindingFacts {
  ruleId: string;
  analyzer: string;
  severity: Severity;
  cwe: string[];
  path: string;
  line: number;
  aiAttributed: boolean;
}

export interface ChangeFacts {
  change: { id: string; base: string; head: string; files: FileFacts[]; paths: string[]; addedLines: number; deletedLines: number; commits: number };
  ai: {
    lines: number;
    /** AI lines over added lines, 0..1. */
    share: number;
    tools: string[];
    models: string[];
    criticalLines: number;
    highLines: number;
    unapprovedTools: string[];
    unapprovedModels: string[];
    classViolations: ClassViolation[];
    commits: number;
  };
  findings: FindingFacts[];
  deps: Required<DepsFacts>;
  author: Person;
  labels: string[];
}

export function countsAsAi(attribution: Attribution): boolean {
  if (attribution.contributor !== "ai" && attribution.contributor !== "mixed") return false;
  const evidence = attribution.evidence;
  return evidence.length === 0 || evidence.some((item) => item.source !== "heuristic");
}

export function classifyPath(paths: Policy["paths"]): (path: string) => RiskClass {
  const critical = picomatch(paths.critical, { dot: true });
  const high = picomatch(paths.high, { dot: true });
  const low = picomatch(paths.low, { dot: true });
  return (path) => {
    if (paths.critical.length > 0 && critical(path)) return "critical";
    if (paths.high.length > 0 && high(path)) return "high";
    if (paths.low.length > 0 && low(path)) return "low";
    return "normal";
  };
}

/** The tool and model of each AI attribution, once per distinct pair. */
interface Writer {
  tool: Tool | undefined;
  model: string | undefined;
}

function writersOf(attributions: readonly Attribution[]): Writer[] {
  const seen = new Map<string, Writer>();
  for (const { tool, model } of attributions) seen.set(`${tool ?? ""}\0${model ?? ""}`, { tool, model });
  return [...seen.values()];
}

export function deriveFacts(policy: Policy, input: DecideInput): ChangeFacts {
  const riskOf = classifyPath(policy.paths);
  const classOf = classifier(policy.classification);
  const aiRanges = new Map<string, LineRange[]>();
  const aiWriters = new Map<string, Attribution[]>();
  for (const line of input.lines) {
    if (!countsAsAi(line.attribution)) continue;
    const ranges = aiRanges.get(line.path) ?? [];
    ranges.push(line.lines);
    aiRanges.set(line.path, ranges);
    aiWriters.set(line.path, [...(aiWriters.get(line.path) ?? []), line.attribution]);
  }
  const files: FileFacts[] = input.change.files
    .map((file) => {
      const writers = writersOf(aiWriters.get(file.path) ?? []);
      return {
        path: file.path,
        status: file.status,
        risk: riskOf(file.path),
        addedLines: file.addedLines,
        deletedLines: file.deletedLines,
        aiLines: coveredLines(aiRanges.get(file.path) ?? []),
        agentConfig: isAgentConfigPath(file.path) || (file.oldPath !== undefined && isAgentConfigPath(file.oldPath)),
        dataClass: classOf(file.path),
        aiTools: sortedUnique(writers.flatMap((writer) => (writer.tool === undefined ? [] : [writer.tool]))),
        aiModels: sortedUnique(writers.flatMap((writer) => (writer.model === undefined ? [] : [writer.model]))),
      };
    })
    .sort((a, b) => compareText(a.path, b.path));
  const addedLines = sum(files.map((file) => file.addedLines));
  const aiLines = sum(files.map((file) => file.aiLines));
  const aiAttributions = [...input.commits.map((commit) => commit.attribution), ...input.lines.map((line) => line.attribution)].filter(countsAsAi);
  const tools = sortedUnique(aiAttributions.flatMap((attribution) => (attribution.tool === undefined ? [] : [attribution.tool])));
  const models = sortedUnique(aiAttributions.flatMap((attribution) => (attribution.model === undefined ? [] : [attribution.model])));
  const classViolations = files.flatMap((file) =>
    file.aiLines === 0 ? [] : classViolationsIn(policy, file.path, file.dataClass, writersOf(aiWriters.get(file.path) ?? [])),
  );
  return {
    change: {
      id: input.change.id,
      base: input.change.base,
      head: input.change.head,
      files,
      paths: files.map((file) => file.path),
      addedLines,
      deletedLines: sum(files.map((file) => file.deletedLines)),
      commits: input.change.commits.length,
    },
    ai: {
      lines: aiLines,
      share: addedLines === 0 ? 0 : Math.min(1, aiLines / addedLines),
      tools,
      models,
      criticalLines: sum(files.filter((file) => file.risk === "critical").map((file) => file.aiLines)),
      highLines: sum(files.filter((file) => file.risk === "high").map((file) => file.aiLines)),
      unapprovedTools: unapprovedTools(policy, tools),
      unapprovedModels: unapprovedModels(policy, writersOf(aiAttributions)),
      classViolations,
      commits: input.commits.filter((commit) => countsAsAi(commit.attribution)).length,
    },
    findings: input.findings.map(findingFacts).sort(compareFindings),
    deps: {
      added: sortedUnique(input.deps?.added ?? []),
      malicious: sortedUnique(input.deps?.malicious ?? []),
      hallucinated: sortedUnique(input.deps?.hallucinated ?? []),
      typosquat: sortedUnique(input.deps?.typosquat ?? []),
      vulnerable: [...(input.deps?.vulnerable ?? [])]
        .map((entry) => ({ ...entry, aliases: sortedUnique(entry.aliases) }))
        .sort((a, b) => compareText(a.package, b.package) || compareText(a.advisory, b.advisory)),
    },
    author: { name: input.change.author.name, email: input.change.author.email },
    labels: sortedUnique(input.labels),
  };
}

// Tools and models are only judged when the policy lists them; an AI attribution that names no tool
// or model cannot be judged and is left to the other rules.
function unapprovedTools(policy: Policy, tools: string[]): string[] {
  const approved = policy.tools?.approved;
  if (approved === undefined) return [];
  return tools.filter((tool) => !(approved as readonly string[]).includes(tool));
}

function unapprovedModels(policy: Policy, writers: readonly Writer[]): string[] {
  const tools = policy.tools;
  if (tools === undefined) return [];
  // The tool list is judged by unapproved-tool; here only whether each model is allowed for its tool.
  const models = { ...tools, approved: undefined };
  return sortedUnique(writers.flatMap(({ tool, model }) => (model !== undefined && !judge(models, tool, model, "lenient").allowed ? [model] : [])));
}

function classViolationsIn(policy: Policy, path: string, dataClass: DataClass, writers: readonly Writer[]): ClassViolation[] {
  return writers
    .filter(({ tool, model }) => !classAllows(policy.classification, dataClass, tool, model).allowed)
    .map(({ tool, model }) => ({ path, dataClass, tool: tool ?? "", model: model ?? "" }))
    .sort((a, b) => compareText(a.tool, b.tool) || compareText(a.model, b.model));
}

/** Distinct line numbers covered by possibly overlapping ranges. */
function coveredLines(ranges: LineRange[]): number {
  const sorted = ranges.filter((range) => range.end >= range.start).sort((a, b) => a.start - b.start);
  let total = 0;
  let reached = 0;
  for (const range of sorted) {
    const start = Math.max(range.start, reached + 1);
    if (range.end >= start) total += range.end - start + 1;
    reached = Math.max(reached, range.end);
  }
  return total;
}

function findingFacts(finding: Finding): FindingFacts {
  return {
    ruleId: finding.ruleId,
    analyzer: finding.analyzer,
    severity: finding.severity,
    cwe: [...finding.cwe].sort(compareText),
    path: finding.location.path,
    line: finding.location.startLine,
    aiAttributed: finding.aiAttributed,
  };
}

function compareFindings(a: FindingFacts, b: FindingFacts): number {
  return compareText(a.path, b.path) || a.line - b.line || compareText(a.ruleId, b.ruleId);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
