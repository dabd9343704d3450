// Edit distance between package names: optimal string alignment, the Damerau–Levenshtein variant
// in which swapping two neighbouring characters counts as one edit. Typing mistakes are mostly one
// insertion, deletion, substitution or swap, so this is the distance a typosquat is measured in.

// Rows reused across calls: checking a name allocates nothing, which matters across thousands of calls.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

function rowsFor(width: number): readonly [Int32Array, Int32Array, Int32Array] {
  if (rows[0].length < width) rows = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  return rows;
}

/**
 * The distance between `a` and `b`, or `limit + 1` as soon as it is known to exceed `limit`, so
 * comparing one name with thousands stays cheap. Only cells within `limit` of the diagonal are
 * computed when a limit is given: any alignment leaving that band costs more than the limit.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  return alignmentCost(a, b, limit, undefined);
}

/**
 * Like `editDistance`, but replacing a character counts as one edit only when the two are
 * neighbours on a QWERTY keyboard or look alike (`l`/`1`, `o`/`0`), and as two otherwise. A slip of
 * the finger produces the first kind; `jsdom` and `jsdoc`, or `flatted` and `flatten`, are two
 * different words, not a typo of one another.
 */
export function typingDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  return alignmentCost(a, b, limit, SUBSTITUTION_COST);
}

const KEYBOARD_ROWS = ["1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm"];
const LOOK_ALIKE_PAIRS = ["l1", "li", "i1", "o0", "uv", "gq", "-_", "-.", "_."];

/** 1 for neighbouring or look-alike ASCII characters, 2 for any other pair, 0 on the diagonal. */
const SUBSTITUTION_COST: Uint8Array = (() => {
  const table = new Uint8Array(128 * 128).fill(2);
  for (let c = 0; c < 128; c++) table[c * 128 + c] = 0;
  const pair = (x: string, y: string): void => {
    const i = x.charCodeAt(0);
    const j = y.charCodeAt(0);
    table[i * 128 + j] = 1;
    table[j * 128 + i] = 1;
  };
  KEYBOARD_ROWS.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      const key = row.charAt(c);
      if (c + 1 < row.length) pair(key, row.charAt(c + 1));
      // Each row sits half a key to the right of the one above, so a key touches the key above it
      // and the one above and to the right.
      const above = KEYBOARD_ROWS[r - 1];
      if (above !== undefined) {
        if (c < above.length) pair(key, above.charAt(c));
        if (c + 1 < above.length) pair(key, above.charAt(c + 1));
      }
    }
  });
  for (const [x = "", y = ""] of LOOK_ALIKE_PAIRS) pair(x, y);
  return table;
})();

function alignmentCost(a: string, b: string, limit: number, costs: Uint8Array | undefined): number {
  if (a === b) return 0;
  const over = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return over;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const width = b.length + 1;
  const band = Math.min(limit, Math.max(a.length, b.length));
  // Cells outside the band hold a value above the limit so they never win a minimum.
  const outside = Math.min(over, a.length + b.length + 1);
  let [twoBack, previous, current] = rowsFor(width);
  for (let j = 0; j < width; j++) previous[j] = j <= band ? j : outside;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - band);
    const to = Math.min(b.length, i + band);
    current[0] = i <= band ? i : outside;
    if (from > 1) current[from - 1] = outside;
    let rowMin = current[0];
    const ai = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : costs === undefined ? 1 : ai < 128 && bj < 128 ? (costs[ai * 128 + bj] ?? 2) : 2;
      let best = Math.min((previous[j] ?? outside) + 1, (current[j - 1] ?? outside) + 1, (previous[j - 1] ?? outside) + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        best = Math.min(best, (twoBack[j - 2] ?? outside) + 1);
      }
      current[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (to < b.length) current[to + 1] = outside;
    // Every later row is at least this row's minimum, so the limit is already exceeded.
    if (rowMin > limit) return over;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  const distance = previous[b.length] ?? over;
  return distance > limit ? over : distance;
}

/** What a single edit turning `target` into `name` was; `undefined` when they are not one edit apart. */
export type SingleEdit = "transposition" | "repeated-character" | "omitted-character" | "extra-character" | "substitution";

export function classifySingleEdit(name: string, target: string): SingleEdit | undefined {
  let start = 0;
  while (start < name.length && start < target.length && name[start] === target[start]) start++;
  if (name.length === target.length + 1) {
    if (name.slice(start + 1) !== target.slice(start)) return undefined;
    const extra = name[start];
    // `loddash`: the inserted character doubles its neighbour, the commonest slip of the finger.
    return extra === name[start - 1] || extra === name[start + 1] ? "repeated-character" : "extra-character";
  }
  if (name.length + 1 === target.length) {
    return target.slice(start + 1) === name.slice(start) ? "omitted-character" : undefined;
  }
  if (name.length !== target.length) return undefined;
  if (name.slice(start + 1) === target.slice(start + 1)) return "substitution";
  const swapped = name[start] === target[start + 1] && name[start + 1] === target[start];
  return swapped && name.slice(start + 2) === target.slice(start + 2) ? "transposition" : undefined;
}
