// Prompts are kept only as the sha256 of their redacted text (and the text itself only where the
// repository allows): every secret the scanner finds is replaced by its mask first.
import { defaultSecretScanner, maskSecret, MAX_SCANNED_LINE } from "../../analyzers/secrets/index.js";
import { sha256 } from "./store.js";


interface Span {
  start: number;
  end: number;
}

/**
 * The scanner skips the tail of very long lines. Long lines are wrapped into short ones twice, at two
 * offsets half a line apart, so that a secret cut by one wrapping is whole in the other.
 */
function wrapped(text: string, shift: number): { text: string; toOriginal: (offset: number) => number } {
  const inserted: number[] = [];
  const parts: string[] = [];
  let column = shift;
  let from = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === "\n") {
      column = shift;
      continue;
    }
    column += 1;
    if (column >= MAX_SCANNED_LINE) {
      parts.push(text.slice(from, i + 1), "\n");
      inserted.push(i + 1);
      from = i + 1;
      column = 0;
    }
  }
  parts.push(text.slice(from));
  return {
    text: parts.join(""),
    toOriginal(offset) {
      let before = 0;
      while (before < inserted.length && (inserted[before] ?? 0) + before < offset) before += 1;
      return offset - before;
    },
  };
}

function secretSpans(text: string): Span[] {
  if (!text.split("\n").some((line) => line.length > MAX_SCANNED_LINE)) return defaultSecretScanner().scan(text);
  const variants = [0, Math.floor(MAX_SCANNED_LINE / 2)].map((shift) => wrapped(text, shift));
  return variants.flatMap((v) => defaultSecretScanner().scan(v.text).map((m) => ({ start: v.toOriginal(m.start), end: v.toOriginal(m.end) })));
}

function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else out.push({ ...span });
  }
  return out;
}

export interface RedactedPrompt {
  text: string;
  /** sha256 of `text`. */
  ref: string;
  secrets: number;
}

export function redactPrompt(prompt: string): RedactedPrompt {
  const spans = merge(secretSpans(prompt));
  let text = "";
  let from = 0;
  for (const span of spans) {
    text += prompt.slice(from, span.start) + maskSecret(prompt.slice(span.start, span.end));
    from = span.end;
  }
  text += prompt.slice(from);
  return { text, ref: sha256(text), secrets: spans.length };
}
