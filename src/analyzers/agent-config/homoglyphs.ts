// Identifiers that mix Latin letters with Cyrillic or Greek look-alikes: "password" typed with a
// Cyrillic U+0430 in place of the Latin "a" reads as "password" but is another name, so a check,
// an import or a domain can be swapped for one a reviewer cannot tell apart.
import { codePointCount } from "../../core/text-position.js";

/**
 * Cyrillic and Greek letters that render like a Latin letter in common code fonts, mapped to that
 * letter. A curated subset of Unicode's confusables data (UTS #39): only letters that are near
 * identical in monospace type. Letters that merely resemble one (Greek α, κ, ι; Cyrillic к, и) are
 * left out because mathematical and scientific code mixes them with Latin on purpose.
 */
export const LATIN_LOOKALIKES: ReadonlyMap<number, string> = new Map([
  // Cyrillic lower case
  [0x0430, "a"],
  [0x0435, "e"],
  [0x043e, "o"],
  [0x0440, "p"],
  [0x0441, "c"],
  [0x0443, "y"],
  [0x0445, "x"],
  [0x0455, "s"],
  [0x0456, "i"],
  [0x0458, "j"],
  [0x04bb, "h"],
  [0x04cf, "l"],
  [0x04af, "y"],
  [0x0475, "v"],
  [0x0501, "d"],
  [0x051b, "q"],
  [0x051d, "w"],
  // Cyrillic upper case
  [0x0410, "A"],
  [0x0412, "B"],
  [0x0415, "E"],
  [0x041a, "K"],
  [0x041c, "M"],
  [0x041d, "H"],
  [0x041e, "O"],
  [0x0420, "P"],
  [0x0421, "C"],
  [0x0422, "T"],
  [0x0425, "X"],
  [0x0405, "S"],
  [0x0406, "I"],
  [0x0408, "J"],
  [0x04ae, "Y"],
  [0x04c0, "I"],
  [0x051a, "Q"],
  [0x051c, "W"],
  // Greek upper case
  [0x0391, "A"],
  [0x0392, "B"],
  [0x0395, "E"],
  [0x0396, "Z"],
  [0x0397, "H"],
  [0x0399, "I"],
  [0x039a, "K"],
  [0x039c, "M"],
  [0x039d, "N"],
  [0x039f, "O"],
  [0x03a1, "P"],
  [0x03a4, "T"],
  [0x03a5, "Y"],
  [0x03a7, "X"],
  // Greek lower case
  [0x03bf, "o"],
  [0x03bd, "v"],
  [0x03c1, "p"],
  [0x03c5, "u"],
  [0x03f2, "c"],
  [0x03f3, "j"],
]);

/** A cheap file filter: Greek or Cyrillic (including its supplement) somewhere in the text. */
const GREEK_OR_CYRILLIC = /[\u0370-\u03ff\u0400-\u052f]/;
// A planted look-alike always touches a Latin letter inside its identifier part, so lines where no
// Latin letter touches a Greek or Cyrillic one (all Russian prose, say) are skipped at once.
const LATIN_TOUCHES_GREEK_OR_CYRILLIC =
  /[A-Za-z\u00c0-\u024f][\u0370-\u03ff\u0400-\u052f]|[\u0370-\u03ff\u0400-\u052f][A-Za-z\u00c0-\u024f]/;
const WORD = /[\p{L}\p{M}\p{Nd}_$]+/gu;
const LATIN_LETTER = /\p{Script=Latin}/u;

const GREEK_OR_CYRILLIC_LETTER = /[\p{Script=Greek}\p{Script=Cyrillic}]/u;
const LETTER = /\p{L}/u;
// Identifier parts: snake_case, digits and $ separate them, and so does a lower→upper camelCase step.
const PART_BOUNDARY = /[_$\p{Nd}]+|(?<=\p{Ll})(?=\p{Lu})/u;

export interface HomoglyphWord {
  /** 1-based line. */
  line: number;
  /** 1-based column of the word, in code points. */
  column: number;
  endColumn: number;
  word: string;
  /** The word with every look-alike replaced by the Latin letter it imitates. */
  skeleton: string;
  /** The look-alike code points, in order of first appearance. */
  lookalikes: number[];
}

/**
 * Whether one identifier part is a Latin word with look-alikes planted in it: at least one Latin
 * letter, at least one Greek/Cyrillic letter, and every Greek/Cyrillic letter a Latin look-alike.
 * A part with any other Greek/Cyrillic letter is visibly foreign, and a whole Greek or Cyrillic
 * word has no Latin letter: neither is reported.
 */
function isSpoofedPart(part: string): boolean {
  let latin = 0;
  let lookalikes = 0;
  for (const ch of part) {
    if (!LETTER.test(ch)) continue;
    if (LATIN_LETTER.test(ch)) latin += 1;
    else if (LATIN_LOOKALIKES.has(ch.codePointAt(0) ?? 0)) lookalikes += 1;
    else return false;
  }
  return latin > 0 && lookalikes > 0;
}

function describeWord(word: string, lineNumber: number, column: number): HomoglyphWord {
  const chars = Array.from(word);
  const lookalikes: number[] = [];
  const skeleton = chars
    .map((ch) => {
      const cp = ch.codePointAt(0) ?? 0;
      const latin = LATIN_LOOKALIKES.get(cp);
      if (latin === undefined || !GREEK_OR_CYRILLIC_LETTER.test(ch)) return ch;
      if (!lookalikes.includes(cp)) lookalikes.push(cp);
      return latin;
    })
    .join("");
  return { line: lineNumber, column, endColumn: column + chars.length, word, skeleton, lookalikes };
}

/** Every identifier-like word that mixes Latin with look-alike Greek or Cyrillic letters. */
export function findHomoglyphWords(text: string): HomoglyphWord[] {
  if (!GREEK_OR_CYRILLIC.test(text)) return [];
  const found: HomoglyphWord[] = [];
  text.split("\n").forEach((line, index) => {
    if (!LATIN_TOUCHES_GREEK_OR_CYRILLIC.test(line)) return;
    // Columns are counted incrementally: one pass over the line, however many words it has.
    let column = 1;
    let counted = 0;
    for (const match of line.matchAll(WORD)) {
      const word = match[0];
      if (!LATIN_TOUCHES_GREEK_OR_CYRILLIC.test(word)) continue;
      if (!word.split(PART_BOUNDARY).some(isSpoofedPart)) continue;
      column += codePointCount(line, counted, match.index);
      counted = match.index;
      found.push(describeWord(word, index + 1, column));
    }
  });
  return found;
}
