// A JSON parser that keeps where every value starts and ends, and accepts what JSONC editors and
// agents accept: `//` and `/* */` comments and trailing commas. `JSON.parse` cannot say where a
// value is, and the findings must point at the offending line. Iterative over tokens, recursive
// only in nesting depth, which is capped so a hostile file cannot exhaust the stack.

export type JsonNode =
  | { kind: "object"; start: number; end: number; members: JsonMember[] }
  | { kind: "array"; start: number; end: number; items: JsonNode[] }
  | { kind: "string"; start: number; end: number; value: string }
  | { kind: "number"; start: number; end: number; value: number }
  | { kind: "boolean"; start: number; end: number; value: boolean }
  | { kind: "null"; start: number; end: number };

export interface JsonMember {
  key: string;
  keyStart: number;
  value: JsonNode;
}

export type JsoncResult = { ok: true; root: JsonNode } | { ok: false; message: string; offset: number };

/** Deeper nesting than any configuration file has; past it the file is treated as unparsable. */
export const MAX_JSON_DEPTH = 128;

class JsoncError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  parse(): JsonNode {
    const root = this.value(0);
    this.skip();
    if (this.pos < this.text.length) this.fail("unexpected text after the end of the document");
    return root;
  }

  private fail(message: string): never {
    throw new JsoncError(message, this.pos);
  }

  /** Skips whitespace and comments. */
  private skip(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
        this.pos += 1;
      } else if (ch === "/" && text[this.pos + 1] === "/") {
        const end = text.indexOf("\n", this.pos);
        this.pos = end === -1 ? text.length : end + 1;
      } else if (ch === "/" && text[this.pos + 1] === "*") {
        const end = text.indexOf("*/", this.pos + 2);
        if (end === -1) this.fail("unterminated /* comment");
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private value(depth: number): JsonNode {
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    this.skip();
    const start = this.pos;
    const ch = this.text[this.pos];
    if (ch === "{") return this.object(depth);
    if (ch === "[") return this.array(depth);
    if (ch === '"') return { kind: "string", start, value: this.string(), end: this.pos };
    for (const [word, node] of [
      ["true", { kind: "boolean", value: true }],
      ["false", { kind: "boolean", value: false }],
      ["null", { kind: "null" }],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return { ...node, start, end: this.pos };
      }
    }
    NUMBER.lastIndex = this.pos;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.pos += number[0].length;
      return { kind: "number", start, end: this.pos, value: Number(number[0]) };
    }
    return this.fail(ch === undefined ? "unexpected end of the document" : `unexpected character ${JSON.stringify(ch)}`);
  }

  private string(): string {
    const { text } = this;
    this.pos += 1;
    let out = "";
    let chunk = this.pos;
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (ch === '"') {
        out += text.slice(chunk, this.pos);
        this.pos += 1;
        return out;
      }
      if (ch === "\n") this.fail("unterminated string");
      if (ch !== "\\") {
        this.pos += 1;
        continue;
      }
      out += text.slice(chunk, this.pos);
      const escape = text[this.pos + 1] ?? "";
      if (escape === "u") {
        const hex = text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("invalid \\u escape");
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else {
        const decoded = ESCAPES[escape];
        if (decoded === undefined) this.fail(`invalid escape \\${escape}`);
        out += decoded;
        this.pos += 2;
      }
      chunk = this.pos;
    }
    return this.fail("unterminated string");
  }

  private object(depth: number): JsonNode {
    const start = this.pos;
    this.pos += 1;
    const members: JsonMember[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.pos] === "}") break;
      if (this.text[this.pos] !== '"') this.fail("expected a property name in double quotes");
      const keyStart = this.pos;
      const key = this.string();
      this.skip();
      if (this.text[this.pos] !== ":") this.fail("expected ':' after a property name");
      this.pos += 1;
      members.push({ key, keyStart, value: this.value(depth + 1) });
      this.skip();
      if (this.text[this.pos] === ",") {
        this.pos += 1;
        continue;
      }
      if (this.text[this.pos] !== "}") this.fail("expected ',' or '}' in an object");
    }
    this.pos += 1;
    return { kind: "object", start, end: this.pos, members };
  }

  private array(depth: number): JsonNode {
    const start = this.pos;
    this.pos += 1;
    const items: JsonNode[] = [];
    for (;;) {
      this.skip();
      if (this.text[this.pos] === "]") break;
      items.push(this.value(depth + 1));
      this.skip();
      if (this.text[this.pos] === ",") {
        this.pos += 1;
        continue;
      }
      if (this.text[this.pos] !== "]") this.fail("expected ',' or ']' in an array");
    }
    this.pos += 1;
    return { kind: "array", start, end: this.pos, items };
  }
}

/** Parses JSON with comments and trailing commas; never throws. */
export function parseJsonc(text: string): JsoncResult {
  try {
    return { ok: true, root: new Parser(text).parse() };
  } catch (error) {
    if (error instanceof JsoncError) return { ok: false, message: error.message, offset: error.offset };
    // Only a stack overflow from pathological input can get here; it is reported like a syntax error.
    return { ok: false, message: error instanceof Error ? error.message : String(error), offset: 0 };
  }
}
