// JSON with positions. `JSON.parse` gives values but no lines, and its error messages do not always
// say where the input went wrong; this scanner walks the same grammar once, iteratively (so nesting
// depth cannot exhaust the stack), recording where shallow object keys start and where a syntax
// error is.
import { LineIndex } from "../cargo/common.js";

const SEPARATOR = "\u0000";
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

type State = "value" | "value-or-end" | "key" | "key-or-end" | "colon" | "after-value";

export interface JsonScan {
  /** The line of each object key up to the requested depth, by key path. */
  keyLine(path: readonly string[]): number | undefined;
  /** Set when the text is not valid JSON: the line the error is on, and what was expected. */
  error?: { line: number; message: string };
}

export function scanJson(text: string, maxDepth: number): JsonScan {
  const index = new LineIndex(text);
  const keys = new Map<string, number>();
  const containers: ("object" | "array")[] = [];
  // The key each open container was reached by (arrays contribute "[]").
  const names: string[] = [];
  let lastKey = "";
  let state: State = "value";
  let at = 0;
  const fail = (message: string, offset: number): JsonScan => ({
    keyLine: (path) => keys.get(path.join(SEPARATOR)),
    error: { line: index.lineOf(Math.min(offset, Math.max(text.length - 1, 0))), message },
  });
  while (at < text.length) {
    const char = text[at] ?? "";
    if (char === " " || char === "\t" || char === "\n" || char === "\r") {
      at++;
      continue;
    }
    if (state === "after-value" && containers.length === 0) return fail("unexpected text after the end of the document", at);
    if (char === '"') {
      const end = endOfString(text, at);
      if (end === -1) return fail("unterminated string", at);
      if (state === "key" || state === "key-or-end") {
        lastKey = decodeKey(text.slice(at, end + 1));
        if (containers.length <= maxDepth) {
          const path = [...names.slice(1), lastKey].join(SEPARATOR);
          if (!keys.has(path)) keys.set(path, index.lineOf(at));
        }
        state = "colon";
      } else if (state === "value" || state === "value-or-end") {
        state = "after-value";
      } else {
        return fail("expected ',' or a closing bracket before this string", at);
      }
      at = end + 1;
      continue;
    }
    if (char === "{" || char === "[") {
      if (state !== "value" && state !== "value-or-end") return fail(`unexpected '${char}'`, at);
      names.push(containers.at(-1) === "array" ? "[]" : lastKey);
      containers.push(char === "{" ? "object" : "array");
      state = char === "{" ? "key-or-end" : "value-or-end";
      at++;
      continue;
    }
    if (char === "}" || char === "]") {
      const expected = char === "}" ? "object" : "array";
      const canClose = state === "after-value" || (expected === "object" ? state === "key-or-end" : state === "value-or-end");
      if (containers.at(-1) !== expected || !canClose) return fail(`unexpected '${char}'`, at);
      containers.pop();
      names.pop();
      state = "after-value";
      at++;
      continue;
    }
    if (char === ":") {
      if (state !== "colon") return fail("unexpected ':'", at);
      state = "value";
      at++;
      continue;
    }
    if (char === ",") {
      if (state !== "after-value" || containers.length === 0) return fail("unexpected ','", at);
      state = containers.at(-1) === "object" ? "key" : "value";
      at++;
      continue;
    }
    LITERAL.lastIndex = at;
    const literal = LITERAL.exec(text);
    if (literal === null || (state !== "value" && state !== "value-or-end")) return fail(`unexpected '${char}'`, at);
    state = "after-value";
    at += literal[0].length;
  }
  if (containers.length > 0 || state !== "after-value") return fail("the document ends early, as if truncated", text.length);
  return { keyLine: (path) => keys.get(path.join(SEPARATOR)) };
}

function endOfString(text: string, start: number): number {
  for (let at = start + 1; at < text.length; at++) {
    const char = text[at];
    if (char === "\\") at++;
    else if (char === '"') return at;
    else if (char === "\n") return -1;
  }
  return -1;
}

function decodeKey(raw: string): string {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "string" ? value : raw.slice(1, -1);
  } catch {
    return raw.slice(1, -1);
  }
}
