// Reads policy text into an effective `Policy`. Every problem is reported at once, one per line, as
// `<source>:<line>:<col>: <field>: <what is wrong; what to write instead>`.

import { LineCounter, isMap, isScalar, isSeq, parseDocument } from "yaml";
import type { Document, Scalar } from "yaml";
import { digestOf } from "../core/digest.js";
import { CustodyError } from "../core/errors.js";
import { enabledBuiltinRules } from "./defaults.js";
import { displayPath, issuesFromZod } from "./messages.js";
import { PolicyFileSchema, crossReferenceIssues, toPolicy } from "./schema.js";
import type { Policy, PolicyIssue } from "./schema.js";

interface Located {
  line: number;
  col: number;
  text: string;
}

/** Far above any real policy; a bound so a hostile file cannot exhaust memory in the parser. */
export const MAX_POLICY_BYTES = 1_000_000;

export function parsePolicy(text: string, source: string): Policy {
  if (Buffer.byteLength(text, "utf8") > MAX_POLICY_BYTES) {
    throw new CustodyError("input-too-large", `${source}: the policy is larger than ${MAX_POLICY_BYTES} bytes; split shared rules out or shorten it`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number, field: string, message: string): Located => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col, text: `${source}:${line}:${col}: ${field}: ${message}` };
  };
  if (doc.errors.length > 0) {
    throw invalid(doc.errors.map((error) => at(error.pos[0], "syntax", firstLine(error.message))));
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    throw invalid([at(0, "syntax", error instanceof Error ? error.message : String(error))]);
  }
  if (raw === null || raw === undefined) {
    throw invalid([at(0, "(document)", "the policy is empty; start it with `version: 1`")]);
  }
  const parsed = PolicyFileSchema.safeParse(raw);
  const issues = parsed.success ? [] : parsed.error.issues.flatMap((issue) => issuesFromZod(issue, raw));
  issues.push(...crossReferenceIssues(raw));
  if (!parsed.success || issues.length > 0) {
    throw invalid(issues.map((issue) => at(issueOffset(doc, text, issue), displayPath(issue.path), issue.message)));
  }
  return toPolicy(parsed.data);
}

/** The effective policy when the repository has no policy file. */
export function defaultPolicy(): Policy {
  return toPolicy({ version: 1 });
}

/**
 * sha256 (hex) of the RFC 8785 canonical JSON of the effective policy, including the built-in rules it
 * leaves enabled: an upgrade that changes a built-in rule changes the digest, as it changes decisions.
 */
export function policyDigest(policy: Policy): string {
  return digestOf({ ...policy, builtins: enabledBuiltinRules(policy) });
}

function invalid(located: Located[]): CustodyError {
  const sorted = [...located].sort((a, b) => a.line - b.line || a.col - b.col || a.text.localeCompare(b.text));
  const lines = [...new Set(sorted.map((entry) => entry.text))];
  return new CustodyError("policy-invalid", lines.join("\n"));
}

function firstLine(message: string): string {
  return message.split("\n", 1)[0] ?? message;
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
