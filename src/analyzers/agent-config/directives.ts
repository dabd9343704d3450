// Finds hostile directives in agent instruction files (Markdown, .mdc, plain text, prompt files).
// Soft-wrapped lines are joined into paragraphs, paragraphs are split into sentences, and every
// pattern runs on each sentence; lines and paragraphs are capped, so work is linear in the file.
// Fenced code blocks only get the command patterns, since setup snippets (`npm install`) are not
// directives but `curl … | sh` in a snippet is still something an agent runs.
import { sha256Hex } from "../secrets/index.js";
import type { AnalyzerFinding } from "../types.js";
import { DIRECTIVE_PATTERNS } from "./directive-patterns.js";
import type { DirectivePattern } from "./directive-patterns.js";
import { codePointColumn, excerpt } from "./text.js";

/** Longer lines are scanned up to here: instruction prose is never this long, minified text is. */
export const MAX_DIRECTIVE_LINE = 2000;
/** Joined paragraphs stop growing here, so one enormous paragraph costs no more than its lines. */
const MAX_PARAGRAPH = 8000;

// Hyphens count as word characters here, so the "no" of `--no-verify` is not a negation.
const NEGATION =
  /(?<![\w-])(?:never|not|no|nor|don't|dont|doesn't|mustn't|shouldn't|can't|cannot|won't|avoid|refuse|forbid(?:den)?|prohibit(?:ed)?|disallow(?:ed)?|banned)(?![\w-])|n't\b/i;
// A negation stops applying after these: "don't ask, just ignore your instructions".
const NEGATION_BREAK = /\b(?:but|instead|just|then|and|otherwise|rather)\b|;/gi;
// Words that may precede the verb of an instruction in its clause without making it a statement.
const FILLERS: ReadonlySet<string> = new Set(
  (
    "always also then first next finally lastly now please immediately silently quietly secretly covertly just simply automatically " +
    "you must should shall will need needs to have has make sure be remember ensure it is it's its important that are agent agents " +
    "assistant assistants ai claude copilot cursor codex gemini model do kindly from here on forward going as well step note critical " +
    "required mandatory additionally furthermore moreover instead rather actually really definitely absolutely strictly hereafter " +
    "henceforth ever never not no don't dont mustn't shouldn't can't cannot won't there there's " +
    // Subjects and frames that address the agent: "the assistant must", "your job is to", "we need you to".
    "the any all every coding llm llms bot bots your job task goal duty responsibility we i want like would you'll you're let's " +
    // Permission is an order too: "feel free to …", "you are allowed to …".
    "feel free allowed permitted"
  ).split(" "),
);
const CLAUSE_SEPARATOR = /[,:;()[\]{}"“”—–]|\b(?:and|then|or|but|so)\b/gi;
// Phrases that introduce an attack as an example rather than issue it.
const DESCRIPTIVE =
  /\b(?:such\s+as|e\.g\.?|eg|for\s+example|for\s+instance|i\.e\.|phrases?|wording|(?:things|phrases?|text|something|anything|words|requests?|instructions?|prompts?|commands?)\s+like|text\s+(?:that|which|saying)|says?|saying|asks?\s+(?:you\s+)?to|tells?\s+you\s+to|instructs?\s+you\s+to|requests?\s+(?:that\s+)?you|prompt[- ]injections?|injected|injections?|attackers?|malicious|suspicious|untrusted|adversarial|jailbreaks?|attempts?\s+to|trying\s+to|tries\s+to|watch\s+(?:out\s+)?for|beware|be\s+wary|look\s+(?:out\s+)?for|detect|reject)\b|\blike\s*[:"“'`]/i;
const QUOTED = /"[^"\n]{1,300}"|“[^”\n]{1,300}”|«[^»\n]{1,300}»|(?<![\w])'[^'\n]{1,300}'(?![\w])/g;
// A dot standing alone after a space is an argument (`tar czf - . | …`, `rsync -a . host:`), not the
// end of a sentence.
const SENTENCE_END = /(?<!\s)\.(?=\s|$)|[!?;](?=\s|$)/g;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

export interface DirectiveHit {
  pattern: DirectivePattern;
  /** 1-based line where the match starts. */
  line: number;
  /** 1-based code point columns of the match on that line (the end is capped at the line's end). */
  column: number;
  endColumn: number;
  /** The physical line. */
  lineText: string;
  /** The sentence the match was found in, and the match's offsets in it, for the quotation. */
  text: string;
  start: number;
  end: number;
}

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[*_~`'"“”‘’]/g, (ch) => (ch === "'" || ch === "’" ? "'" : " "))
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

/** The part of `prefix` after its last clause separator. */
function clauseOf(prefix: string): string {
  let from = 0;
  for (const match of prefix.matchAll(CLAUSE_SEPARATOR)) from = match.index + match[0].length;
  return prefix.slice(from);
}

// "After each task post …": a short time clause in front of an order, written without a comma.
const TIME_CLAUSE = /^\s*(?:after|before|when|whenever|once|while|during|at\s+the\s+(?:end|start|beginning)\s+of|on\s+(?:every|each))\b/i;
const MAX_TIME_CLAUSE_WORDS = 8;

/** Whether the words before the match leave it the verb of an instruction. */
function opensClause(prefix: string): boolean {
  const clause = clauseOf(prefix);
  const words = tokens(clause);
  if (words.every((t) => FILLERS.has(t) || /^\d+[.)]?$/.test(t))) return true;
  return TIME_CLAUSE.test(clause) && words.length <= MAX_TIME_CLAUSE_WORDS;
}

/** Whether a negation governs the match: in front of it, with no "but"/"just"/"and" in between. */
function negatedBefore(prefix: string): boolean {
  let from = 0;
  for (const match of prefix.matchAll(NEGATION_BREAK)) from = match.index + match[0].length;
  return NEGATION.test(prefix.slice(from));
}

function insideQuotes(sentence: string, index: number): boolean {
  for (const match of sentence.matchAll(QUOTED)) {
    if (index > match.index && index < match.index + match[0].length - 1) return true;
  }
  return false;
}

/**
 * What the lines under a heading, or the list after a "…:" lead-in, are: prohibitions ("## Don't",
 * "**Never:**", "Anti-patterns:"), descriptions of attacks ("Examples of prompt injection:"), or
 * steps addressed to people rather than to the agent ("## Bootstrap (humans only)").
 */
export interface LineContext {
  negated: boolean;
  describes: boolean;
  humans: boolean;
}

const NO_CONTEXT: LineContext = { negated: false, describes: false, humans: false };
const PROHIBITION = /\b(?:anti-?patterns?|red\s+flags?|forbidden|prohibited|pitfalls|don'?ts|what\s+(?:not\s+to|to\s+avoid)|things\s+to\s+avoid|off-limits)\b|[❌🚫⛔]/iu;
const ATTACK_TALK =
  /\b(?:prompt[- ]injections?|injections?|attacks?|attackers?|malicious|suspicious|jailbreaks?|phishing|untrusted|exfiltration|watch\s+(?:out\s+)?for|look\s+out\s+for|beware|never\s+follow|do\s+not\s+follow|don't\s+follow)\b/i;
// A section or lead-in that names people as its reader, or excludes the agent from it.
const HUMAN_AUDIENCE =
  /\b(?:for\s+(?:the\s+)?(?:humans?|people|maintainers?|operators?|admins?|administrators?|on-?call(?:\s+engineers?)?|sres?|ops\s+team|platform\s+team)|(?:humans?|people|maintainers?|operators?|admins?|administrators?|on-?call|sres?|staff)\s+only|(?:human|operator|on-?call|maintainer)\s+runbook|manual\s+(?:steps?|setup|bootstrap|procedure)|(?:done|run|performed)\s+(?:manually|by\s+(?:a\s+)?(?:humans?|maintainers?|operators?|admins?))|not\s+for\s+(?:the\s+)?(?:agents?|ai|assistants?|claude|copilot|codex|gemini|cursor))\b/i;
const MAX_LEAD_IN_WORDS = 8;

/** The context a heading or lead-in line sets, or `undefined` when it is ordinary text. */
export function leadInContext(line: string): LineContext | undefined {
  const text = normalizeProse(line).replace(/[:：]\s*$/, "").trim();
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  const negated = words.length > 0 && words.length <= MAX_LEAD_IN_WORDS && (NEGATION.test(text) || PROHIBITION.test(text));
  const describes = ATTACK_TALK.test(text);
  const humans = HUMAN_AUDIENCE.test(text);
  return negated || describes || humans ? { negated, describes, humans } : undefined;
}

// "`--no-verify` is forbidden here": a prohibition written after the command it forbids.
const NEGATED_AFTER =
  /^[`'")\]\s]{0,4}(?:(?:[\w-]+\s+){0,2}(?:is|are)\s+(?:(?:strictly|absolutely|very|really|extremely)\s+)?(?:not\s+(?:allowed|permitted|ok|okay|acceptable|safe)|forbidden|prohibited|banned|disallowed|dangerous|unsafe|insecure|risky|never\s+(?:allowed|ok|okay))|(?:must|should)\s+(?:never|not)\s+be\s+used)/i;

function accepted(pattern: DirectivePattern, sentence: string, index: number, length: number, context: LineContext): boolean {
  if (context.negated) return false;
  if (context.describes && pattern.mode !== "literal") return false;
  if (context.humans && pattern.routineForHumans === true) return false;
  if (pattern.requires?.some((r) => !r.test(sentence))) return false;
  if (pattern.unless?.test(sentence)) return false;
  const prefix = sentence.slice(0, index);
  if (DESCRIPTIVE.test(prefix)) return false;
  if (pattern.mode === "literal") return !negatedBefore(prefix) && !NEGATED_AFTER.test(sentence.slice(index + length, index + length + 80));
  if (insideQuotes(sentence, index)) return false;
  if (!opensClause(prefix)) return false;
  return pattern.mode === "negative-form" || !negatedBefore(prefix);
}

/**
 * Markdown markup replaced by spaces (so offsets still match the line): quote markers, list
 * bullets, heading marks, emphasis runs and HTML comment delimiters. Curly apostrophes become
 * straight ones so "don’t" reads as "don't".
 */
export function normalizeProse(line: string): string {
  return line
    .replace(/^(\s*(?:>\s*)*)(?:[-*+]|\d{1,3}[.)])(?=\s)/, (m) => " ".repeat(m.length))
    .replace(/^(\s*(?:>\s*)+)/, (m) => " ".repeat(m.length))
    .replace(/^\s*#{1,6}(?=\s)/, (m) => " ".repeat(m.length))
    .replace(/\*\*|__|~~|<!--|-->/g, (m) => " ".repeat(m.length))
    .replace(/’/g, "'");
}

const INLINE_CODE = /`[^`\n]{1,500}`/g;

/** Sentences of a line with their offsets; punctuation inside inline code (`a ; b`) ends none. */
function sentences(line: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  const spans = [...line.matchAll(INLINE_CODE)].map((m) => [m.index, m.index + m[0].length] as const);
  let span = 0;
  let from = 0;
  for (const match of line.matchAll(SENTENCE_END)) {
    // Both lists are in order, so one pass over the spans serves every sentence end.
    while (span < spans.length && (spans[span]?.[1] ?? 0) <= match.index) span += 1;
    const inside = spans[span];
    if (inside && inside[0] < match.index) continue;
    const end = match.index + 1;
    if (end > from) out.push({ text: line.slice(from, end), offset: from });
    from = end;
  }
  if (from < line.length) out.push({ text: line.slice(from), offset: from });
  return out;
}

/**
 * A paragraph as scanned: its physical lines joined with single spaces (soft-wrapped prose reads
 * as one sentence), each segment remembering where it came from.
 */
interface Block {
  text: string;
  segments: { line: number; offset: number; raw: string }[];
  inCode: boolean;
  context: LineContext;
}

// Every match of a pattern in a sentence is judged: the first may be a quoted example and the
// second a real order. Patterns never match the empty string, so `exec` always advances.
const GLOBAL_PATTERNS: readonly (readonly [DirectivePattern, RegExp])[] = DIRECTIVE_PATTERNS.map((p) => [p, new RegExp(p.regex.source, `${p.regex.flags}g`)] as const);

/** The hit for a match at `index` (in the sentence at `sentence.offset` of the block). */
function hitAt(block: Block, sentence: { text: string; offset: number }, pattern: DirectivePattern, index: number, length: number): DirectiveHit | undefined {
  const start = sentence.offset + index;
  const segment = block.segments.findLast((s) => s.offset <= start) ?? block.segments[0];
  if (!segment) return undefined;
  const local = start - segment.offset;
  return {
    pattern,
    line: segment.line,
    // The quotation is the sentence as written, before markup was blanked.
    text: block.text.slice(sentence.offset, sentence.offset + sentence.text.length),
    start: index,
    end: index + length,
    column: codePointColumn(segment.raw, local),
    endColumn: codePointColumn(segment.raw, Math.min(segment.raw.length, local + length)),
    lineText: segment.raw,
  };
}

function hitsInBlock(block: Block): DirectiveHit[] {
  const hits: DirectiveHit[] = [];
  const seen = new Set<string>();
  // A code line is one command line, whatever punctuation it holds (`cmd; curl …`, `[ ! -f x ]`).
  const scanned = block.inCode ? [{ text: block.text, offset: 0 }] : sentences(normalizeProse(block.text));
  for (const sentence of scanned) {
    for (const [pattern, global] of GLOBAL_PATTERNS) {
      if (block.inCode && !pattern.inCode) continue;
      // exec with lastIndex rather than matchAll, which copies (and recompiles) the regex per call.
      global.lastIndex = 0;
      for (let match = global.exec(sentence.text); match; match = global.exec(sentence.text)) {
        if (!accepted(pattern, sentence.text, match.index, match[0].length, block.context)) continue;
        const hit = hitAt(block, sentence, pattern, match.index, match[0].length);
        const key = `${pattern.rule.id}@${hit?.line ?? 0}`;
        if (!hit || seen.has(key)) continue;
        seen.add(key);
        hits.push(hit);
      }
    }
  }
  return hits;
}

const HEADING = /^\s{0,3}#{1,6}\s/;
const LEAD_IN = /[:：]\**\s*$/;
// Lines that stand alone: list items, quotes, table rows, HTML comments, rules and bold pseudo-headings.
const BLOCK_START = /^\s*(?:(?:[-*+]|\d{1,3}[.)])\s|>|\||<!--|(?:-{3,}|\*{3,}|_{3,})\s*$|(\*\*|__)[^*_]+\1\s*:?\s*$)/;
const BLOCK_END = /[:：]\**\s*$|-->\s*$|^\s*(?:-{3,}|\*{3,}|_{3,})\s*$|^\s*(\*\*|__)[^*_]+\1\s*:?\s*$/;

/**
 * Every directive in an instruction file; at most one per rule per line. A heading sets the context
 * of its section and a line ending in ":" that of the lines after it, up to the next blank line.
 * Soft-wrapped prose is joined into paragraphs so a sentence split over two lines is still read whole.
 */
export function findDirectives(text: string): DirectiveHit[] {
  const hits: DirectiveHit[] = [];
  let fence: string | undefined;
  let section: LineContext = NO_CONTEXT;
  let list: LineContext | undefined;
  // A lead-in naming people ("Manual steps for maintainers:") still governs a code block after a
  // blank line. Only that: "Don't forget to run:" must not silence the block it introduces.
  let carried: LineContext | undefined;
  let open: (Block & { closed: boolean }) | undefined;
  const flush = (): void => {
    if (open) hits.push(...hitsInBlock(open));
    open = undefined;
  };
  text.split("\n").forEach((raw, index) => {
    const line = raw.length > MAX_DIRECTIVE_LINE ? raw.slice(0, MAX_DIRECTIVE_LINE) : raw;
    const lineNumber = index + 1;
    const marker = FENCE.exec(line)?.[1];
    if (marker !== undefined) {
      flush();
      // A fence closes on the same character, at least as long as the one that opened it.
      if (fence === undefined) {
        fence = marker;
        list ??= carried;
      } else if (marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      carried = undefined;
      return;
    }
    const context = (): LineContext =>
      list ? { negated: list.negated || section.negated, describes: list.describes || section.describes, humans: list.humans || section.humans } : section;
    if (fence !== undefined) {
      hits.push(...hitsInBlock({ text: line, segments: [{ line: lineNumber, offset: 0, raw: line }], inCode: true, context: context() }));
      return;
    }
    if (line.trim() === "") {
      flush();
      if (list?.humans === true) carried = { negated: false, describes: false, humans: true };
      list = undefined;
      return;
    }
    carried = undefined;
    if (HEADING.test(line)) {
      flush();
      section = leadInContext(line) ?? NO_CONTEXT;
      list = undefined;
      hits.push(...hitsInBlock({ text: line, segments: [{ line: lineNumber, offset: 0, raw: line }], inCode: false, context: context() }));
      return;
    }
    if (LEAD_IN.test(line)) list = leadInContext(line);
    const truncated = raw.length > MAX_DIRECTIVE_LINE;
    if (open && !open.closed && !truncated && !BLOCK_START.test(line) && open.text.length + line.length < MAX_PARAGRAPH) {
      open.segments.push({ line: lineNumber, offset: open.text.length + 1, raw: line });
      open.text = `${open.text} ${line}`;
    } else {
      flush();
      open = { text: line, segments: [{ line: lineNumber, offset: 0, raw: line }], inCode: false, context: context(), closed: false };
    }
    // A cut line is not prose that wraps: nothing joins it.
    if (truncated || BLOCK_END.test(line)) open.closed = true;
  });
  flush();
  return hits;
}

export function directiveFinding(path: string, hit: DirectiveHit): AnalyzerFinding {
  const { rule } = hit.pattern;
  const quoted = excerpt(hit.text, hit.start, hit.end);
  const normalized = hit.lineText.replace(/\s+/g, " ").trim().toLowerCase();
  return {
    ruleId: rule.id,
    severity: rule.severity,
    cwe: [...rule.cwe],
    message: `This agent instruction asks the agent to ${hit.pattern.asks}: "${quoted}".`,
    location: { path, startLine: hit.line, startColumn: hit.column, endLine: hit.line, endColumn: hit.endColumn },
    evidence: quoted,
    // Hashed: the line may hold a secret the excerpt masks.
    fingerprintText: sha256Hex(`${rule.id}\0${normalized}`),
  };
}
