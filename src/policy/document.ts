// One policy file read into its validated form, keeping the YAML positions so that every problem in it,
// and every later conflict with another file, can be reported as `<source>:<line>:<col>: <field>: …`.

import { LineCounter, isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Document, Scalar } from "yaml";
import { CustodyError } from "../core/errors.js";
import { displayPath, issuesFromZod } from "./messages.js";
import { PolicyFileSchema, crossReferenceIssues } from "./schema.js";
import type { PolicyFile, PolicyIssue } from "./schema.js";

/** Far above any real policy; a bound so a hostile file cannot exhaust memory in the parser. */
export const MAX_POLICY_BYTES = 1_000_000;

export type FieldPath = (string | number)[];

/** A problem at a place in a policy file. */
export interface LocatedIssue {
  source: string;
  line: number;
  col: number;
  /** The field, as a user finds it: `rules[0].if`, or `(document)`. */
  field: string;
  message: string;
}

export interface PolicyDocument {
  source: string;
  file: PolicyFile;
  /** Where a field is written; the deepest part of the path that exists. */
  at: (path: FieldPath, options?: { atKey?: boolean }) => { line: number; col: number };
  /** A located problem about a field of this file. */
  issue: (path: FieldPath, message: string, options?: { atKey?: boolean }) => LocatedIssue;
}

export type DocumentResult = { ok: true; document: PolicyDocument } | { ok: false; errors: LocatedIssue[] };

export function formatIssue(issue: LocatedIssue): string {
  return `${issue.source}:${issue.line}:${issue.col}: ${issue.field}: ${issue.message}`;
}

/** `file:line:col` of a field, for messages that point at another file. */
export function where(document: PolicyDocument, path: FieldPath): string {
  const { line, col } = document.at(path);
  return `${document.source}:${line}:${col}`;
}

/** Issues in file order, duplicates removed. */
export function sortIssues(issues: readonly LocatedIssue[]): LocatedIssue[] {
  const seen = new Set<string>();
  const sorted = [...issues].sort(
    (a, b) => compareText(a.source, b.source) || a.line - b.line || a.col - b.col || compareText(formatIssue(a), formatIssue(b)),
  );
  return sorted.filter((issue) => {
    const text = formatIssue(issue);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

export function invalidPolicy(issues: readonly LocatedIssue[]): CustodyError {
  return new CustodyError("policy-invalid", sortIssues(issues).map(formatIssue).join("\n"));
}

/** A file read as YAML, before validation: its data, and where each field is written. */
export interface ParsedText {
  source: string;
  raw: unknown;
  at: (path: FieldPath, options?: { atKey?: boolean }) => { line: number; col: number };
  issue: (path: FieldPath, message: string, options?: { atKey?: boolean }) => LocatedIssue;
  /** A schema or CEL problem, located (CEL problems at their character in the expression). */
  locate: (issue: PolicyIssue) => LocatedIssue;
}

/** Reads the YAML of one policy file. Only an oversized file throws; syntax errors are returned. */
export function parseText(text: string, source: string): { ok: true; parsed: ParsedText } | { ok: false; errors: LocatedIssue[] } {
  if (Buffer.byteLength(text, "utf8") > MAX_POLICY_BYTES) {
    throw new CustodyError("input-too-large", `${source}: the policy is larger than ${MAX_POLICY_BYTES} bytes; split shared rules out or shorten it`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const atOffset = (offset: number, field: string, message: string): LocatedIssue => {
    const { line, col } = lineCounter.linePos(offset);
    return { source, line, col, field, message };
  };
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((error) => atOffset(error.pos[0], "syntax", firstLine(error.message))) };
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    return { ok: false, errors: [atOffset(0, "syntax", error instanceof Error ? error.message : String(error))] };
  }
  if (raw === null || raw === undefined) {
    return { ok: false, errors: [atOffset(0, "(document)", "the policy is empty; start it with `version: 1`")] };
  }
  const locate = (issue: PolicyIssue): LocatedIssue => atOffset(issueOffset(doc, text, issue), displayPath(issue.path), issue.message);
  const parsed: ParsedText = {
    source,
    raw,
    at: (path, options = {}) => lineCounter.linePos(issueOffset(doc, text, { path, message: "", ...options })),
    issue: (path, message, options = {}) => locate({ path, message, ...options }),
    locate,
  };
  return { ok: true, parsed };
}

/**
 * Validates a parsed file. `inheritedGroups` are the groups of the files it extends, which its rules
 * may name. Every problem is returned at once.
 */
export function validateParsed(parsed: ParsedText, inheritedGroups: readonly string[] = []): DocumentResult {
  const { raw, locate } = parsed;
  const result = PolicyFileSchema.safeParse(raw);
  const issues = result.success ? [] : result.error.issues.flatMap((issue) => issuesFromZod(issue, raw));
  issues.push(...crossReferenceIssues(raw, inheritedGroups));
  if (!result.success || issues.length > 0) return { ok: false, errors: issues.map(locate) };
  return { ok: true, document: { source: parsed.source, file: result.data, at: parsed.at, issue: parsed.issue } };
}

/** Parses and validates one policy file on its own. */
export function readDocument(text: string, source: string, inheritedGroups: readonly string[] = []): DocumentResult {
  const parsed = parseText(text, source);
  return parsed.ok ? validateParsed(parsed.parsed, inheritedGroups) : parsed;
}

function firstLine(message: string): string {
  return message.split("\n", 1)[0] ?? message;
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Where in the text an issue belongs: the deepest node of its path that exists. */
function issueOffset(doc: Document, text: string, issue: PolicyIssue): number {
  let node: unknown = doc.contents;
  for (const [index, segment] of issue.path.entries()) {
    const last = index === issue.path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) break;
      const pointAtKey = last && (issue.atKey === true || !isScalar(pair.value));
      node = pointAtKey ? pair.key : pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item: unknown = node.items[segment];
      if (item === undefined || item === null) break;
      node = item;
    } else {
      break;
    }
  }
  return nodeStart(node, text, issue.celOffset);
}

function nodeStart(node: unknown, text: string, celOffset: number | undefined): number {
  if (!isMap(node) && !isSeq(node) && !isScalar(node)) return 0;
  const start = node.range?.[0] ?? 0;
  if (!isScalar(node) || celOffset === undefined) return start;
  const shift = expressionShift(node, text);
  return shift === undefined ? start : start + shift + celOffset;
}

/**
 * How far the expression's first character sits from the scalar's start, when the source maps one to
 * one onto the value (one line, no escapes); otherwise the error stays at the scalar's start.
 */
function expressionShift(node: Scalar, text: string): number | undefined {
  const range = node.range;
  if (!range || typeof node.value !== "string") return undefined;
  const written = text.slice(range[0], range[1]);
  if (written.includes("\n")) return undefined;
  if (node.type === "PLAIN" && written === node.value) return 0;
  const quoted = node.type === "QUOTE_SINGLE" || node.type === "QUOTE_DOUBLE";
  if (quoted && written.length === node.value.length + 2) return 1;
  return undefined;
}
