// The popular names a typosquat imitates, indexed once so that one name is checked against
// thousands in microseconds: exact keys, look-alike skeletons, a one-deletion neighbourhood for
// short names (symmetric delete), length buckets with character masks for long names, the names
// left when a language prefix is removed, and the npm scopes in use.
import { readFileSync } from "node:fs";
import { CustodyError } from "../../../core/errors.js";
import type { Ecosystem } from "../types.js";
import { nameKey, nameSegments, visualSkeleton, withoutSeparators } from "./names.js";
import { stripPrefix } from "./tricks.js";

/** Shortest name compared by spelling at all; shorter names are all a keystroke or two apart. */
export const MIN_EDIT_LENGTH = 5;
/** From this length on, two edits still leave a name recognisable. */
export const TWO_EDIT_LENGTH = 9;

/** How many edits away from a popular name of this length a name is still read as that name. */
export function editThreshold(length: number): number {
  if (length < MIN_EDIT_LENGTH) return 0;
  return length < TWO_EDIT_LENGTH ? 1 : 2;
}

interface LengthBucket {
  ids: Int32Array;
  masks: Int32Array;
}

export interface PopularIndex {
  readonly ecosystem: Ecosystem;
  /** The names as listed, most popular first. */
  readonly names: readonly string[];
  /** `nameKey` of each name, by the same position. */
  readonly keys: readonly string[];
  readonly byKey: ReadonlyMap<string, number>;
  /** Look-alike skeleton without separators → names that look like it. */
  readonly visual: ReadonlyMap<string, readonly number[]>;
  /** Names of MIN_EDIT_LENGTH up to TWO_EDIT_LENGTH - 1 characters, by themselves and every one-character deletion. */
  readonly deletions: ReadonlyMap<string, readonly number[]>;
  /** Longer names by length, with a mask of the characters each contains. */
  readonly longByLength: ReadonlyMap<number, LengthBucket>;
  /** Single-part names by what is left after removing a language prefix (`python-dateutil` → `dateutil`). */
  readonly prefixCores: ReadonlyMap<string, number>;
  /** npm scopes that publish a popular package (`@types`). */
  readonly scopes: ReadonlySet<string>;
  /** The same scopes without `@`, bare, without separators, and as look-alike skeletons, for near-miss scopes. */
  readonly scopeBodies: readonly { scope: string; body: string; plain: string; skeleton: string }[];
  /** Scope and name run together without separators (`typesnode` for `@types/node`). */
  readonly scopedJoined: ReadonlyMap<string, number>;
  /** Names never reported. */
  readonly allowNames: ReadonlySet<string>;
  /** `name\u0000target` pairs that are legitimately similar. */
  readonly allowPairs: ReadonlySet<string>;
  /** Whether `name` is itself one of the popular names. */
  has(name: string): boolean;
}

/** Lines of a name list, without blank lines and `#` comments. */
export function parseNameList(text: string): string[] {
  const names: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line !== "" && !line.startsWith("#")) names.push(line);
  }
  return names;
}

export interface AllowList {
  names: string[];
  pairs: [string, string][];
}

/** An allow-list: `name` alone, or `name target` for one legitimately similar pair. */
export function parseAllowList(text: string): AllowList {
  const allow: AllowList = { names: [], pairs: [] };
  for (const line of parseNameList(text)) {
    const [name, target] = line.split(/\s+/);
    if (name === undefined) continue;
    if (target === undefined) allow.names.push(name);
    else allow.pairs.push([name, target]);
  }
  return allow;
}

export function allowPairKey(nameKeyText: string, targetKey: string): string {
  return `${nameKeyText}\u0000${targetKey}`;
}

/**
 * One bit per character class: letters, digits folded into four, separators, anything else. Each
 * edit changes at most two bits, so masks more than four bits apart are more than two edits apart.
 */
export function characterMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) mask |= 1 << (c - 97);
    else if (c >= 48 && c <= 57) mask |= 1 << (26 + ((c - 48) % 4));
    else if (c === 45 || c === 95 || c === 46) mask |= 1 << 30;
    else mask |= 1 << 31;
  }
  return mask;
}

export function bitCount(value: number): number {
  let v = value >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** `text` itself and every string one character shorter. */
export function oneDeletions(text: string): string[] {
  const out = [text];
  for (let i = 0; i < text.length; i++) out.push(text.slice(0, i) + text.slice(i + 1));
  return out;
}

function pushTo<K>(map: Map<K, number[]>, key: K, id: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [id]);
  else if (list[list.length - 1] !== id) list.push(id);
}

function setFirst<K>(map: Map<K, number>, key: K, id: number): void {
  if (!map.has(key)) map.set(key, id);
}

/** Builds the index for one ecosystem. Earlier names are more popular and win ties. */
export function buildPopularIndex(ecosystem: Ecosystem, list: readonly string[], allow: AllowList = { names: [], pairs: [] }): PopularIndex {
  const names: string[] = [];
  const keys: string[] = [];
  const byKey = new Map<string, number>();
  for (const name of list) {
    const key = nameKey(ecosystem, name);
    if (key === "" || byKey.has(key)) continue;
    byKey.set(key, names.length);
    names.push(name.trim());
    keys.push(key);
  }
  const visual = new Map<string, number[]>();
  const deletions = new Map<string, number[]>();
  const long = new Map<number, { ids: number[]; masks: number[] }>();
  const prefixCores = new Map<string, number>();
  const scopes = new Set<string>();
  const scopedJoined = new Map<string, number>();
  keys.forEach((key, id) => {
    pushTo(visual, withoutSeparators(visualSkeleton(names[id] ?? key)), id);
    if (key.length >= MIN_EDIT_LENGTH && key.length < TWO_EDIT_LENGTH) {
      for (const variant of oneDeletions(key)) pushTo(deletions, variant, id);
    } else if (key.length >= TWO_EDIT_LENGTH) {
      let bucket = long.get(key.length);
      if (bucket === undefined) {
        bucket = { ids: [], masks: [] };
        long.set(key.length, bucket);
      }
      bucket.ids.push(id);
      bucket.masks.push(characterMask(key));
    }
    const segments = nameSegments(ecosystem, key);
    const core = segments.length === 1 ? stripPrefix(key) : undefined;
    if (core !== undefined) setFirst(prefixCores, core, id);
    if (ecosystem === "npm" && segments.length === 2) {
      const [scope = "", bare = ""] = segments;
      scopes.add(scope);
      setFirst(scopedJoined, withoutSeparators(scope.slice(1) + bare), id);
    }
  });
  const longByLength = new Map<number, LengthBucket>();
  for (const [length, bucket] of long) longByLength.set(length, { ids: Int32Array.from(bucket.ids), masks: Int32Array.from(bucket.masks) });
  const scopeBodies = [...scopes].map((scope) => {
    const body = scope.slice(1);
    return { scope, body, plain: withoutSeparators(body), skeleton: withoutSeparators(visualSkeleton(body)) };
  });
  const allowNames = new Set(allow.names.map((n) => nameKey(ecosystem, n)));
  const allowPairs = new Set(allow.pairs.map(([n, t]) => allowPairKey(nameKey(ecosystem, n), nameKey(ecosystem, t))));
  return {
    ecosystem,
    names,
    keys,
    byKey,
    visual,
    deletions,
    longByLength,
    prefixCores,
    scopes,
    scopeBodies,
    scopedJoined,
    allowNames,
    allowPairs,
    has: (name) => byKey.has(nameKey(ecosystem, name)),
  };
}

/**
 * Popular names that may be within two edits of `key`: those sharing a one-deletion variant with it
 * (short names), and long names of a close length whose character masks differ by at most four bits.
 * A superset: the caller measures the real distance.
 */
export function spellingNeighbours(popular: PopularIndex, key: string): Set<number> {
  const found = new Set<number>();
  if (key.length >= MIN_EDIT_LENGTH - 1 && key.length <= TWO_EDIT_LENGTH) {
    for (const variant of oneDeletions(key)) for (const id of popular.deletions.get(variant) ?? []) found.add(id);
  }
  if (key.length >= TWO_EDIT_LENGTH - 2) {
    const mask = characterMask(key);
    for (let length = Math.max(TWO_EDIT_LENGTH, key.length - 2); length <= key.length + 2; length++) {
      const bucket = popular.longByLength.get(length);
      if (bucket === undefined) continue;
      const { ids, masks } = bucket;
      for (let i = 0; i < ids.length; i++) {
        if (bitCount(mask ^ (masks[i] ?? 0)) <= 4) found.add(ids[i] ?? 0);
      }
    }
  }
  return found;
}

/** Where the shipped lists live: `data/popular/` at the package root, from both `src/` and `dist/`. */
export const DEFAULT_POPULAR_DIR = new URL("../../../../data/popular/", import.meta.url);

const loaded = new Map<string, PopularIndex>();

function readOptional(url: URL): string {
  try {
    return readFileSync(url, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw error;
  }
}

/**
 * The shipped popular list and allow-list for `ecosystem`, indexed once per process. A missing
 * popular list is a `file-unreadable` error: without it every check would pass silently.
 */
export function loadPopularIndex(ecosystem: Ecosystem, dir: URL = DEFAULT_POPULAR_DIR): PopularIndex {
  const cacheKey = `${dir.href}\u0000${ecosystem}`;
  const cached = loaded.get(cacheKey);
  if (cached !== undefined) return cached;
  let text: string;
  try {
    text = readFileSync(new URL(`${ecosystem}.txt`, dir), "utf8");
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CustodyError("file-unreadable", `cannot read the popular ${ecosystem} package list: ${detail}`, { cause: error });
  }
  const list = parseNameList(text);
  const allow = parseAllowList(readOptional(new URL(`allow-${ecosystem}.txt`, dir)));
  const index = buildPopularIndex(ecosystem, list, allow);
  loaded.set(cacheKey, index);
  return index;
}
