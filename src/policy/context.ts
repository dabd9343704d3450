// The CEL context a rule sees. Counts are `bigint` so CEL types them
// `int` and `ai.lines > 0` compares int with int; the AI share stays a `double`. The shape is fixed by
// CONTEXT_SHAPE in shape.ts, which the load-time checks use.

import type { Policy } from "./schema.js";
import { deriveFacts } from "./facts.js";
import type { ChangeFacts, DecideInput } from "./facts.js";
import { scoreRisk } from "./risk.js";
import type { RiskAssessment } from "./risk.js";

// Type aliases rather than interfaces: they must be assignable to the CEL input index signature.
export type FileContext = {
  path: string;
  status: string;
  risk: string;
  addedLines: bigint;
  aiLines: bigint;
  agentConfig: boolean;
  dataClass: string;
  aiTools: string[];
  aiModels: string[];
};

export type FindingContext = {
  ruleId: string;
  analyzer: string;
  severity: string;
  cwe: string[];
  path: string;
  line: bigint;
  aiAttributed: boolean;
};

export type PolicyContext = {
  change: {
    id: string;
    base: string;
    head: string;
    files: FileContext[];
    paths: string[];
    addedLines: bigint;
    deletedLines: bigint;
    commits: bigint;
  };
  ai: {
    lines: bigint;
    share: number;
    tools: string[];
    models: string[];
    criticalLines: bigint;
    unapprovedTools: string[];
    unapprovedModels: string[];
    classViolations: { path: string; dataClass: string; tool: string; model: string }[];
    commits: bigint;
  };
  findings: FindingContext[];
  deps: {
    added: string[];
    malicious: string[];
    hallucinated: string[];
    typosquat: string[];
    vulnerable: { package: string; advisory: string; severity: string; aliases: string[] }[];
  };
  author: { name: string; email: string };
  labels: string[];
  risk: { score: bigint; factors: Record<string, bigint> };
};

function int(value: number): bigint {
  return BigInt(Math.trunc(value));
}

export function toCelContext(facts: ChangeFacts, risk: RiskAssessment): PolicyContext {
  const { change, ai } = facts;
  return {
    change: {
      id: change.id,
      base: change.base,
      head: change.head,
      files: change.files.map((file) => ({
        path: file.path,
        status: file.status,
        risk: file.risk,
        addedLines: int(file.addedLines),
        aiLines: int(file.aiLines),
        agentConfig: file.agentConfig,
        dataClass: file.dataClass,
        aiTools: [...file.aiTools],
        aiModels: [...file.aiModels],
      })),
      paths: [...change.paths],
      addedLines: int(change.addedLines),
      deletedLines: int(change.deletedLines),
      commits: int(change.commits),
    },
    ai: {
      lines: int(ai.lines),
      share: ai.share,
      tools: [...ai.tools],
      models: [...ai.models],
      criticalLines: int(ai.criticalLines),
      unapprovedTools: [...ai.unapprovedTools],
      unapprovedModels: [...ai.unapprovedModels],
      classViolations: ai.classViolations.map((violation) => ({ ...violation })),
      commits: int(ai.commits),
    },
    findings: facts.findings.map((finding) => ({ ...finding, cwe: [...finding.cwe], line: int(finding.line) })),
    deps: {
      added: [...facts.deps.added],
      malicious: [...facts.deps.malicious],
      hallucinated: [...facts.deps.hallucinated],
      typosquat: [...facts.deps.typosquat],
      vulnerable: facts.deps.vulnerable.map((entry) => ({ ...entry, aliases: [...entry.aliases] })),
    },
    author: { ...facts.author },
    labels: [...facts.labels],
    risk: { score: int(risk.score), factors: Object.fromEntries(risk.factors.map((factor) => [factor.name, int(factor.points)])) },
  };
}

/** The context rules would see for this change (what `custody policy simulate` shows). */
export function buildContext(policy: Policy, input: DecideInput): PolicyContext {
  const facts = deriveFacts(policy, input);
  return toCelContext(facts, scoreRisk(facts));
}
