// Maven's version order (the ComparableVersion rules, as Maven 3 applies them when resolving ranges):
// a version is a list of items split at `.` and `-` and wherever digits meet letters; `-` opens a
// nested sub-list. Trailing "null" items (0, "", ga, final, release) are dropped, which makes
// `1.0.0` equal to `1`. Known qualifiers sort alpha < beta < milestone < rc = cr < snapshot <
// release < sp; unknown qualifiers sort after all of them, alphabetically. A number outranks a
// qualifier and a sub-list, and a sub-list outranks a qualifier, so `1-1` < `1.1` and `1.0-sp1` > `1.0`.
import { compareDigits, compareText } from "./generic.js";

type Item =
  | { kind: "int"; digits: string }
  | { kind: "string"; value: string }
  | { kind: "list"; items: Item[] };

const QUALIFIERS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"] as const;
const RELEASE_RANK = String(QUALIFIERS.indexOf(""));
const ALIASES: Readonly<Record<string, string>> = { ga: "", final: "", release: "", cr: "rc" };
// A one-letter qualifier directly followed by a number is an abbreviation: `1.0a1`, `2.0-b2`, `3.0m4`.
const SHORTHANDS: Readonly<Record<string, string>> = { a: "alpha", b: "beta", m: "milestone" };

function stringItem(raw: string, followedByDigit: boolean): Item {
  const expanded = followedByDigit ? (SHORTHANDS[raw] ?? raw) : raw;
  return { kind: "string", value: ALIASES[expanded] ?? expanded };
}

const numberItem = (digits: string): Item => ({ kind: "int", digits });
const isDigit = (char: string): boolean => char >= "0" && char <= "9";

/** Parses a version into its item tree. Every string is a Maven version; none is rejected. */
export function parseMaven(version: string): Item {
  const text = version.trim().toLowerCase();
  const root: Item & { kind: "list" } = { kind: "list", items: [] };
  const opened: (Item & { kind: "list" })[] = [root];
  let list = root;
  let digits = false;
  let start = 0;
  const token = (end: number): string => text.slice(start, end);
  const openList = (): void => {
    const next: Item & { kind: "list" } = { kind: "list", items: [] };
    list.items.push(next);
    opened.push(next);
    list = next;
  };
  const pushToken = (end: number): void => {
    list.items.push(end === start ? numberItem("0") : digits ? numberItem(token(end)) : stringItem(token(end), false));
  };
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === "." || char === "-") {
      pushToken(i);
      start = i + 1;
      if (char === "-") openList();
      // After a separator the next token's kind is decided by its first character alone.
      digits = i + 1 < text.length && isDigit(text.charAt(i + 1));
    } else if (isDigit(char) !== digits) {
      if (i > start) {
        // A digit/letter boundary splits like `-`: `1.0alpha1` is `1.0-alpha-1`.
        list.items.push(digits ? numberItem(token(i)) : stringItem(token(i), true));
        start = i;
        openList();
      }
      digits = isDigit(char);
    }
  }
  if (text.length > start) list.items.push(digits ? numberItem(token(text.length)) : stringItem(token(text.length), false));
  // Innermost lists first, so a sub-list that empties out is itself dropped by its parent.
  for (const item of opened.reverse()) normalise(item);
  return root;
}

function isNull(item: Item): boolean {
  if (item.kind === "int") return compareDigits(item.digits, "0") === 0;
  if (item.kind === "string") return qualifierRank(item.value) === RELEASE_RANK;
  return item.items.length === 0;
}

function normalise(list: Item & { kind: "list" }): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const item = list.items[i];
    if (!item) continue;
    if (isNull(item)) list.items.splice(i, 1);
    else if (item.kind !== "list") break;
  }
}

function qualifierRank(value: string): string {
  const index = (QUALIFIERS as readonly string[]).indexOf(value);
  return index >= 0 ? String(index) : `${QUALIFIERS.length}-${value}`;
}

/** Compares an item with a missing one (the shorter version ran out). */
function compareWithNothing(item: Item): number {
  if (item.kind === "int") return isNull(item) ? 0 : 1;
  if (item.kind === "string") return compareText(qualifierRank(item.value), RELEASE_RANK);
  const first = item.items[0];
  return first ? compareWithNothing(first) : 0;
}

const KIND_ORDER = { string: 0, list: 1, int: 2 } as const;

function compareItems(left: Item, right: Item): number {
  if (left.kind !== right.kind) return KIND_ORDER[left.kind] < KIND_ORDER[right.kind] ? -1 : 1;
  if (left.kind === "int" && right.kind === "int") return compareDigits(left.digits, right.digits);
  if (left.kind === "string" && right.kind === "string") {
    return compareText(qualifierRank(left.value), qualifierRank(right.value));
  }
  if (left.kind === "list" && right.kind === "list") return compareLists(left.items, right.items);
  return 0;
}

function compareLists(left: readonly Item[], right: readonly Item[]): number {
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const l = left[i];
    const r = right[i];
    let order = 0;
    if (l && r) order = compareItems(l, r);
    else if (l) order = compareWithNothing(l);
    else if (r) order = -compareWithNothing(r);
    if (order !== 0) return order;
  }
  return 0;
}

export function compareMaven(a: string, b: string): number {
  return compareItems(parseMaven(a), parseMaven(b));
}
