// Invisible and reordering code points, and the legitimate uses of some of them in real text.

export const HIDDEN_KINDS = ["tag", "zero-width", "bidi"] as const;
export type HiddenKind = (typeof HIDDEN_KINDS)[number];

const BIDI_NAMES: ReadonlyMap<number, string> = new Map([
  [0x061c, "ARABIC LETTER MARK"],
  [0x200e, "LEFT-TO-RIGHT MARK"],
  [0x200f, "RIGHT-TO-LEFT MARK"],
  [0x202a, "LEFT-TO-RIGHT EMBEDDING"],
  [0x202b, "RIGHT-TO-LEFT EMBEDDING"],
  [0x202c, "POP DIRECTIONAL FORMATTING"],
  [0x202d, "LEFT-TO-RIGHT OVERRIDE"],
  [0x202e, "RIGHT-TO-LEFT OVERRIDE"],
  [0x2066, "LEFT-TO-RIGHT ISOLATE"],
  [0x2067, "RIGHT-TO-LEFT ISOLATE"],
  [0x2068, "FIRST STRONG ISOLATE"],
  [0x2069, "POP DIRECTIONAL ISOLATE"],
]);

const ZERO_WIDTH_NAMES: ReadonlyMap<number, string> = new Map([
  [0x115f, "HANGUL CHOSEONG FILLER"],
  [0x1160, "HANGUL JUNGSEONG FILLER"],
  [0x180e, "MONGOLIAN VOWEL SEPARATOR"],
  [0x200b, "ZERO WIDTH SPACE"],
  [0x200c, "ZERO WIDTH NON-JOINER"],
  [0x200d, "ZERO WIDTH JOINER"],
  [0x2060, "WORD JOINER"],
  [0x2061, "FUNCTION APPLICATION"],
  [0x2062, "INVISIBLE TIMES"],
  [0x2063, "INVISIBLE SEPARATOR"],
  [0x2064, "INVISIBLE PLUS"],
  [0x3164, "HANGUL FILLER"],
  [0xfeff, "ZERO WIDTH NO-BREAK SPACE"],
  [0xffa0, "HALFWIDTH HANGUL FILLER"],
]);

const isTag = (cp: number): boolean => cp >= 0xe0000 && cp <= 0xe007f;
// Variation selectors 17–256 render as nothing and can carry a byte each.
const isSupplementaryVariationSelector = (cp: number): boolean => cp >= 0xe0100 && cp <= 0xe01ef;

/** A fast test for whether a text contains anything `hiddenKind` could flag. */
export const MAY_HIDE =
  /[\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0]|\udb40[\udc00-\udc7f\udd00-\uddef]/;

export function hiddenKind(cp: number): HiddenKind | undefined {
  if (isTag(cp)) return "tag";
  if (BIDI_NAMES.has(cp)) return "bidi";
  if (ZERO_WIDTH_NAMES.has(cp) || isSupplementaryVariationSelector(cp)) return "zero-width";
  return undefined;
}

export function codePointLabel(cp: number): string {
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  const name =
    BIDI_NAMES.get(cp) ??
    ZERO_WIDTH_NAMES.get(cp) ??
    (isSupplementaryVariationSelector(cp) ? `VARIATION SELECTOR-${cp - 0xe0100 + 17}` : undefined) ??
    (isTag(cp) ? "TAG" : undefined);
  return name ? `${hex} ${name}` : hex;
}

const EMOJI_BEFORE_JOINER = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u;
const EMOJI_AFTER_JOINER = /^\p{Extended_Pictographic}$/u;
// Scripts whose spelling uses ZWJ/ZWNJ between letters (Persian, Urdu, Indic conjuncts).
const JOINING_SCRIPT =
  /^[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}]$/u;
const HAN = /^\p{Script=Han}$/u;
// Scripts written without spaces between words, where a zero-width space marks a line-break point.
const UNSPACED_SCRIPT =
  /^[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;

/**
 * Whether the hidden code point at `index` is part of ordinary text: a ZWJ inside an emoji
 * sequence (👨‍👩‍👧), ZWJ/ZWNJ between letters of a script that spells with them, a zero-width
 * space between letters of a script written without spaces (Thai, Khmer, Japanese…), a byte-order
 * mark at the very start of the file, or one ideographic variation selector after a Han character.
 */
export function isLegitimateUse(chars: readonly string[], index: number, atFileStart: boolean): boolean {
  const cp = chars[index]?.codePointAt(0);
  const before = chars[index - 1] ?? "";
  const after = chars[index + 1] ?? "";
  if (cp === 0xfeff) return atFileStart && index === 0;
  if (cp === 0x200d && EMOJI_BEFORE_JOINER.test(before) && EMOJI_AFTER_JOINER.test(after)) return true;
  if ((cp === 0x200c || cp === 0x200d) && JOINING_SCRIPT.test(before) && JOINING_SCRIPT.test(after)) return true;
  if (cp === 0x200b && UNSPACED_SCRIPT.test(before) && UNSPACED_SCRIPT.test(after)) return true;
  if (cp !== undefined && isSupplementaryVariationSelector(cp)) return HAN.test(before);
  return false;
}

const FLAG_BASE = 0x1f3f4;
const CANCEL_TAG = 0xe007f;

/** Subdivision flags (🏴 + tag letters + CANCEL TAG, e.g. Scotland) are the one honest use of tags. */
export function isEmojiTagSequence(previous: number | undefined, run: readonly number[]): boolean {
  if (previous !== FLAG_BASE || run.length < 2 || run.at(-1) !== CANCEL_TAG) return false;
  return run.slice(0, -1).every((cp) => (cp >= 0xe0061 && cp <= 0xe007a) || (cp >= 0xe0030 && cp <= 0xe0039));
}

/** The ASCII text a run of tag characters spells; language and cancel tags spell nothing. */
export function decodeTags(run: readonly number[]): string {
  return run
    .filter((cp) => cp >= 0xe0020 && cp <= 0xe007e)
    .map((cp) => String.fromCharCode(cp - 0xe0000))
    .join("");
}

const EMBEDDING_OPENERS = new Set([0x202a, 0x202b, 0x202d, 0x202e]);
const ISOLATE_OPENERS = new Set([0x2066, 0x2067, 0x2068]);

/**
 * Whether every embedding/override is closed by a PDF and every isolate by a PDI on the line.
 * An unclosed opener reorders the rest of the line, which is how "Trojan Source" hides code.
 */
export function bidiBalanced(codePoints: readonly number[]): boolean {
  const open: ("embedding" | "isolate")[] = [];
  for (const cp of codePoints) {
    if (EMBEDDING_OPENERS.has(cp)) open.push("embedding");
    else if (ISOLATE_OPENERS.has(cp)) open.push("isolate");
    else if (cp === 0x202c) {
      if (open.at(-1) !== "embedding") return false;
      open.pop();
    } else if (cp === 0x2069) {
      // A PDI also closes any embeddings opened inside its isolate.
      const isolate = open.lastIndexOf("isolate");
      if (isolate === -1) return false;
      open.length = isolate;
    }
  }
  return open.length === 0;
}

/** Letters of the right-to-left scripts: prose in them may carry direction marks and isolates. */
export const RTL_LETTER =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;

export const BIDI_MARKS: ReadonlySet<number> = new Set([0x061c, 0x200e, 0x200f]);
export const BIDI_OVERRIDES: ReadonlySet<number> = new Set([0x202d, 0x202e]);
export const BIDI_OPENERS: ReadonlySet<number> = new Set([...EMBEDDING_OPENERS, ...ISOLATE_OPENERS]);

/** Hangul fillers render as blank space yet count as letters in identifiers, so they can name a variable. */
export const IDENTIFIER_FILLERS: ReadonlySet<number> = new Set([0x115f, 0x1160, 0x3164, 0xffa0]);
