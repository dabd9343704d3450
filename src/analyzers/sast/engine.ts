// Runs compiled rules over one file. Pure and synchronous: it runs inside worker threads, and a file
// that does not parse cleanly still yields whatever the error-tolerant tree-sitter parse allows.
import { parse } from "@ast-grep/napi";
import type { SgNode, SgRoot } from "@ast-grep/napi";
import type { AnalyzerFinding, SourceFile } from "../types.js";
import { buildFinding, compareFindings, fillMessage } from "./finding.js";
import { grammarOf, languageForPath } from "./languages.js";
import type { SastRule } from "./loader.js";
import { filePlan, languagePlan, type FilePlan } from "./plan.js";

function captured(node: SgNode, name: string, multiple: boolean): string | undefined {
  if (!multiple) return node.getMatch(name)?.text();
  const nodes = node.getMultipleMatches(name);
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  if (!first || !last) return undefined;
  const source = node.getRoot().root().text();
  return source.slice(first.range().start.index, last.range().end.index);
}

/** The rule's message with each `$NAME` replaced by what it matched; unmatched names stay as written. */
function messageOf(template: string, node: SgNode): string {
  return fillMessage(template, (name, multiple) => captured(node, name, multiple));
}

/** The last token of `node`: for a method's callee (`rides.createQueryBuilder().andWhere`), its name. */
function lastToken(node: SgNode): SgNode {
  let current = node;
  for (let children = current.children(); children.length > 0; children = current.children()) {
    current = children[children.length - 1] as SgNode;
  }
  return current;
}

/**
 * Where a finding starts. A call at the end of a method chain written over several lines starts,
 * as a node, at the chain's first line (`return rides`); the finding starts at the called method's
 * name instead, the line a reader is looking for.
 */
export function findingStart(node: SgNode): { line: number; column: number } {
  const start = node.range().start;
  const args = node.children().find((child) => /^(arguments|argument_list)$/.test(String(child.kind())));
  const callee = args?.prev();
  if (!callee) return start;
  const name = lastToken(callee).range().start;
  return name.line > start.line ? name : start;
}

function toFinding(rule: SastRule, path: string, node: SgNode): AnalyzerFinding {
  const { end } = node.range();
  const start = findingStart(node);
  // ast-grep positions are 0-based; the end column stays exclusive, as SARIF expects.
  const location = {
    path,
    startLine: start.line + 1,
    startColumn: start.column + 1,
    endLine: end.line + 1,
    endColumn: end.column + 1,
  };
  return buildFinding(rule.meta, messageOf(rule.message, node), location, node.text());
}

function parseQuietly(grammar: string, text: string): SgRoot | undefined {
  try {
    return parse(grammar, text);
  } catch {
    return undefined;
  }
}

/** Whether the joint query of `plan` may match: when it cannot, none of its rules can either. */
function jointMayMatch(root: SgNode, plan: FilePlan): boolean {
  if (plan.query === undefined) return true;
  try {
    return root.find(plan.query) !== null;
  } catch {
    // The rules compiled one by one at load time; if the joint form does not, ask each on its own.
    return true;
  }
}

/** Findings of `rules` on one file, sorted by position then rule; nothing for unknown extensions. */
export function scanFile(rules: readonly SastRule[], file: SourceFile): AnalyzerFinding[] {
  const language = languageForPath(file.path);
  if (language === undefined) return [];
  const plan = filePlan(languagePlan(rules, language), file.text);
  // Parsing costs as much as running a few rules: a file no rule can match is not parsed at all.
  if (plan.solo.length === 0 && plan.joined.length === 0) return [];
  const root = parseQuietly(grammarOf(language), file.text)?.root();
  if (!root) return [];
  const active = jointMayMatch(root, plan) ? [...plan.solo, ...plan.joined] : plan.solo;
  const seen = new Set<string>();
  const findings: AnalyzerFinding[] = [];
  for (const rule of active) {
    let nodes: SgNode[];
    try {
      nodes = root.findAll(rule.config);
    } catch {
      // Rules are compiled at load time; a failure here is a quirk of this input, not of the rule.
      continue;
    }
    for (const node of nodes) {
      const { start, end } = node.range();
      const key = `${rule.meta.id}:${start.index}:${end.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(toFinding(rule, file.path, node));
    }
  }
  return findings.sort(compareFindings);
}
