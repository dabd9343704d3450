// JSON manifests and lockfiles: `JSON.parse` reads the values (fast, exact, no stack limit), and one
// linear pass over the same text finds the line of each key the caller asks for, since JSON.parse
// keeps no positions and a finding must point at the line that pins the package.

import { MAX_NESTING, invalidFile, lastLine, lineAt, rejectUnreadable } from "./support.js";

/** Two JSON levels per npm v1 tree level (`dependencies` then the name), and some slack. */
const MAX_KEY_DEPTH = 2 * MAX_NESTING + 8;

export type JsonPath = readonly (string | number)[];

/** Parses the file or throws `lockfile-invalid` naming the line JSON.parse stopped at. */
export function parseJsonFile(path: string, text: string, what: string, remedy: string): unknown {
  rejectUnreadable(path, text, what, remedy);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw invalidFile(path, 1, `the ${what} is empty`, remedy);
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (endsEarly(body, message)) throw invalidFile(path, lastLine(body), `the JSON ends early, so the ${what} looks truncated`, remedy);
    throw invalidFile(path, jsonErrorLine(body, message), `the ${what} is not valid JSON (${conciseJsonError(message)})`, remedy);
  }
}

/** A parse that failed at the very end of the text: a file cut short, possibly inside a string. */
function endsEarly(text: string, message: string): boolean {
  if (message.includes("Unexpected end of JSON input")) return true;
  const position = /at position (\d+)/.exec(message)?.[1];
  return position !== undefined && Number(position) >= text.trimEnd().length;
}

function jsonErrorLine(text: string, message: string): number {
  const lineColumn = /\(line (\d+) column \d+\)/.exec(message);
  if (lineColumn?.[1] !== undefined) return Number(lineColumn[1]);
  const position = /at position (\d+)/.exec(message);
  if (position?.[1] !== undefined) return lineAt(text, Number(position[1]));
  return 1;
}

/** V8's message without the quoted excerpt of the file, which can be long or unprintable. */
function conciseJsonError(message: string): string {
  const withoutExcerpt = message.replace(/, "[\s\S]*" is not valid JSON$/, "").replace(/ in JSON at position \d+.*$/, "");
  return withoutExcerpt.replace(/\s+/g, " ").trim();
}

interface Frame {
  object: boolean;
  /** The last key read in an object, the index reached in an array. */
  segment: string | number;
}

/**
 * Lines of chosen object keys. `pick` sees the path of the object holding each key and the key, and
 * returns an id to record the key's line under, or undefined to skip it. Runs on text `JSON.parse`
 * accepted, so strings never span lines. Keys nested deeper than `MAX_KEY_DEPTH` are not offered.
 */
export function keyLines(text: string, pick: (parents: JsonPath, key: string) => string | undefined): Map<string, number> {
  const lines = new Map<string, number>();
  const frames: Frame[] = [];
  // The segments leading to the innermost open container; one shorter than `frames`.
  const parents: (string | number)[] = [];
  let line = 1;
  let expectKey = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) {
      line += 1;
    } else if (code === 0x22) {
      const end = stringEnd(text, i);
      const top = frames.at(-1);
      if (expectKey && top?.object === true) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes("\\") ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        top.segment = key;
        expectKey = false;
        if (frames.length <= MAX_KEY_DEPTH) {
          const id = pick(parents, key);
          if (id !== undefined && !lines.has(id)) lines.set(id, line);
        }
      }
      i = end;
    } else if (code === 0x7b || code === 0x5b) {
      const top = frames.at(-1);
      if (top !== undefined) parents.push(top.segment);
      const object = code === 0x7b;
      frames.push({ object, segment: object ? "" : 0 });
      expectKey = object;
    } else if (code === 0x7d || code === 0x5d) {
      frames.pop();
      if (frames.length > 0) parents.pop();
    } else if (code === 0x2c) {
      const top = frames.at(-1);
      if (top?.object === true) expectKey = true;
      else if (top !== undefined && typeof top.segment === "number") top.segment += 1;
    }
    i += 1;
  }
  return lines;
}

/** Index of the quote closing the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = text.indexOf('"', start + 1);
  while (i !== -1) {
    let backslashes = 0;
    for (let j = i - 1; text.charCodeAt(j) === 0x5c; j -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return i;
    i = text.indexOf('"', i + 1);
  }
  return text.length;
}
