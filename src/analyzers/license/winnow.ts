// Document fingerprints by winnowing (Schleimer, Wilkerson and Aiken, "Winnowing: Local Algorithms for
// Document Fingerprinting", SIGMOD 2003). Source text is normalised into tokens (comments and
// whitespace dropped, case folded, optionally identifiers replaced by one placeholder), every run of K
// tokens is hashed, and in each window of W consecutive hashes the minimum is kept (the rightmost on a
// tie), once per position. Two texts sharing a run of at least K + W − 1 tokens then share a
// fingerprint, and runs shorter than K never match: K is the noise threshold.

/** Tokens per k-gram: shorter shared runs (a loop header, an import line) are noise. */
export const K = 20;
/** Window: any shared run of K + W − 1 = 39 tokens (four or five lines of code) is found. */
export const W = 20;

export interface Token {
  hash: number;
  line: number;
}

export interface Fingerprint {
  /** A 53-bit hash of the k-gram (safe as a JavaScript number and a SQLite integer). */
  hash: number;
  /** Index of the k-gram's first token. */
  token: number;
  startLine: number;
  endLine: number;
}

export interface NormalizeOptions {
  /** Replace identifiers (not keywords) by one placeholder, so renamed variables still match. */
  ignoreIdentifiers?: boolean;
}

type CommentStyle = { line: string[]; block: [string, string][] };

const C_LIKE: CommentStyle = { line: ["//"], block: [["/*", "*/"]] };
const HASH: CommentStyle = { line: ["#"], block: [] };
const STYLES: readonly [RegExp, CommentStyle][] = [
  [/\.(?:py|pyi|rb|sh|bash|zsh|pl|pm|r|ya?ml|toml|cmake|mk|ps1|exs?|nim|cr|tf|coffee|jl)$|(?:^|\/)(?:Makefile|Dockerfile|Gemfile|Rakefile)$/i, HASH],
  [/\.php$/i, { line: ["//", "#"], block: [["/*", "*/"]] }],
  [/\.(?:sql|lua|hs|elm|ada|adb|ads)$/i, { line: ["--"], block: [["--[[", "]]"], ["{-", "-}"]] }],
  [/\.(?:lisp|lsp|clj|cljs|el|scm|rkt|asm|s|ini)$/i, { line: [";"], block: [] }],
  [/\.(?:html?|xml|vue|svelte|xhtml)$/i, { line: ["//"], block: [["<!--", "-->"], ["/*", "*/"]] }],
  [/\.(?:css|scss|less)$/i, { line: ["//"], block: [["/*", "*/"]] }],
];

function commentStyle(path: string): CommentStyle {
  return STYLES.find(([pattern]) => pattern.test(path))?.[1] ?? C_LIKE;
}

/** Words kept as themselves when identifiers are replaced: the structure of the code. */
const KEYWORDS = new Set(
  "if else elif for while do return function def class struct enum interface import from export const let var new try catch except finally throw raise switch case break continue default public private protected static void int long float double char bool boolean string true false null nil none undefined this self super async await yield lambda in of is not and or package func go defer type impl fn pub mut use mod match where extends implements".split(" "),
);

/** 32-bit FNV-1a of a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const WORD = /[A-Za-z_$\u00c0-\uffff][\w$\u00c0-\uffff]*/y;
const NUMBER = /\d[\w.]*/y;

/** The normalised tokens of a source text, each with the line it starts on. */
export function tokenize(text: string, path: string, options: NormalizeOptions = {}): Token[] {
  const style = commentStyle(path);
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const advanceLines = (from: number, to: number): void => {
    for (let j = from; j < to; j += 1) if (text.charCodeAt(j) === 10) line += 1;
  };
  outer: while (i < text.length) {
    const ch = text[i] ?? "";
    if (ch === "\n") {
      line += 1;
      i += 1;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\r" || ch === "\f" || ch === "\v") {
      i += 1;
      continue;
    }
    for (const [open, close] of style.block) {
      if (text.startsWith(open, i)) {
        const end = text.indexOf(close, i + open.length);
        const stop = end === -1 ? text.length : end + close.length;
        advanceLines(i, stop);
        i = stop;
        continue outer;
      }
    }
    for (const marker of style.line) {
      if (text.startsWith(marker, i)) {
        const end = text.indexOf("\n", i);
        i = end === -1 ? text.length : end;
        continue outer;
      }
    }
    const start = line;
    if (ch === '"' || ch === "'" || ch === "`") {
      const triple = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      let j = i + triple.length;
      while (j < text.length && !text.startsWith(triple, j)) {
        if (text[j] === "\\") j += 1;
        else if (text[j] === "\n" && triple.length === 1 && ch !== "`") break;
        j += 1;
      }
      const stop = Math.min(text.length, j + triple.length);
      const body = text.slice(i, stop).replace(/\s+/g, " ").toLowerCase();
      advanceLines(i, stop);
      i = stop;
      tokens.push({ hash: fnv1a(body), line: start });
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (word) {
      const lower = word[0].toLowerCase();
      const normalized = options.ignoreIdentifiers === true && !KEYWORDS.has(lower) ? "\u0000id" : lower;
      tokens.push({ hash: fnv1a(normalized), line: start });
      i += word[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    const token = number ? number[0].toLowerCase() : ch;
    tokens.push({ hash: fnv1a(token), line: start });
    i += token.length;
  }
  return tokens;
}

const B1 = 0x01000193;
const B2 = 0x5bd1e995;

/** B^(K−1) mod 2^32, for taking the oldest token out of the rolling hash. */
function power(base: number, exponent: number): number {
  let result = 1;
  for (let i = 0; i < exponent; i += 1) result = Math.imul(result, base);
  return result;
}
const P1 = power(B1, K - 1);
const P2 = power(B2, K - 1);

/** The hash of every k-gram, by two polynomial rolling hashes joined into 53 bits. */
export function kgramHashes(tokens: readonly Token[], k = K): number[] {
  if (tokens.length < k) return [];
  const p1 = k === K ? P1 : power(B1, k - 1);
  const p2 = k === K ? P2 : power(B2, k - 1);
  let h1 = 0;
  let h2 = 0;
  const out: number[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i]?.hash ?? 0;
    if (i >= k) {
      const old = tokens[i - k]?.hash ?? 0;
      h1 = (h1 - Math.imul(old, p1)) | 0;
      h2 = (h2 - Math.imul(old, p2)) | 0;
    }
    h1 = (Math.imul(h1, B1) + t) | 0;
    h2 = (Math.imul(h2, B2) + t) | 0;
    if (i >= k - 1) out.push((h1 >>> 0) * 0x200000 + ((h2 >>> 0) >>> 11));
  }
  return out;
}

/** Winnowing over k-gram hashes: the positions selected, each once, in order. */
export function winnow(hashes: readonly number[], w = W): number[] {
  const selected: number[] = [];
  // Candidate positions with increasing hashes; an equal or larger hash behind a new one can never
  // be a window's rightmost minimum again.
  const deque: number[] = [];
  let head = 0;
  let last = -1;
  for (let i = 0; i < hashes.length; i += 1) {
    const value = hashes[i] ?? 0;
    while (deque.length > head && (hashes[deque[deque.length - 1] ?? 0] ?? 0) >= value) deque.pop();
    deque.push(i);
    if ((deque[head] ?? 0) <= i - w) head += 1;
    if (i < w - 1 && i < hashes.length - 1) continue;
    const min = deque[head] ?? 0;
    if (min !== last) {
      selected.push(min);
      last = min;
    }
  }
  return selected;
}

function fingerprintAt(tokens: readonly Token[], hashes: readonly number[], position: number): Fingerprint {
  return { hash: hashes[position] ?? 0, token: position, startLine: tokens[position]?.line ?? 1, endLine: tokens[position + K - 1]?.line ?? 1 };
}

/** The winnowed fingerprints of a source text: what the index stores. */
export function fingerprints(text: string, path: string, options: NormalizeOptions = {}): { fingerprints: Fingerprint[]; tokens: number } {
  const tokens = tokenize(text, path, options);
  const hashes = kgramHashes(tokens);
  return { fingerprints: winnow(hashes).map((position) => fingerprintAt(tokens, hashes, position)), tokens: tokens.length };
}

/**
 * Every k-gram of a text, for querying: looking each one up finds every indexed fingerprint inside a
 * copied run, where winnowing both sides could miss those near its ends (their windows differ).
 */
export function allKgrams(text: string, path: string, options: NormalizeOptions = {}): Fingerprint[] {
  const tokens = tokenize(text, path, options);
  const hashes = kgramHashes(tokens);
  return hashes.map((_, position) => fingerprintAt(tokens, hashes, position));
}
