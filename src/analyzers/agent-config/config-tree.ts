// One located tree for JSON(C), YAML and TOML agent configuration, so each settings check is
// written once and every finding points at the line of the value it is about.
import { isAlias, isMap, isScalar, isSeq, parseDocument } from "yaml";
import { parse as parseToml, TomlError } from "smol-toml";
import { parseJsonc } from "./jsonc.js";
import type { JsonNode } from "./jsonc.js";
import type { ConfigFormat } from "./paths.js";
import { buildLineIndex } from "./text.js";
import type { LineIndex } from "./text.js";

export interface Span {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export type Scalar = string | number | boolean | null;

export type ConfigNode =
  | { kind: "map"; entries: ConfigEntry[]; span: Span }
  | { kind: "list"; items: ConfigNode[]; span: Span }
  | { kind: "scalar"; value: Scalar; span: Span };

export interface ConfigEntry {
  key: string;
  value: ConfigNode;
}

export type ParsedConfig = { ok: true; root: ConfigNode } | { ok: false; message: string; span: Span };

function spanOf(lines: LineIndex, start: number, end: number): Span {
  const from = lines.position(start);
  const to = lines.position(Math.max(start, end));
  return { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
}

function fromJson(node: JsonNode, lines: LineIndex): ConfigNode {
  const span = spanOf(lines, node.start, node.end);
  switch (node.kind) {
    case "object":
      return { kind: "map", span, entries: node.members.map((m) => ({ key: m.key, value: fromJson(m.value, lines) })) };
    case "array":
      return { kind: "list", span, items: node.items.map((item) => fromJson(item, lines)) };
    case "null":
      return { kind: "scalar", span, value: null };
    default:
      return { kind: "scalar", span, value: node.value };
  }
}

function fromYaml(node: unknown, lines: LineIndex, fallback: Span): ConfigNode {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  const span = range ? spanOf(lines, range[0], range[1]) : fallback;
  if (isMap(node)) {
    const entries: ConfigEntry[] = [];
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      entries.push({ key, value: fromYaml(pair.value, lines, span) });
    }
    return { kind: "map", span, entries };
  }
  if (isSeq(node)) return { kind: "list", span, items: node.items.map((item) => fromYaml(item, lines, span)) };
  if (isScalar(node)) {
    const v = node.value;
    const value: Scalar =
      v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean"
        ? v
        : v instanceof Date
          ? v.toISOString()
          : typeof v === "bigint"
            ? v.toString()
            : null;
    return { kind: "scalar", span, value };
  }
  // Aliases and empty values carry nothing a check looks at.
  if (isAlias(node)) return { kind: "scalar", span, value: null };
  return { kind: "scalar", span, value: null };
}

function parseYamlConfig(text: string, lines: LineIndex): ParsedConfig {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) return { ok: false, message: error.message.split("\n", 1)[0] ?? error.message, span: spanOf(lines, error.pos[0], error.pos[0]) };
  const whole = spanOf(lines, 0, text.length);
  return { ok: true, root: fromYaml(doc.contents, lines, whole) };
}

/**
 * Where each dotted key path of a TOML file is written: table headers set the prefix, `key = …`
 * lines add to it. Values inside arrays and inline tables are then found by searching for their
 * literal text from the line of their key.
 */
function tomlKeyLines(text: string): Map<string, number> {
  const found = new Map<string, number>();
  let table: string[] = [];
  const split = (path: string): string[] =>
    path
      .split(/\.(?=(?:[^"]*"[^"]*")*[^"]*$)/)
      .map((part) => part.trim().replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1"));
  text.split("\n").forEach((line, index) => {
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/.exec(line);
    if (header?.[1]) {
      table = split(header[1]);
      const key = table.join(".");
      if (!found.has(key)) found.set(key, index + 1);
      return;
    }
    const assignment = /^\s*((?:"[^"]*"|'[^']*'|[\w-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[\w-]+))*)\s*=/.exec(line);
    if (assignment?.[1]) {
      const key = [...table, ...split(assignment[1])].join(".");
      if (!found.has(key)) found.set(key, index + 1);
    }
  });
  return found;
}

function parseTomlConfig(text: string): ParsedConfig {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split("\n", 1)[0] ?? error.message) : String(error);
    const line = error instanceof TomlError ? error.line : 1;
    return { ok: false, message, span: { startLine: line, startColumn: 1, endLine: line, endColumn: 1 } };
  }
  const keyLines = tomlKeyLines(text);
  const textLines = text.split("\n");
  const lineSpan = (line: number): Span => ({ startLine: line, startColumn: 1, endLine: line, endColumn: (textLines[line - 1]?.length ?? 0) + 1 });
  const build = (value: unknown, path: string[], line: number): ConfigNode => {
    const own = keyLines.get(path.join(".")) ?? line;
    if (Array.isArray(value)) return { kind: "list", span: lineSpan(own), items: value.map((item: unknown) => build(item, path, own)) };
    if (value !== null && typeof value === "object" && !(value instanceof Date)) {
      const entries = Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, value: build(v, [...path, key], own) }));
      return { kind: "map", span: lineSpan(own), entries };
    }
    const scalar: Scalar = typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? value : String(value);
    // A string inside an array or inline table sits on its own line when the array is split.
    let at = own;
    if (typeof scalar === "string" && scalar.length > 0) {
      const literal = JSON.stringify(scalar);
      for (let n = own; n < Math.min(textLines.length, own + 50) + 1; n += 1) {
        const candidate = textLines[n - 1] ?? "";
        if (candidate.includes(literal) || candidate.includes(`'${scalar}'`)) {
          at = n;
          break;
        }
      }
    }
    return { kind: "scalar", span: lineSpan(at), value: scalar };
  };
  return { ok: true, root: build(data, [], 1) };
}

/** Parses a configuration file into a located tree; never throws. */
export function parseConfig(text: string, format: ConfigFormat): ParsedConfig {
  const lines = buildLineIndex(text);
  if (format === "yaml") return parseYamlConfig(text, lines);
  if (format === "toml") return parseTomlConfig(text);
  const parsed = parseJsonc(text);
  if (!parsed.ok) return { ok: false, message: parsed.message, span: spanOf(lines, parsed.offset, parsed.offset) };
  return { ok: true, root: fromJson(parsed.root, lines) };
}

// --- Reading the tree. ---

export function child(node: ConfigNode | undefined, key: string): ConfigNode | undefined {
  if (node?.kind !== "map") return undefined;
  // The last occurrence wins, as in JSON.parse.
  for (let i = node.entries.length - 1; i >= 0; i -= 1) {
    const entry = node.entries[i];
    if (entry?.key === key) return entry.value;
  }
  return undefined;
}

export function at(node: ConfigNode | undefined, ...keys: string[]): ConfigNode | undefined {
  return keys.reduce<ConfigNode | undefined>((current, key) => child(current, key), node);
}

export function entriesOf(node: ConfigNode | undefined): ConfigEntry[] {
  return node?.kind === "map" ? node.entries : [];
}

export function itemsOf(node: ConfigNode | undefined): ConfigNode[] {
  return node?.kind === "list" ? node.items : [];
}

export function stringOf(node: ConfigNode | undefined): string | undefined {
  return node?.kind === "scalar" && typeof node.value === "string" ? node.value : undefined;
}

export function isTrue(node: ConfigNode | undefined): boolean {
  return node?.kind === "scalar" && (node.value === true || node.value === "true");
}
