import type { AnalyzerId } from "../core/types.js";
import { agentConfigAnalyzer } from "./agent-config/index.js";
import { DEPS_RULES } from "./deps/analyze.js";
import { licenseAnalyzer } from "./license/index.js";
import { LICENSE_STAGE_RULES } from "./license/rules.js";
import { sastAnalyzer } from "./sast/index.js";
import { secretsAnalyzer } from "./secrets/index.js";
import type { Analyzer, RuleMeta } from "./types.js";

/** Every analyzer that runs on file contents, in a fixed order so output is deterministic. */
export const FILE_ANALYZERS: readonly Analyzer[] = [sastAnalyzer, secretsAnalyzer, licenseAnalyzer, agentConfigAnalyzer];

export function analyzerById(id: AnalyzerId): Analyzer | undefined {
  return FILE_ANALYZERS.find((a) => a.id === id);
}

/**
 * Every rule: the file analyzers', the dependency stage's (manifests and lockfiles) and the license
 * rules the pipeline reports beside it (dependency licenses, snippet matches).
 */
export function allRules(): RuleMeta[] {
  const staged = [...DEPS_RULES, ...LICENSE_STAGE_RULES].map((r) => ({ ...r, cwe: [...r.cwe], owasp: [...r.owasp] }));
  return [...FILE_ANALYZERS.flatMap((a) => a.rules()), ...staged].sort((x, y) => x.id.localeCompare(y.id));
}

export function ruleById(id: string): RuleMeta | undefined {
  return allRules().find((r) => r.id === id);
}
