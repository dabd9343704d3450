// Composer's order for Packagist. Composer normalises a version (drops a `v`, pads the release to four
// numbers, spells stabilities out) and then compares with PHP's version_compare, whose rule for words
// is a fixed ladder: dev < alpha = a < beta = b < RC < a number < patch = pl = p. Any other word sorts
// below `dev`. A word is placed on the ladder by its prefix, as PHP does, so `patch` is a `p`.
import { compareDigits } from "./generic.js";

type Part = { kind: "number"; digits: string } | { kind: "word"; rank: number };

// The release number ranks between RC and patch: `1.0-RC1` < `1.0` < `1.0-p1`.
const NUMBER_RANK = 4;
const LADDER: readonly (readonly [prefix: string, rank: number])[] = [
  ["dev", 0],
  ["alpha", 1],
  ["a", 1],
  ["beta", 2],
  ["b", 2],
  ["rc", 3],
  ["pl", 5],
  ["p", 5],
];
const UNKNOWN_RANK = -6;

// Branch names (`dev-main`, `1.x-dev`) are not versions and have no place in an order.
const COMPOSER_VERSION = /^v?(\d+(?:\.\d+)*)(?:[-._+]?([0-9a-z][0-9a-z.+_-]*))?$/i;

interface Parsed {
  release: string[];
  suffix: Part[];
}

function parse(version: string): Parsed | undefined {
  const match = COMPOSER_VERSION.exec(version.trim());
  if (!match?.[1]) return undefined;
  const release = match[1].split(".");
  const words = (match[2] ?? "").toLowerCase().match(/\d+|[a-z]+/g) ?? [];
  // `1.0.x-dev` names a branch, not a release.
  if (words[0] === "x") return undefined;
  // `-stable` is the release itself.
  const suffix = words.filter((word, index) => !(index === 0 && word === "stable")).map(toPart);
  return { release, suffix };
}

function toPart(word: string): Part {
  if (/^\d/.test(word)) return { kind: "number", digits: word };
  const step = LADDER.find(([prefix]) => word.startsWith(prefix));
  return { kind: "word", rank: step ? step[1] : UNKNOWN_RANK };
}

export function isComposerVersion(version: string): boolean {
  return parse(version) !== undefined;
}

const rankOf = (part: Part): number => (part.kind === "number" ? NUMBER_RANK : part.rank);

function compareParts(left: Part, right: Part): number {
  if (left.kind === "number" && right.kind === "number") return compareDigits(left.digits, right.digits);
  const order = rankOf(left) - rankOf(right);
  return order === 0 ? 0 : order < 0 ? -1 : 1;
}

/** What the longer suffix's next part means on its own: a number is newer, a word is placed on the ladder. */
function compareRemainder(part: Part): number {
  if (part.kind === "number") return 1;
  return part.rank < NUMBER_RANK ? -1 : part.rank > NUMBER_RANK ? 1 : 0;
}

/** `undefined` when either side is not a Composer version (a branch such as `dev-main`). */
export function compareComposer(a: string, b: string): number | undefined {
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) return undefined;
  const length = Math.max(left.release.length, right.release.length);
  for (let i = 0; i < length; i++) {
    // Composer pads releases with zeros, so `1.2` is `1.2.0.0`.
    const order = compareDigits(left.release[i] ?? "0", right.release[i] ?? "0");
    if (order !== 0) return order;
  }
  const parts = Math.max(left.suffix.length, right.suffix.length);
  for (let i = 0; i < parts; i++) {
    const l = left.suffix[i];
    const r = right.suffix[i];
    const order = l && r ? compareParts(l, r) : l ? compareRemainder(l) : r ? -compareRemainder(r) : 0;
    if (order !== 0) return order;
  }
  return 0;
}
