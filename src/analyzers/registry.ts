import type { AnalyzerId } from "../core/types.js";
import { agentConfigAnalyzer } from "./agent-config/index.js";
import { DEPS_RULES } from "./deps/analyze.js";
import { sastAnalyzer } from "./sast/index.js";
import { secretsAnalyzer } from "./secrets/index.js";
import type { Analyzer, RuleMeta } from "./types.js";

/** Every analyzer that runs on file contents, in a fixed order so output is deterministic. */
export const FILE_ANALYZERS: readonly Analyzer[] = [sastAnalyzer, secretsAnalyzer, agentConfigAnalyzer];

export function analyzerById(id: AnalyzerId): Analyzer | undefined {
  return FILE_ANALYZERS.find((a) => a.id === id);
}

/** Every rule: the file analyzers' and the dependency stage's, which runs on manifests and lockfiles. */
export function allRules(): RuleMeta[] {
  return [...FILE_ANALYZERS.flatMap((a) => a.rules()), ...DEPS_RULES.map((r) => ({ ...r, cwe: [...r.cwe], owasp: [...r.owasp] }))].sort((x, y) =>
    x.id.localeCompare(y.id),
  );
}

export function ruleById(id: string): RuleMeta | undefined {
  return allRules().find((r) => r.id === id);
}
