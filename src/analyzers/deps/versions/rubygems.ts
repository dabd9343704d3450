// RubyGems' Gem::Version order. A version is dot-separated segments of digits or letters (`-` reads as
// `.pre.`); segments split further where digits meet letters. Any letter makes it a pre-release.
// Trailing zeros are ignored separately in the release part and the pre-release part, a letter
// segment sorts below a number in the same place (so `1.0.0.pre` < `1.0.0`), and letters compare by
// code unit (`alpha` < `beta` < `pre` < `rc`).
import { compareDigits, compareText } from "./generic.js";

type Segment = { kind: "number"; digits: string } | { kind: "word"; text: string };

// Gem::Version's grammar: digits first, then `.`-segments of letters and digits, then an optional
// `-` tail. Blank means "0".
const GEM_VERSION = /^\d+(?:\.[0-9a-z]+)*(?:-[0-9a-z-]+(?:\.[0-9a-z-]+)*)?$/i;

export function isGemVersion(version: string): boolean {
  const text = version.trim();
  return text === "" || GEM_VERSION.test(text);
}

function segments(version: string): Segment[] {
  const text = version.trim() === "" ? "0" : version.trim().replaceAll("-", ".pre.");
  const parts = text.match(/\d+|[a-z]+/gi) ?? [];
  return parts.map((part) => (/^\d/.test(part) ? { kind: "number", digits: part } : { kind: "word", text: part }));
}

const isZero = (segment: Segment): boolean => segment.kind === "number" && compareDigits(segment.digits, "0") === 0;

function dropTrailingZeros(list: Segment[]): Segment[] {
  let end = list.length;
  for (let last = list[end - 1]; last && isZero(last); last = list[end - 1]) end--;
  return list.slice(0, end);
}

/** The segments Gem::Version compares: release and pre-release parts, each without trailing zeros. */
function canonical(version: string): Segment[] {
  const all = segments(version);
  const firstWord = all.findIndex((segment) => segment.kind === "word");
  if (firstWord < 0) return dropTrailingZeros(all);
  return [...dropTrailingZeros(all.slice(0, firstWord)), ...dropTrailingZeros(all.slice(firstWord))];
}

const ZERO: Segment = { kind: "number", digits: "0" };

function compareSegments(left: Segment, right: Segment): number {
  if (left.kind === "number" && right.kind === "number") return compareDigits(left.digits, right.digits);
  if (left.kind === "word" && right.kind === "word") return compareText(left.text, right.text);
  return left.kind === "word" ? -1 : 1;
}

/** `undefined` when either side is not a gem version. */
export function compareGem(a: string, b: string): number | undefined {
  if (!isGemVersion(a) || !isGemVersion(b)) return undefined;
  const left = canonical(a);
  const right = canonical(b);
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const order = compareSegments(left[i] ?? ZERO, right[i] ?? ZERO);
    if (order !== 0) return order;
  }
  return 0;
}
