// Text rules: line-oriented regular expressions for files no grammar parses, such as server-side
// templates (ERB, Jinja, Blade, Razor, …) and configuration files. A rule names the files it reads
// with globs and is run on each of their lines. Pure and synchronous, like the syntax-tree engine.
//
// A rule's regex is written by hand and runs on every line of every file it selects, so its cost is
// kept bounded: quantifiers must have an upper bound (checked at load time) and lines longer than
// LINE_LIMIT, which in templates and configuration are minified markup or embedded data, are skipped.
import picomatch from "picomatch";
import type { SourceFile, AnalyzerFinding, RuleMeta } from "../types.js";
import { buildFinding, compareFindings, fillMessage } from "./finding.js";
import type { TextRuleLanguage } from "./schema.js";

/** Lines longer than this many characters are not matched. */
export const LINE_LIMIT = 4_000;

export interface TextRule {
  meta: RuleMeta;
  /** The message template; `$NAME` is filled from the regex's named group `NAME`. */
  message: string;
  language: TextRuleLanguage;
  /** Globs of the files the rule reads, as written in the rule file. */
  files: readonly string[];
  /** Whether the rule reads the file at this repository-relative path. */
  reads: (path: string) => boolean;
  /** Compiled once with the `g` flag; the engine resets `lastIndex` before each line. */
  regex: RegExp;
  /** A line this matches is not reported, whatever `regex` finds on it. */
  notRegex: RegExp | undefined;
  /** When set, the rule reads only files with a line this matches. */
  fileRegex?: RegExp;
  /** The rule file, for error messages. */
  file: string;
}

/**
 * The position of the first quantifier without an upper bound (`*`, `+`, `{n,}`) outside escapes
 * and character classes, or undefined when every repetition is bounded.
 */
export function unboundedQuantifier(source: string): number | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === "\\") {
      i += 1;
    } else if (inClass) {
      if (char === "]") inClass = false;
    } else if (char === "[") {
      inClass = true;
    } else if (char === "*" || char === "+" || (char === "{" && /^\{\d+,\}/.test(source.slice(i)))) {
      return i;
    }
  }
  return undefined;
}

/** Why `source` cannot be a text rule's expression, or undefined when it can. */
export function regexProblem(source: string): string | undefined {
  let compiled: RegExp;
  try {
    compiled = new RegExp(source);
  } catch (error) {
    return `does not compile as a JavaScript regular expression (${error instanceof Error ? error.message : String(error)})`;
  }
  const unbounded = unboundedQuantifier(source);
  if (unbounded !== undefined) {
    return (
      `repeats without an upper bound at \`${source.slice(unbounded, unbounded + 4)}\` (character ${unbounded + 1}); ` +
      "write a bounded quantifier such as {1,200} so no line can make the match slow"
    );
  }
  // An expression that matches nothing would report (or, as not-regex, excuse) every line.
  if (compiled.test("")) return "matches an empty line; it must require some text";
  return undefined;
}

/** The names of the expression's named groups, which a message may use as `$NAME`. */
export function groupNames(source: string): Set<string> {
  // With an empty alternative the expression matches "", and the result lists every named group.
  const groups = new RegExp(`(?:${source})|`).exec("")?.groups;
  return new Set(groups === undefined ? [] : Object.keys(groups));
}

/** A path test for the globs of a rule: repository-relative, dot files included, any letter case. */
export function pathMatcher(globs: readonly string[]): (path: string) => boolean {
  // File names differ in case between ecosystems and platforms (appsettings.Production.json).
  return picomatch([...globs], { dot: true, nocase: true });
}

/** The text rules that read the file at `path`. */
export function textRulesFor(rules: readonly TextRule[], path: string): TextRule[] {
  return rules.filter((rule) => rule.reads(path));
}

function lineFindings(rule: TextRule, path: string, line: string, lineNumber: number): AnalyzerFinding[] {
  const findings: AnalyzerFinding[] = [];
  const { regex } = rule;
  regex.lastIndex = 0;
  for (let match = regex.exec(line); match !== null; match = regex.exec(line)) {
    const text = match[0];
    if (text === "") {
      // A lookaround-only alternative can match nothing at some position; step past it.
      regex.lastIndex += 1;
      continue;
    }
    const groups = match.groups;
    const message = fillMessage(rule.message, (name) => groups?.[name]);
    const location = { path, startLine: lineNumber, startColumn: match.index + 1, endLine: lineNumber, endColumn: match.index + text.length + 1 };
    findings.push(buildFinding(rule.meta, message, location, text));
  }
  // Asked only of lines with a match: most lines have none.
  if (findings.length > 0 && rule.notRegex?.test(line) === true) return [];
  return findings;
}

/** Findings of the text rules that read `file`, sorted by position then rule. */
export function scanTextFile(rules: readonly TextRule[], file: SourceFile): AnalyzerFinding[] {
  const named = textRulesFor(rules, file.path);
  if (named.length === 0) return [];
  const lines = file.text.split("\n").map((raw) => (raw.endsWith("\r") ? raw.slice(0, -1) : raw));
  const active = named.filter((rule) => {
    const required = rule.fileRegex;
    return required === undefined || lines.some((line) => line.length <= LINE_LIMIT && required.test(line));
  });
  const findings: AnalyzerFinding[] = [];
  lines.forEach((line, index) => {
    if (line.length > LINE_LIMIT) return;
    for (const rule of active) findings.push(...lineFindings(rule, file.path, line, index + 1));
  });
  return findings.sort(compareFindings);
}
