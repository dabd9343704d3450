// The agent-config analyzer: attacks on the files that steer AI coding agents (hidden Unicode,
// hostile directives, dangerous settings and MCP servers), plus the Unicode attacks that work in any
// source file (Trojan Source bidi controls, invisible characters in tokens, homoglyph identifiers).
import { onAddedLines } from "../types.js";
import type { Analyzer, AnalyzerFinding, SourceFile } from "../types.js";
import { directiveFinding, findDirectives } from "./directives.js";
import { homoglyphFinding, invisibleFinding, settingFinding, toFinding, trojanFinding } from "./findings.js";
import { findHomoglyphWords } from "./homoglyphs.js";
import { agentFileKind, configFormat, isProseFile, isVsCodeSettingsPath } from "./paths.js";
import { AGENT_CONFIG_RULES } from "./rules.js";
import { findHiddenRuns } from "./scan.js";
import { checkSettings } from "./settings.js";
import { findInvisibleInCode, findTrojanBidi } from "./trojan.js";

/** The one test an ordinary ASCII source file costs (besides its path being matched). */
const NON_ASCII = /[\u0080-\uffff]/;

/** A pathological file (a minified bundle full of one character) reports this many per rule, not thousands. */
export const MAX_FINDINGS_PER_RULE = 100;

function capPerRule(findings: AnalyzerFinding[]): AnalyzerFinding[] {
  const counts = new Map<string, number>();
  return findings.filter((f) => {
    const count = (counts.get(f.ruleId) ?? 0) + 1;
    counts.set(f.ruleId, count);
    return count <= MAX_FINDINGS_PER_RULE;
  });
}

function agentFileFindings(file: SourceFile, nonAscii: boolean): AnalyzerFinding[] {
  const kind = agentFileKind(file.path);
  if (kind === undefined) return [];
  const findings = nonAscii ? findHiddenRuns(file.text).map((run) => toFinding(file.path, run)) : [];
  const format = configFormat(file.path);
  if (kind === "instructions") {
    findings.push(...findDirectives(file.text).map((hit) => directiveFinding(file.path, hit)));
  } else if (format !== undefined) {
    findings.push(...checkSettings(file.text, kind, format, file.path).map((issue) => settingFinding(file.path, issue)));
  }
  return findings;
}

/** Whether a line is in scope: every line, or only the lines a change adds. */
function lineFilter(file: SourceFile): (line: number) => boolean {
  const ranges = file.addedLines;
  return ranges ? (line) => ranges.some((r) => line >= r.start && line <= r.end) : () => true;
}

/**
 * The in-scope items, at most `MAX_FINDINGS_PER_RULE` of them, so findings are built (and hashed)
 * only for what will be reported.
 */
function scoped<T extends { line: number }>(items: T[], inScope: (line: number) => boolean): T[] {
  const kept: T[] = [];
  for (const item of items) {
    if (!inScope(item.line)) continue;
    kept.push(item);
    if (kept.length === MAX_FINDINGS_PER_RULE) break;
  }
  return kept;
}

function sourceUnicodeFindings(file: SourceFile, agentFile: boolean): AnalyzerFinding[] {
  const inScope = lineFilter(file);
  const findings = scoped(findHomoglyphWords(file.text), inScope).map((word) => homoglyphFinding(file.path, word));
  // Agent files already report every bidi, zero-width and tag character under their own rules.
  if (!agentFile) {
    findings.push(...scoped(findTrojanBidi(file.text), inScope).map((run) => trojanFinding(file.path, run)));
    findings.push(...scoped(findInvisibleInCode(file.text, isProseFile(file.path)), inScope).map((run) => invisibleFinding(file.path, run)));
  }
  return findings;
}

function vscodeSettingsFindings(file: SourceFile): AnalyzerFinding[] {
  return checkSettings(file.text, "vscode-settings", "json", file.path).map((issue) => settingFinding(file.path, issue));
}

export const agentConfigAnalyzer: Analyzer = {
  id: "agent-config",
  description:
    "Attacks on the files that steer AI coding agents (hidden Unicode, injected directives such as exfiltration or disabled checks, dangerous agent settings, unpinned or insecure MCP servers) and Trojan Source, invisible-character and homoglyph tricks in any file.",
  needsNetwork: false,
  // Every text file: the Unicode checks apply anywhere. Each check decides by path what it reads,
  // and a plain ASCII file that is not an agent file costs one regex test.
  appliesTo: () => true,
  analyzeFile(file: SourceFile): AnalyzerFinding[] {
    const nonAscii = NON_ASCII.test(file.text);
    const agentFile = agentFileKind(file.path) !== undefined;
    const vscode = isVsCodeSettingsPath(file.path);
    if (!nonAscii && !agentFile && !vscode) return [];
    const findings = [
      ...agentFileFindings(file, nonAscii),
      ...(vscode ? vscodeSettingsFindings(file) : []),
      ...(nonAscii ? sourceUnicodeFindings(file, agentFile) : []),
    ];
    findings.sort((a, b) => a.location.startLine - b.location.startLine || a.location.startColumn - b.location.startColumn || a.ruleId.localeCompare(b.ruleId));
    return capPerRule(onAddedLines(file, findings));
  },
  rules: () => AGENT_CONFIG_RULES.map((rule) => ({ ...rule, cwe: [...rule.cwe], owasp: [...rule.owasp] })),
};

export { directiveFinding, findDirectives, normalizeProse } from "./directives.js";
export type { DirectiveHit } from "./directives.js";
export { revealHiddenText } from "./findings.js";
export { findHomoglyphWords, LATIN_LOOKALIKES } from "./homoglyphs.js";
export { parseJsonc } from "./jsonc.js";
export type { JsonNode, JsoncResult } from "./jsonc.js";
export { parseConfig } from "./config-tree.js";
export type { ConfigNode, ParsedConfig, Span } from "./config-tree.js";
export { AGENT_CONFIG_GLOBS, agentFileKind, isAgentConfigPath } from "./paths.js";
export type { AgentFileKind } from "./paths.js";
export { AGENT_CONFIG_RULES, BIDI_RULE, UNICODE_TAG_RULE, ZERO_WIDTH_RULE } from "./rules.js";
export { findHiddenRuns } from "./scan.js";
export type { HiddenRun } from "./scan.js";
export { checkSettings, shellGrant } from "./settings.js";
export { literalSecret, unpinnedLaunch } from "./mcp.js";
export { findInvisibleInCode, findTrojanBidi, suspiciousBidi } from "./trojan.js";
export { bidiBalanced, codePointLabel, decodeTags, HIDDEN_KINDS, hiddenKind } from "./unicode.js";
export type { HiddenKind } from "./unicode.js";
