// Helpers shared by the ecosystem comparators, and the fallback order for strings an ecosystem's
// grammar rejects. The fallback keeps sorting total (OSV events must be sorted even when a database
// wrote a malformed bound) without pretending to know the ecosystem's rules.

/** Orders two strings of ASCII digits by numeric value without converting them, so no length overflows. */
export function compareDigits(a: string, b: string): number {
  const left = stripLeadingZeros(a);
  const right = stripLeadingZeros(b);
  if (left.length !== right.length) return left.length < right.length ? -1 : 1;
  return compareText(left, right);
}

function stripLeadingZeros(digits: string): string {
  const trimmed = digits.replace(/^0+/, "");
  return trimmed === "" ? "0" : trimmed;
}

/** Code-unit order, as Ruby and Java compare strings; `localeCompare` would depend on the machine. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function sign(value: number): number {
  if (value === 0) return 0;
  return value < 0 ? -1 : 1;
}

const TOKEN = /\d+|[a-z]+/g;

function tokens(version: string): string[] {
  return version.toLowerCase().match(TOKEN) ?? [];
}

const isDigits = (token: string): boolean => /^\d/.test(token);

/**
 * Best-effort order: runs of digits compare numerically, runs of letters by code unit, a number sorts
 * above a word in the same place (so `1.0` is above `1.0beta`), and a missing run counts as `0`.
 */
export function compareFallback(a: string, b: string): number {
  const left = tokens(a);
  const right = tokens(b);
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const l = left[i] ?? "0";
    const r = right[i] ?? "0";
    const order = compareToken(l, r);
    if (order !== 0) return order;
  }
  // Equal by tokens ("1.0" and "1-0"): fall back to the text so the order stays deterministic.
  return compareText(a, b);
}

function compareToken(l: string, r: string): number {
  const ld = isDigits(l);
  const rd = isDigits(r);
  if (ld && rd) return compareDigits(l, r);
  if (ld !== rd) return ld ? 1 : -1;
  return compareText(l, r);
}
