// Literal text a regular expression cannot match without. The SAST prefilter uses it to skip a rule
// on a file whose text could never satisfy the rule's `regex:`; the answer must therefore be safe:
// when in doubt it says "no literal is required" (undefined), never a literal that may be absent.

/** A piece of text that must occur; `folded` ones are lower-case and compared case-insensitively. */
export interface Literal {
  text: string;
  folded: boolean;
}

/** At least one of these literals occurs in any text the expression matches. */
export type LiteralSet = readonly Literal[];

/** Thrown inside the parser for syntax it does not model; the whole expression then yields nothing. */
class Unsupported extends Error {}

interface Cursor {
  source: string;
  pos: number;
  ignoreCase: boolean;
}

/** Escapes of a character class (`\d`, `\w`, `\n`, …) or of a position (`\b`, `\A`, …). */
const NON_LITERAL_ESCAPE = /^[dDwWsSnrtfvabBAz<>]$/;
/** `\pL`, `\p{…}` and `\b{…}`: an escape letter with a one-letter or braced argument. */
const ARGUMENT_ESCAPE = /^\\(?:[pP](?:\{[^}]*\}|[A-Za-z])|b\{[^}]*\})/;

/** Shortest literal first decides: a set whose every member is long is the most selective. */
function score(set: LiteralSet): number {
  return Math.min(...set.map((l) => l.text.length)) * 1000 - set.length;
}

/** The most selective of several sets that are each required (they come from one conjunction). */
export function strongest(sets: readonly (LiteralSet | undefined)[]): LiteralSet | undefined {
  let best: LiteralSet | undefined;
  for (const set of sets) if (set !== undefined && set.length > 0 && (best === undefined || score(set) > score(best))) best = set;
  return best;
}

/** Sets of which one holds (alternatives): the union, or nothing if one alternative needs nothing. */
export function union(sets: readonly (LiteralSet | undefined)[]): LiteralSet | undefined {
  const all: Literal[] = [];
  for (const set of sets) {
    if (set === undefined || set.length === 0) return undefined;
    all.push(...set);
  }
  const unique = new Map(all.map((l) => [`${l.folded ? "i" : "s"}:${l.text}`, l]));
  return [...unique.values()];
}

/**
 * Characters whose case-insensitive match is not just their ASCII other case: Unicode folds `k`
 * with the Kelvin sign and `s` with the long s, so they cannot be looked for in lower-cased text.
 */
function foldable(char: string): boolean {
  return /^[\x20-\x7e]$/.test(char) && !/[ksKS]/.test(char);
}

/** Reads a quantifier at the cursor, if any; true when it allows zero repetitions. */
function quantifier(cursor: Cursor): { present: boolean; optional: boolean } {
  const { source } = cursor;
  const char = source[cursor.pos];
  let optional: boolean;
  if (char === "?" || char === "*") {
    optional = true;
    cursor.pos += 1;
  } else if (char === "+") {
    optional = false;
    cursor.pos += 1;
  } else if (char === "{" && /^\{\d+(,\d*)?\}/.test(source.slice(cursor.pos))) {
    const close = source.indexOf("}", cursor.pos);
    optional = /^\{0*(,|\})/.test(source.slice(cursor.pos, close + 1));
    cursor.pos = close + 1;
  } else {
    return { present: false, optional: false };
  }
  // Lazy and possessive markers do not change what must be present.
  if (source[cursor.pos] === "?" || source[cursor.pos] === "+") cursor.pos += 1;
  return { present: true, optional };
}

function skipClass(cursor: Cursor): void {
  const { source } = cursor;
  cursor.pos += 1;
  let depth = 1;
  if (source[cursor.pos] === "^") cursor.pos += 1;
  if (source[cursor.pos] === "]") cursor.pos += 1;
  while (cursor.pos < source.length && depth > 0) {
    const char = source[cursor.pos];
    if (char === "\\") cursor.pos += 2;
    else {
      if (char === "[") depth += 1;
      if (char === "]") depth -= 1;
      cursor.pos += 1;
    }
  }
  if (depth > 0) throw new Unsupported();
}

/** Applies `(?flags)` or the flags of `(?flags:…)`; verbose mode changes what a space means. */
function applyFlags(cursor: Cursor, flags: string): void {
  const [on = "", off = ""] = flags.split("-");
  if (on.includes("x")) throw new Unsupported();
  if (on.includes("i")) cursor.ignoreCase = true;
  if (off.includes("i")) cursor.ignoreCase = false;
}

/** A parenthesised group; returns its requirement, or undefined when it needs nothing. */
function group(cursor: Cursor): LiteralSet | undefined {
  const { source } = cursor;
  cursor.pos += 1;
  const saved = cursor.ignoreCase;
  if (source[cursor.pos] === "?") {
    const flagGroup = /^\?([a-zA-Z-]*)([:)])/.exec(source.slice(cursor.pos));
    const named = /^\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(source.slice(cursor.pos));
    if (flagGroup) {
      applyFlags(cursor, flagGroup[1] ?? "");
      cursor.pos += flagGroup[0].length;
      // `(?i)` sets flags for the rest of the enclosing group, so they are not restored here.
      if (flagGroup[2] === ")") return undefined;
    } else if (named) {
      cursor.pos += named[0].length;
    } else {
      throw new Unsupported();
    }
  }
  const set = alternation(cursor);
  if (source[cursor.pos] !== ")") throw new Unsupported();
  cursor.pos += 1;
  cursor.ignoreCase = saved;
  return set;
}

/** One alternative: literal runs and required groups, of which the most selective is kept. */
function sequence(cursor: Cursor): LiteralSet | undefined {
  const { source } = cursor;
  const required: LiteralSet[] = [];
  let run = "";
  let runFolded = false;
  const flush = () => {
    if (run !== "") required.push([{ text: run, folded: runFolded }]);
    run = "";
  };
  while (cursor.pos < source.length) {
    const char = source[cursor.pos] ?? "";
    if (char === "|" || char === ")") break;
    let literal: string | undefined;
    let inner: LiteralSet | undefined;
    if (char === "(") {
      const before = cursor.ignoreCase;
      inner = group(cursor);
      // A bare `(?i)` changes the case rule of what follows, so the current run ends here.
      if (cursor.ignoreCase !== before) flush();
    } else if (char === "[") {
      skipClass(cursor);
    } else if (char === "\\") {
      const next = source[cursor.pos + 1];
      if (next === undefined) throw new Unsupported();
      const argument = ARGUMENT_ESCAPE.exec(source.slice(cursor.pos));
      if (argument) {
        cursor.pos += argument[0].length;
      } else if (NON_LITERAL_ESCAPE.test(next)) {
        cursor.pos += 2;
      } else if (/[A-Za-z0-9]/.test(next)) {
        // Code-point escapes (`\x41`, `\u{…}`) and anything else with a letter: not modelled.
        throw new Unsupported();
      } else {
        literal = next;
        cursor.pos += 2;
      }
    } else {
      cursor.pos += 1;
      if (char !== "." && char !== "^" && char !== "$") literal = char;
    }
    const repeat = quantifier(cursor);
    if (literal !== undefined && !repeat.optional) {
      const usable = cursor.ignoreCase ? foldable(literal) : true;
      if (!usable || (run !== "" && runFolded !== cursor.ignoreCase)) flush();
      if (usable) {
        runFolded = cursor.ignoreCase;
        run += cursor.ignoreCase ? literal.toLowerCase() : literal;
      }
      // After a repeated character the next one need not follow it directly in the whole run.
      if (repeat.present) flush();
      continue;
    }
    flush();
    if (inner !== undefined && !repeat.optional) required.push(inner);
  }
  flush();
  return strongest(required);
}

function alternation(cursor: Cursor): LiteralSet | undefined {
  const alternatives: (LiteralSet | undefined)[] = [sequence(cursor)];
  while (cursor.source[cursor.pos] === "|") {
    cursor.pos += 1;
    alternatives.push(sequence(cursor));
  }
  return union(alternatives);
}

/**
 * Literals of which at least one occurs in every text `source` (Rust regex syntax, as ast-grep
 * uses) matches anywhere; undefined when no such literal is known.
 */
export function requiredLiterals(source: string): LiteralSet | undefined {
  const cursor: Cursor = { source, pos: 0, ignoreCase: false };
  try {
    const set = alternation(cursor);
    return cursor.pos === source.length ? set : undefined;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}
