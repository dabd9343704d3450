// Checks that a rule's ast-grep part works before any file is scanned, so a broken rule is reported
// once, with its file name, instead of failing (or silently matching nothing) at scan time.
import { parse } from "@ast-grep/napi";
import type { NapiConfig, SgNode } from "@ast-grep/napi";
import { grammarOf, patternSource, type SastLanguage } from "./languages.js";

const METAVARIABLE = /\$(?:\$\$)?([A-Z_][A-Z0-9_]*)/g;

/** Every string anywhere in a rule tree, with the key it sits under. */
function strings(value: unknown, key = ""): { key: string; text: string }[] {
  if (typeof value === "string") return [{ key, text: value }];
  if (Array.isArray(value)) return value.flatMap((item) => strings(item, key));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => strings(v, k));
}

/** Pattern sources in a rule tree: `pattern: "…"` and the `context` of a pattern object. */
function patterns(config: NapiConfig): string[] {
  return strings(config)
    .filter((s) => s.key === "pattern" || s.key === "context")
    .map((s) => s.text);
}

/** The first syntax error in a parsed pattern: an ERROR node or a token the parser had to invent. */
function firstDefect(node: SgNode): SgNode | undefined {
  if (node.kind() === "ERROR") return node;
  const { start, end } = node.range();
  if (node.isLeaf() && start.index === end.index) return node.parent() ?? node;
  for (const child of node.children()) {
    const defect = firstDefect(child);
    if (defect) return defect;
  }
  return undefined;
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split("\n")
    .map((line) => line.replace(/^\s*\|->/, "").trim())
    .filter((line) => line !== "")
    .join(": ");
}

/** Metavariable names the rule can capture: those written in its patterns and constraints. */
export function capturedNames(config: NapiConfig): Set<string> {
  const names = new Set(Object.keys(config.constraints ?? {}));
  for (const source of patterns(config)) {
    for (const match of source.matchAll(METAVARIABLE)) if (match[1]) names.add(match[1]);
  }
  return names;
}

/** Names a rule tree refers to with `matches:`. */
function matchedNames(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) matchedNames(item, into);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return into;
  for (const [key, item] of Object.entries(value)) {
    if (key === "matches" && typeof item === "string") into.add(item);
    else matchedNames(item, into);
  }
  return into;
}

/**
 * The utilities a rule reaches through `matches:`, directly or through other utilities. ast-grep
 * compiles every utility it is given each time a rule runs, so a rule carries only these.
 */
export function reachableUtils(
  rule: unknown,
  constraints: unknown,
  utils: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const pending = [...matchedNames([rule, constraints], new Set())];
  const reached: Record<string, unknown> = {};
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (Object.hasOwn(reached, name) || !Object.hasOwn(utils, name)) continue;
    reached[name] = utils[name];
    pending.push(...matchedNames(utils[name], new Set()));
  }
  return Object.fromEntries(Object.entries(reached).sort(([a], [b]) => a.localeCompare(b)));
}

/** Metavariables a message refers to, in order of appearance. */
export function messageNames(message: string): string[] {
  return [...message.matchAll(METAVARIABLE)].flatMap((m) => (m[1] ? [m[1]] : []));
}

/**
 * Problems with the rule in each language it runs on, as `field: what is wrong` strings. A pattern
 * the grammar cannot parse is a problem even though ast-grep accepts it: it would match nothing.
 */
export function compileProblems(config: NapiConfig, targets: readonly SastLanguage[]): string[] {
  const problems: string[] = [];
  for (const language of targets) {
    const grammar = grammarOf(language);
    for (const source of patterns(config)) {
      const broken = firstDefect(parse(grammar, patternSource(language, source)).root());
      if (broken) problems.push(`pattern \`${source}\` does not parse as ${language} near \`${broken.text()}\``);
    }
    try {
      parse(grammar, "").root().findAll(config);
    } catch (error) {
      problems.push(`rule does not compile for ${language}: ${oneLine(error)}`);
    }
  }
  return [...new Set(problems)];
}
