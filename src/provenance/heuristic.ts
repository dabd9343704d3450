// Hints, not evidence: patterns in a commit message that often come from an AI assistant. Off unless
// asked for, applied only where nothing else is known, reported as `heuristic` evidence with a low
// confidence. Decisions ignore attributions that rest on heuristics alone (see policy/facts.ts).
import type { Attribution, Evidence } from "../core/types.js";

export interface HeuristicInput {
  subject: string;
  /** The message after the subject, when the caller has it. */
  body?: string;
}

interface Pattern {
  test: (message: string) => boolean;
  detail: string;
}

/** At most this confident, however many patterns match: a guess must never look like a record. */
export const MAX_HEURISTIC_CONFIDENCE = 0.3;
const CONFIDENCE_PER_HINT = 0.15;

// Words that chat models overuse in commit messages; one alone is ordinary English, so two are needed.
const MODEL_VOCABULARY = /\b(?:comprehensive|robust|seamless(?:ly)?|leverag(?:e|es|ing)|streamlin(?:e|es|ing)|enhanc(?:e|es|ing|ement)|delve|meticulous(?:ly)?)\b/gi;

const PATTERNS: Pattern[] = [
  {
    test: (m) => /^(?:I've|I have|I'll|Here's|Here is|Certainly|Sure[,!])\s/i.test(m.trimStart()),
    detail: "the message opens in an assistant's voice",
  },
  {
    test: (m) =>
      /\b(?:generated|written|created|authored)\s+(?:by|with|using)\s+(?:an?\s+)?(?:ai|llm|chatgpt|gpt-?\d\S*|claude|copilot|gemini|cursor|codex)\b/i.test(m),
    detail: "the message says an AI tool generated the change",
  },
  { test: (m) => m.includes("\u{1F916}"), detail: "the message carries a robot emoji" },
  {
    test: (m) => new Set((m.match(MODEL_VOCABULARY) ?? []).map((w) => w.toLowerCase())).size >= 2,
    detail: "the message uses several words chat models favour",
  },
];

/** Which patterns the commit message matches, as `heuristic` evidence, in a fixed order. */
export function heuristicHints(input: HeuristicInput): Evidence[] {
  const message = input.body === undefined || input.body === "" ? input.subject : `${input.subject}\n\n${input.body}`;
  return PATTERNS.filter((p) => p.test(message)).map((p) => ({ source: "heuristic", detail: p.detail }));
}

/**
 * An `ai` attribution resting only on hints, or undefined when no pattern matches. Its evidence is
 * all `heuristic`, which is what keeps it out of every decision.
 */
export function heuristicAttribution(input: HeuristicInput): Attribution | undefined {
  const evidence = heuristicHints(input);
  if (evidence.length === 0) return undefined;
  return {
    contributor: "ai",
    evidence,
    confidence: Math.min(MAX_HEURISTIC_CONFIDENCE, CONFIDENCE_PER_HINT * evidence.length),
  };
}

/** True when every piece of evidence is a heuristic hint (views label such lines "unverified hint"). */
export function isHeuristicOnly(attribution: Attribution): boolean {
  return attribution.evidence.length > 0 && attribution.evidence.every((e) => e.source === "heuristic");
}
