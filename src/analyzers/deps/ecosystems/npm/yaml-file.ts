// YAML lockfiles: the parsed value plus the line of each mapping key, from the `yaml` package's own
// positions. Parser exceptions (deep nesting exhausting the stack, alias bombs) become
// `lockfile-invalid` like any syntax error.

import { LineCounter, isMap, isScalar, parseAllDocuments } from "yaml";
import type { Document } from "yaml";
import { isCustodyError } from "../../../../core/errors.js";
import { invalidFile, rejectUnreadable } from "./support.js";

/** Aliases are rare in lockfiles; this bounds how far a hostile file can make them expand. */
const MAX_ALIASES = 1000;

export interface YamlFile {
  value: unknown;
  /** Line of each key of the mapping at `path` (keys as strings); empty when there is none. */
  keyLines(path: readonly string[]): Map<string, number>;
}

/**
 * Parses the last document of the stream: pnpm 10 may put a document describing its own
 * installation ahead of the project's.
 */
export function parseYamlFile(path: string, text: string, what: string, remedy: string): YamlFile {
  rejectUnreadable(path, text, what, remedy);
  const counter = new LineCounter();
  let doc: Document.Parsed | undefined;
  let value: unknown;
  try {
    const docs = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: false });
    const list = Array.isArray(docs) ? docs : [];
    for (const parsed of list) {
      const error = parsed.errors[0];
      if (error !== undefined) {
        const reason = error.message.includes("Maximum call stack") ? "it nests too deeply to read" : firstLine(error.message).replace(/ at line \d+, column \d+:?$/, "");
        // Some errors sit on the newline ending the line before the offending one.
        const offset = text[error.pos[0]] === "\n" ? error.pos[0] + 1 : error.pos[0];
        throw invalidFile(path, counter.linePos(offset).line, `the ${what} is not valid YAML (${reason})`, remedy);
      }
    }
    doc = list.at(-1);
    value = doc?.toJS({ maxAliasCount: MAX_ALIASES }) ?? null;
  } catch (error) {
    if (isCustodyError(error)) throw error;
    const reason = error instanceof RangeError ? "it nests too deeply to read" : firstLine(error instanceof Error ? error.message : String(error));
    throw invalidFile(path, 1, `the ${what} is not valid YAML (${reason})`, remedy);
  }
  return {
    value,
    keyLines(keyPath) {
      const lines = new Map<string, number>();
      const node = doc?.getIn(keyPath, true);
      if (!isMap(node)) return lines;
      for (const pair of node.items) {
        if (!isScalar(pair.key) || pair.key.range === undefined || pair.key.range === null) continue;
        lines.set(String(pair.key.value), counter.linePos(pair.key.range[0]).line);
      }
      return lines;
    },
  };
}

function firstLine(message: string): string {
  return (message.split("\n", 1)[0] ?? message).trim();
}
