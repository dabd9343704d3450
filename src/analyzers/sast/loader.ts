// Loads the rule pack: one YAML file per rule, named like the rule. Every problem is reported as a
// `rule-invalid` error naming the file, the line and the field, because the person who has to fix
// it is looking at that file. Most rules are ast-grep rules on syntax trees; rules whose `language`
// is `template` or `config` are text rules (see text.ts).
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NapiConfig } from "@ast-grep/napi";
import { LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { CustodyError } from "../../core/errors.js";
import type { RuleMeta } from "../types.js";
import { capturedNames, compileProblems, messageNames, reachableUtils } from "./compile.js";
import { SAST_LANGUAGES, targetsOf, type SastLanguage } from "./languages.js";
import {
  RULE_LANGUAGES,
  RULE_NAME,
  ruleFileSchema,
  TEXT_RULE_LANGUAGES,
  textRuleFileSchema,
  type RuleFile,
  type TextRuleFile,
} from "./schema.js";
import { groupNames, pathMatcher, regexProblem, type TextRule } from "./text.js";

export interface SastRule {
  meta: RuleMeta;
  /** The message template; `$NAME` is filled from the match. */
  message: string;
  language: SastLanguage;
  /** File languages the rule runs on. */
  targets: readonly SastLanguage[];
  config: NapiConfig;
  /** The rule file, for error messages. */
  file: string;
}

const RULES_DIR = new URL("./rules/", import.meta.url);

function invalid(file: string, line: number | undefined, detail: string): CustodyError {
  const where = line === undefined ? file : `${file}:${line}`;
  return new CustodyError("rule-invalid", `${where}: ${detail}; fix the rule file or remove it`);
}

/** A zod issue path as keys the YAML document understands. */
function yamlPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((k) => (typeof k === "symbol" ? k.toString() : k));
}

/** The 1-based line of the value at `path`, or of its nearest ancestor that exists. */
function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(yamlPath(path.slice(0, depth)), true);
    if (typeof node === "object" && node !== null && "range" in node && Array.isArray(node.range)) {
      const offset: unknown = node.range[0];
      if (typeof offset === "number") return counter.linePos(offset).line;
    }
  }
  return undefined;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(top level)" : path.map((k) => String(k)).join(".");
}

/** A rule file as parsed YAML, for errors that point at a line. */
interface RuleSource {
  file: string;
  doc: Document;
  counter: LineCounter;
}

interface ParsedRuleFile extends RuleSource {
  data: { kind: "ast-grep"; rule: RuleFile } | { kind: "text"; rule: TextRuleFile };
}

/** The rule kind `language` selects; undefined for a value that is no language at all. */
function kindOf(language: unknown): "ast-grep" | "text" | undefined {
  if (TEXT_RULE_LANGUAGES.some((l) => l === language)) return "text";
  return RULE_LANGUAGES.some((l) => l === language) ? "ast-grep" : undefined;
}

/** The parsed rule file, or the `rule-invalid` error for its first problem. */
function validated<T>(schema: z.ZodType<T>, raw: unknown, { file, doc, counter }: RuleSource): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // A misspelt key explains the "missing" field it was meant to be, so it is reported first.
  const issues = parsed.error.issues;
  const issue = issues.find((i) => i.code === "unrecognized_keys") ?? issues[0];
  if (issue?.code === "unrecognized_keys") {
    const where = issue.path.length === 0 ? "" : ` in \`${fieldName(issue.path)}\``;
    const first = issue.keys[0] ?? "";
    throw invalid(file, lineOf(doc, counter, [...issue.path, first]), `unknown field \`${issue.keys.join("`, `")}\`${where}`);
  }
  const path = issue?.path ?? [];
  const missing = path.length > 0 && !doc.hasIn(yamlPath(path));
  const detail = missing ? "is required" : (issue?.message ?? "is invalid");
  throw invalid(file, lineOf(doc, counter, path), `field \`${fieldName(path)}\`: ${detail}`);
}

function readRuleFile(file: string): ParsedRuleFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw invalid(file, undefined, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = counter.linePos(yamlError.pos[0]).line;
    throw invalid(file, line, `is not valid YAML: ${yamlError.message.split("\n")[0] ?? yamlError.code}`);
  }
  const raw: unknown = doc.toJS();
  const language: unknown = typeof raw === "object" && raw !== null && "language" in raw ? raw.language : undefined;
  // The language decides which fields are allowed, so a wrong one is reported before anything else.
  const kind = kindOf(language);
  if (kind === undefined && language !== undefined) {
    throw invalid(file, lineOf(doc, counter, ["language"]), `field \`language\`: must be one of ${RULE_LANGUAGES.join(", ")}`);
  }
  const data =
    kind === "text"
      ? { kind: "text" as const, rule: validated(textRuleFileSchema, raw, { file, doc, counter }) }
      : { kind: "ast-grep" as const, rule: validated(ruleFileSchema, raw, { file, doc, counter }) };
  return { file, doc, counter, data };
}

/**
 * Named utility rules shared by every rule of a language (`matches: <name>`), and under `common`
 * the ones shared by every language.
 */
export type SharedUtils = Partial<Record<SastLanguage | "common", Record<string, unknown>>>;

/** The rule keys that mean the same in every grammar: text tests and their combinations. */
const LANGUAGE_NEUTRAL_KEYS = new Set(["regex", "not", "any", "all", "matches"]);

function firstGrammarKey(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(firstGrammarKey).find((k) => k !== undefined);
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (!LANGUAGE_NEUTRAL_KEYS.has(key)) return key;
    const inner = firstGrammarKey(child);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/**
 * Reads `<dir>/<language>.yaml` files: each a mapping of kebab-case utility names to ast-grep rules,
 * such as the sources of untrusted input in that language's web frameworks. `<dir>/common.yaml`
 * holds utilities for every language, such as which names denote secrets; they may only test text
 * (`regex`, combined with `not`, `any`, `all`, `matches`), since node kinds and patterns belong to
 * one grammar.
 */
export function loadSharedUtils(dir: string): SharedUtils {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".yaml")).sort();
  } catch {
    return {};
  }
  const utils: SharedUtils = {};
  for (const name of names) {
    const file = join(dir, name);
    const language = name.replace(/\.yaml$/, "");
    const known = language === "common" ? "common" : SAST_LANGUAGES.find((l) => l === language);
    if (known === undefined) {
      throw invalid(file, undefined, `the file name must be \`common\` or a language: one of ${SAST_LANGUAGES.join(", ")}`);
    }
    const doc = parseDocument(readFileSync(file, "utf8"));
    const data: unknown = doc.toJS();
    if (doc.errors.length > 0 || typeof data !== "object" || data === null || Array.isArray(data)) {
      throw invalid(file, undefined, "must be a YAML mapping of utility names to ast-grep rules");
    }
    const bad = Object.keys(data).find((key) => !RULE_NAME.test(key));
    if (bad !== undefined) throw invalid(file, undefined, `utility name \`${bad}\` must be kebab-case`);
    if (known === "common") {
      for (const [utility, rule] of Object.entries(data)) {
        const key = firstGrammarKey(rule);
        if (key !== undefined) throw invalid(file, undefined, `utility \`${utility}\` uses \`${key}\`, which depends on a grammar; common utilities only test text`);
      }
    }
    utils[known] = data as Record<string, unknown>;
  }
  return utils;
}

export interface LoadOptions {
  /**
   * Compile every rule against every grammar it targets (default true). The shipped pack is compiled
   * by its tests, so a scan skips this: it costs most of the start-up time of a scan.
   */
  compile?: boolean;
}

/** Any rule of the pack: an ast-grep rule or a text rule, told apart by `language`. */
export type LoadedRule = SastRule | TextRule;

export function isTextRule(rule: LoadedRule): rule is TextRule {
  return TEXT_RULE_LANGUAGES.some((l) => l === rule.language);
}

function metaOf(data: RuleFile | TextRuleFile): RuleMeta {
  return { id: `sast/${data.id}`, title: data.title, severity: data.severity, cwe: data.cwe, owasp: data.owasp, help: data.help };
}

/** Rejects a message that uses a `$NAME` nothing in the rule captures; `capturer` says what could. */
function checkMessageNames(source: RuleSource, message: string, captured: ReadonlySet<string>, capturer: string): void {
  const unknown = messageNames(message).filter((n) => !captured.has(n));
  if (unknown.length === 0) return;
  throw invalid(
    source.file,
    lineOf(source.doc, source.counter, ["message"]),
    `field \`message\` uses ${unknown.map((n) => `$${n}`).join(", ")}, which no ${capturer} captures`,
  );
}

const COMMENT_KINDS: Partial<Record<SastLanguage, readonly string[]>> = { java: ["line_comment", "block_comment"] };

/**
 * `nthChild: 1` in a rule means the first argument, element or statement, but tree-sitter counts
 * a comment as a child too: `db.query(\n  // orders of one event\n  `SELECT …${sort}`)` would put
 * the query second. Every position in a rule is therefore counted over the children that are not
 * comments.
 */
function positionsIgnoreComments(value: unknown, language: SastLanguage): unknown {
  const notComment = { not: { any: (COMMENT_KINDS[language] ?? ["comment"]).map((kind) => ({ kind })) } };
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      if (key === "nthChild" && typeof child === "number") out[key] = { position: child, ofRule: notComment };
      else if (key === "nthChild" && typeof child === "object" && child !== null && !("ofRule" in child)) out[key] = { ...child, ofRule: notComment };
      else out[key] = visit(child);
    }
    return out;
  };
  return visit(value);
}

const ATOMIC_KEYS = ["kind", "pattern", "regex", "nthChild", "range"];
const RELATION_KEYS = ["stopBy", "field"];
const ORDERED_KEYS = ["matches", "has", "inside", "follows", "precedes", "all", "any", "not"];

/**
 * The keys of one ast-grep rule object are all required but have no set order, and the order
 * decides the cost: with `inside: { stopBy: end, matches: function-scope, has: { stopBy: end, … } }`
 * the search below may run for every ancestor before the cheap test says it is not a function,
 * which turns a linear scan quadratic on some runs and not on others. Every object with more than
 * one rule key is therefore rewritten as an `all` in a fixed order: the node's own tests (kind,
 * pattern, regex, position), then named utilities, then the relational searches, then `all`,
 * `any` and `not`. The matches are the same; only the order of the work is fixed.
 */
function orderRuleKeys(rule: unknown, relation = false): unknown {
  if (rule === null || typeof rule !== "object" || Array.isArray(rule)) return rule;
  const entries = rule as Record<string, unknown>;
  const visited: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (["has", "inside", "follows", "precedes"].includes(key)) visited[key] = orderRuleKeys(value, true);
    else if (key === "all" || key === "any") visited[key] = Array.isArray(value) ? value.map((item) => orderRuleKeys(item)) : value;
    else if (key === "not" || (key === "stopBy" && typeof value === "object")) visited[key] = orderRuleKeys(value);
    else visited[key] = value;
  }
  const ruleKeys = Object.keys(visited).filter((key) => !(relation && RELATION_KEYS.includes(key)));
  if (ruleKeys.length <= 1) return visited;
  const out: Record<string, unknown> = {};
  if (relation) for (const key of RELATION_KEYS) if (key in visited) out[key] = visited[key];
  const steps: unknown[] = [];
  const atomic = Object.fromEntries(ATOMIC_KEYS.filter((key) => key in visited).map((key) => [key, visited[key]]));
  if (Object.keys(atomic).length > 0) steps.push(atomic);
  for (const key of ORDERED_KEYS) if (key in visited) steps.push({ [key]: visited[key] });
  // A key this ordering does not know is kept, last, so ast-grep still sees (or rejects) it.
  for (const key of ruleKeys) if (!ATOMIC_KEYS.includes(key) && !ORDERED_KEYS.includes(key)) steps.push({ [key]: visited[key] });
  out["all"] = steps;
  return out;
}

function orderConfigKeys(config: Record<string, unknown>): Record<string, unknown> {
  const mapValues = (map: unknown) =>
    map === undefined ? undefined : Object.fromEntries(Object.entries(map as Record<string, unknown>).map(([name, rule]) => [name, orderRuleKeys(rule)]));
  const utils = mapValues(config["utils"]);
  const constraints = mapValues(config["constraints"]);
  return {
    rule: orderRuleKeys(config["rule"]),
    ...(constraints ? { constraints } : {}),
    ...(utils ? { utils } : {}),
  };
}

const ASCII_CLASSES: Readonly<Record<string, string>> = {
  "\\w": "[0-9A-Za-z_]",
  "\\W": "[^0-9A-Za-z_]",
  "\\d": "[0-9]",
  "\\D": "[^0-9]",
  "\\s": "[\\t\\n\\x0B\\f\\r ]",
  "\\S": "[^\\t\\n\\x0B\\f\\r ]",
  "\\b": "(?-u:\\b)",
  "\\B": "(?-u:\\B)",
};

/**
 * ast-grep compiles every regex of a rule each time the rule is asked, and the Unicode forms of
 * `\w`, `\d`, `\s` and `\b` make up most of that cost (a file's joint query of 17 rules: 21 ms,
 * 13 ms with ASCII classes). Rules read source code, whose names and keywords are ASCII, so the
 * classes are written out in their ASCII form.
 */
function asciiRegexes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asciiRegexes);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      key === "regex" && typeof child === "string" ? byteMode(child.replace(/\\[\\wWdDsSbB]/g, (escape) => ASCII_CLASSES[escape] ?? escape)) : asciiRegexes(child),
    ]),
  );
}

/**
 * Unicode mode costs a regex compile more again, most of all with `(?i)`, which folds every letter
 * of an alternation into its Unicode case variants (a joint query of 20 rules: 21.9 ms to compile,
 * 18.3 ms in byte mode). A pattern of ASCII text with no `.`, negated class or Unicode class means
 * the same in byte mode on source code, and the regex crate accepts it there, since it can only
 * match whole characters; the others stay as written.
 */
function byteMode(regex: string): string {
  let ascii = true;
  for (let i = 0; i < regex.length && ascii; i += 1) ascii = regex.charCodeAt(i) < 0x80;
  const byteSafe = ascii && !/\[\^|\\[WSDPp]/.test(regex) && !/(^|[^\\])\./.test(regex.replace(/\\\\/g, ""));
  if (!byteSafe) return regex;
  return regex.startsWith("(?i)") ? `(?i-u)${regex.slice(4)}` : `(?-u)${regex}`;
}

function astGrepRule(source: RuleSource, data: RuleFile, shared: SharedUtils, options: LoadOptions): SastRule {
  const { file, doc, counter } = source;
  // ast-grep's types describe the rule grammar in detail; the object was validated as a mapping
  // here and its grammar is checked by compiling it below.
  const utils = reachableUtils(data.rule, data.constraints, { ...shared.common, ...shared[data.language], ...data.utils });
  const config = positionsIgnoreComments(
    asciiRegexes(orderConfigKeys({
      rule: data.rule,
      ...(data.constraints ? { constraints: data.constraints } : {}),
      ...(Object.keys(utils).length > 0 ? { utils } : {}),
    })),
    data.language,
  ) as NapiConfig;
  const targets = targetsOf(data.language);
  const problem = options.compile === false ? undefined : compileProblems(config, targets)[0];
  if (problem !== undefined) throw invalid(file, lineOf(doc, counter, ["rule"]), `field \`rule\`: ${problem}`);
  checkMessageNames(source, data.message, capturedNames(config), "pattern or constraint");
  return { meta: metaOf(data), message: data.message, language: data.language, targets, config, file };
}

/** A text rule; its expressions are small and always checked, whatever `options.compile` says. */
function textRule(source: RuleSource, data: TextRuleFile): TextRule {
  const { file, doc, counter } = source;
  const notRegex = data["not-regex"];
  const fileRegex = data["file-regex"];
  for (const [field, expression] of [["regex", data.regex], ["not-regex", notRegex], ["file-regex", fileRegex]] as const) {
    const problem = expression === undefined ? undefined : regexProblem(expression);
    if (problem !== undefined) throw invalid(file, lineOf(doc, counter, [field]), `field \`${field}\`: ${problem}`);
  }
  checkMessageNames(source, data.message, groupNames(data.regex), "named group (?<NAME>…) of `regex`");
  return {
    meta: metaOf(data),
    message: data.message,
    language: data.language,
    files: data.files,
    reads: pathMatcher(data.files),
    regex: new RegExp(data.regex, "g"),
    notRegex: notRegex === undefined ? undefined : new RegExp(notRegex),
    ...(fileRegex === undefined ? {} : { fileRegex: new RegExp(fileRegex) }),
    file,
  };
}

/**
 * Loads and checks one rule file; `shared` utilities of its language are available to an ast-grep
 * rule. Whether it is an ast-grep rule or a text rule depends on its `language`.
 */
export function loadRuleFile(file: string, shared: SharedUtils = {}, options: LoadOptions = {}): LoadedRule {
  const name = basename(file).replace(/\.yaml$/, "");
  if (!RULE_NAME.test(name)) throw invalid(file, undefined, "the file name must be the kebab-case rule name");
  const parsed = readRuleFile(file);
  const { doc, counter, data } = parsed;
  if (data.rule.id !== name) {
    throw invalid(file, lineOf(doc, counter, ["id"]), `field \`id\` is "${data.rule.id}" but the file is named ${name}.yaml`);
  }
  return data.kind === "text" ? textRule(parsed, data.rule) : astGrepRule(parsed, data.rule, shared, options);
}

/** A directory's rules: all of them in file-name order, and each kind on its own for its engine. */
export interface RulePack {
  all: readonly LoadedRule[];
  astGrep: readonly SastRule[];
  text: readonly TextRule[];
}

/** Loads every `*.yaml` rule in a directory, sorted by file name (the rule id). */
export function loadRulePack(dir: string | URL, options: LoadOptions = {}): RulePack {
  const path = dir instanceof URL ? fileURLToPath(dir) : dir;
  let names: string[];
  try {
    names = readdirSync(path).sort();
  } catch (error) {
    throw new CustodyError(
      "rule-invalid",
      `sast rule directory ${path} cannot be read (${error instanceof Error ? error.message : String(error)}); ` +
        "reinstall custody or point to an existing directory",
    );
  }
  const stray = names.find((n) => n.endsWith(".yml"));
  if (stray !== undefined) throw invalid(join(path, stray), undefined, "rule files must end in .yaml, not .yml");
  // Shared utilities live beside the rule directory, in `utils/`.
  const shared = loadSharedUtils(join(path, "..", "utils"));
  const all = names.filter((n) => n.endsWith(".yaml")).map((n) => loadRuleFile(join(path, n), shared, options));
  const text = all.filter(isTextRule);
  const astGrep = all.filter((rule): rule is SastRule => !isTextRule(rule));
  return { all, astGrep, text };
}

/** The ast-grep rules of a directory, sorted by file name; its text rules are in `loadRulePack(dir).text`. */
export function loadRules(dir: string | URL, options: LoadOptions = {}): SastRule[] {
  return [...loadRulePack(dir, options).astGrep];
}

/** The shipped rule directory, for tests that check the whole pack. */
export const SHIPPED_RULES_DIR = RULES_DIR;
