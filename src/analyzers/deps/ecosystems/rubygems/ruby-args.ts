// Just enough of Ruby's lexical syntax to read Gemfile statements without evaluating them: string
// and symbol literals, `%w[]`/`%i[]` lists, arrays, `key:` and `:key =>` options. Anything else
// (a method call, an interpolated string, a constant) is kept as an opaque "dynamic" value, so a
// Gemfile that computes a name or a version is reported rather than guessed at.

export type RubyValue =
  | { kind: "string"; value: string }
  | { kind: "symbol"; value: string }
  | { kind: "list"; values: string[] }
  | { kind: "word"; value: string }
  | { kind: "dynamic"; text: string };

export interface Call {
  method: string;
  positional: RubyValue[];
  options: Map<string, RubyValue>;
  /** The statement opens a `do … end` block. */
  opensBlock: boolean;
}

type Token = (
  | { type: "string"; value: string; dynamic: boolean }
  | { type: "symbol"; value: string }
  | { type: "label"; value: string }
  | { type: "list"; values: string[] }
  | { type: "word"; value: string }
  | { type: "punct"; value: string }
) & { start: number; end: number };

const WORD = /[A-Za-z_][\w]*[?!]?/y;
const SYMBOL = /:([A-Za-z_][\w]*[?!=]?)/y;
const LABEL = /([A-Za-z_][\w]*):(?!:)/y;
const PERCENT_LIST = /%([wWiI])([[({<|!/])/y;
const CLOSERS: Readonly<Record<string, string>> = { "[": "]", "(": ")", "{": "}", "<": ">" };

/** The statement without its trailing comment; `#` inside a string literal is kept. */
export function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i];
    if (quote !== undefined) {
      if (ch === "\\") i += 1;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === "#") {
      return line.slice(0, i);
    }
  }
  return line;
}

/** Whether the statement continues on the next line: a trailing comma, backslash or open bracket. */
export function continues(statement: string): boolean {
  const trimmed = statement.trimEnd();
  if (/[,\\]$/.test(trimmed) || /(?:^|\s)(?:=>|\|\||&&)$/.test(trimmed)) return true;
  let depth = 0;
  for (const token of tokenize(trimmed)) {
    if (token.type !== "punct") continue;
    if (token.value === "(" || token.value === "[" || token.value === "{") depth += 1;
    else if (token.value === ")" || token.value === "]" || token.value === "}") depth -= 1;
  }
  return depth > 0;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    const ch = text[i] ?? "";
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const end = closingQuote(text, i);
      const body = text.slice(i + 1, end);
      i = end + 1;
      tokens.push({ type: "string", value: unescape(body, ch), dynamic: ch === '"' && body.includes("#{"), start, end: i });
      continue;
    }
    LABEL.lastIndex = i;
    const label = LABEL.exec(text);
    if (label?.[1] !== undefined && (tokens.length === 0 || tokens.at(-1)?.type === "punct")) {
      i = LABEL.lastIndex;
      tokens.push({ type: "label", value: label[1], start, end: i });
      continue;
    }
    SYMBOL.lastIndex = i;
    const symbol = SYMBOL.exec(text);
    if (symbol?.[1] !== undefined) {
      i = SYMBOL.lastIndex;
      tokens.push({ type: "symbol", value: symbol[1], start, end: i });
      continue;
    }
    if (ch === ":" && (text[i + 1] === '"' || text[i + 1] === "'")) {
      const end = closingQuote(text, i + 1);
      i = end + 1;
      tokens.push({ type: "symbol", value: text.slice(start + 2, end), start, end: i });
      continue;
    }
    PERCENT_LIST.lastIndex = i;
    const list = PERCENT_LIST.exec(text);
    if (list?.[2] !== undefined) {
      const close = CLOSERS[list[2]] ?? list[2];
      const end = text.indexOf(close, PERCENT_LIST.lastIndex);
      const stop = end === -1 ? text.length : end;
      const values = text.slice(PERCENT_LIST.lastIndex, stop).split(/\s+/).filter((w) => w !== "");
      i = stop + 1;
      tokens.push({ type: "list", values, start, end: i });
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (word !== null) {
      i = WORD.lastIndex;
      tokens.push({ type: "word", value: word[0], start, end: i });
      continue;
    }
    const value = ch === "=" && text[i + 1] === ">" ? "=>" : ch;
    i += value.length;
    tokens.push({ type: "punct", value, start, end: i });
  }
  return tokens;
}

function closingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i += 1) {
    if (text[i] === "\\") i += 1;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

function unescape(body: string, quote: string): string {
  return quote === "'" ? body.replace(/\\([\\'])/g, "$1") : body.replace(/\\(.)/g, "$1");
}

/**
 * Reads `method arg, arg, key: value` or `method(arg, …)`. Returns undefined for statements that do
 * not start with a plain method name (assignments, `if` expressions are handled by the caller).
 */
export function parseCall(statement: string): Call | undefined {
  const tokens = tokenize(statement);
  const first = tokens[0];
  if (first?.type !== "word") return undefined;
  let rest = tokens.slice(1);
  if (isPunct(rest[0], "=")) return undefined;
  // A trailing `do` or `do |x|` opens a block.
  const doAt = rest.findIndex((t) => t.type === "word" && t.value === "do");
  const opensBlock = doAt !== -1;
  if (opensBlock) rest = rest.slice(0, doAt);
  // `method(args) { … }`: the arguments are what the parentheses enclose.
  if (isPunct(rest[0], "(")) rest = rest.slice(1, matchingClose(rest));
  // A trailing `if`/`unless` modifier conditions the statement; the call itself is still read.
  const modifier = rest.findIndex((t) => t.type === "word" && (t.value === "if" || t.value === "unless"));
  if (modifier !== -1) rest = rest.slice(0, modifier);
  const call: Call = { method: first.value, positional: [], options: new Map(), opensBlock };
  for (const argument of splitArguments(rest)) readArgument(argument, call, statement);
  return call;
}

function isPunct(token: Token | undefined, value: string): boolean {
  return token?.type === "punct" && token.value === value;
}

/** Index of the `)` closing the `(` at index 0, or the end. */
function matchingClose(tokens: readonly Token[]): number {
  let depth = 0;
  for (const [index, token] of tokens.entries()) {
    if (token.type !== "punct") continue;
    if (token.value === "(") depth += 1;
    else if (token.value === ")") {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return tokens.length;
}

/** Top-level comma-separated arguments. */
function splitArguments(tokens: readonly Token[]): Token[][] {
  const args: Token[][] = [];
  let current: Token[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.type === "punct") {
      if (token.value === "(" || token.value === "[" || token.value === "{") depth += 1;
      else if (token.value === ")" || token.value === "]" || token.value === "}") depth -= 1;
      else if (token.value === "," && depth === 0) {
        args.push(current);
        current = [];
        continue;
      }
    }
    current.push(token);
  }
  if (current.length > 0) args.push(current);
  return args;
}

function readArgument(tokens: Token[], call: Call, source: string): void {
  const [head, second] = tokens;
  if (head === undefined) return;
  if (head.type === "label") {
    call.options.set(head.value, valueOf(tokens.slice(1), source));
    return;
  }
  if ((head.type === "symbol" || (head.type === "string" && !head.dynamic)) && second?.type === "punct" && second.value === "=>") {
    call.options.set(head.value, valueOf(tokens.slice(2), source));
    return;
  }
  // `"name":` is a label written as a string.
  if (head.type === "string" && second?.type === "punct" && second.value === ":") {
    call.options.set(head.value, valueOf(tokens.slice(2), source));
    return;
  }
  call.positional.push(valueOf(tokens, source));
}

function valueOf(tokens: readonly Token[], source: string): RubyValue {
  const text = source.slice(tokens[0]?.start ?? 0, tokens.at(-1)?.end ?? 0);
  const [only] = tokens;
  if (tokens.length === 1 && only !== undefined) {
    if (only.type === "string") return only.dynamic ? { kind: "dynamic", text } : { kind: "string", value: only.value };
    if (only.type === "symbol") return { kind: "symbol", value: only.value };
    if (only.type === "list") return { kind: "list", values: only.values };
    if (only.type === "word") return { kind: "word", value: only.value };
  }
  const first = tokens[0];
  const last = tokens.at(-1);
  if (first?.type === "punct" && first.value === "[" && last?.type === "punct" && last.value === "]") {
    const values: string[] = [];
    for (const item of splitArguments(tokens.slice(1, -1))) {
      const value = valueOf(item, source);
      if (value.kind !== "string" && value.kind !== "symbol") return { kind: "dynamic", text };
      values.push(value.value);
    }
    return { kind: "list", values };
  }
  return { kind: "dynamic", text };
}

/** The strings a value names: one for a string or symbol, each for a list. */
export function namesOf(value: RubyValue | undefined): string[] {
  if (value === undefined) return [];
  if (value.kind === "string" || value.kind === "symbol") return [value.value];
  if (value.kind === "list") return value.values;
  return [];
}
