// A cheap text test run before a rule: the literals without which the rule cannot match anything in
// a file. Most security rules name a sink (`eval`, `execSync`, `pickle.loads`), and most files never
// mention it, so the rule is skipped there without asking ast-grep to compile and run it. The test
// only ever skips a rule that would have found nothing: every derivation below is a necessary
// condition, and anything not understood (constraints, `not`, kinds, contextual patterns) adds none.
import { parse } from "@ast-grep/napi";
import type { NapiConfig, SgNode } from "@ast-grep/napi";
import { grammarOf, patternSource, type SastLanguage } from "./languages.js";
import { requiredLiterals, strongest, union, type LiteralSet } from "./literals.js";

/** Rule keys whose sub-rule must match some node of the same file for the rule to match. */
const RELATIONAL = ["has", "inside", "follows", "precedes"] as const;
/** Source text that names something: identifiers, property names, keywords the grammar names. */
const WORD = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface Context {
  language: SastLanguage;
  utils: Record<string, unknown>;
  /** Utilities being expanded, so a recursive one ends the recursion instead of looping. */
  expanding: Set<string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function leaves(node: SgNode, into: string[]): string[] {
  const children = node.children();
  if (children.length === 0) {
    // ast-grep compares a named leaf of the pattern by its text; metavariables and comments aside,
    // that text must appear in the file.
    const text = node.text();
    if (node.isNamed() && WORD.test(text) && !String(node.kind()).includes("comment")) into.push(text);
    return into;
  }
  for (const child of children) leaves(child, into);
  return into;
}

// Shared utilities repeat the same patterns in every rule that uses them.
const patternCache = new Map<string, LiteralSet | undefined>();

/** The longest word a string pattern requires; metavariables are swapped out before parsing. */
function patternLiterals(pattern: unknown, context: Context): LiteralSet | undefined {
  // A pattern object (`context` + `selector`) matches only part of its text, and a custom
  // strictness may ignore text: neither says which words the file must hold.
  if (typeof pattern !== "string") return undefined;
  const key = `${context.language}\0${pattern}`;
  if (patternCache.has(key)) return patternCache.get(key);
  let set: LiteralSet | undefined;
  try {
    const words = leaves(parse(grammarOf(context.language), patternSource(context.language, pattern)).root(), []);
    set = strongest(words.map((text) => [{ text, folded: false }]));
  } catch {
    set = undefined;
  }
  patternCache.set(key, set);
  return set;
}

function ruleLiterals(rule: unknown, context: Context): LiteralSet | undefined {
  if (!isRecord(rule)) return undefined;
  const required: (LiteralSet | undefined)[] = [];
  if ("pattern" in rule) required.push(patternLiterals(rule.pattern, context));
  if (typeof rule.regex === "string") required.push(requiredLiterals(rule.regex));
  for (const key of RELATIONAL) if (key in rule) required.push(ruleLiterals(rule[key], context));
  if (Array.isArray(rule.all)) required.push(...rule.all.map((sub) => ruleLiterals(sub, context)));
  if (Array.isArray(rule.any)) required.push(union(rule.any.map((sub) => ruleLiterals(sub, context))));
  if (typeof rule.matches === "string") required.push(utilLiterals(rule.matches, context));
  return strongest(required);
}

function utilLiterals(name: string, context: Context): LiteralSet | undefined {
  if (context.expanding.has(name)) return undefined;
  context.expanding.add(name);
  const set = ruleLiterals(context.utils[name], context);
  context.expanding.delete(name);
  return set;
}

/**
 * Literals of which at least one must occur in a file for `config` to match in it, when parsed as
 * `language`; undefined when the rule has to run on every file.
 */
export function rulePrefilter(config: NapiConfig, language: SastLanguage): LiteralSet | undefined {
  const utils = isRecord(config.utils) ? config.utils : {};
  return ruleLiterals(config.rule, { language, utils, expanding: new Set() });
}

/** Answers "does the text contain one of these literals?" for one file, each literal looked up once. */
export function literalTester(text: string): (set: LiteralSet) => boolean {
  const seen = new Map<string, boolean>();
  let lower: string | undefined;
  function contains(literal: string, folded: boolean): boolean {
    const key = `${folded ? "i" : "s"}:${literal}`;
    let found = seen.get(key);
    if (found === undefined) {
      if (folded) lower ??= text.toLowerCase();
      found = (folded ? (lower ?? "") : text).includes(literal);
      seen.set(key, found);
    }
    return found;
  }
  return (set) => set.some((literal) => contains(literal.text, literal.folded));
}
