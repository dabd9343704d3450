// The agent-config analyzer: attacks on the files that steer AI coding agents. v1 reports hidden
// Unicode (tag characters, zero-width characters, bidi controls).
import { onAddedLines } from "../types.js";
import type { Analyzer, AnalyzerFinding, SourceFile } from "../types.js";
import { toFinding } from "./findings.js";
import { isAgentConfigPath } from "./paths.js";
import { AGENT_CONFIG_RULES } from "./rules.js";
import { findHiddenRuns } from "./scan.js";

export const agentConfigAnalyzer: Analyzer = {
  id: "agent-config",
  description: "Attacks hidden in the files that steer AI coding agents: invisible and reordering Unicode.",
  needsNetwork: false,
  appliesTo: isAgentConfigPath,
  analyzeFile(file: SourceFile): AnalyzerFinding[] {
    const findings = findHiddenRuns(file.text).map((run) => toFinding(file.path, run));
    return onAddedLines(file, findings);
  },
  rules: () => AGENT_CONFIG_RULES.map((rule) => ({ ...rule, cwe: [...rule.cwe], owasp: [...rule.owasp] })),
};

export { revealHiddenText } from "./findings.js";
export { AGENT_CONFIG_GLOBS, isAgentConfigPath } from "./paths.js";
export { AGENT_CONFIG_RULES, BIDI_RULE, UNICODE_TAG_RULE, ZERO_WIDTH_RULE } from "./rules.js";
export { findHiddenRuns } from "./scan.js";
export type { HiddenRun } from "./scan.js";
export { bidiBalanced, codePointLabel, decodeTags, HIDDEN_KINDS, hiddenKind } from "./unicode.js";
export type { HiddenKind } from "./unicode.js";
