// Whether a dependency name imitates a popular package. The checks run from the most to the least
// telling: a name that looks identical on screen, a fake or misspelt npm scope, a language word
// glued on, a spelling slip, a reassuring word added. A popular name is never a typosquat, and a
// name that differs from a popular one only below the same owner (npm scope, Packagist vendor,
// Maven group, Go account) is not either: nobody else could have published it.
import type { Ecosystem } from "../types.js";
import { classifySingleEdit, editDistance, typingDistance } from "./distance.js";
import { nameKey, nameSegments, ownerDepth, visualSkeleton, withoutSeparators } from "./names.js";
import { allowPairKey, editThreshold, MIN_EDIT_LENGTH, spellingNeighbours } from "./popular.js";
import type { PopularIndex } from "./popular.js";
import { comboCores, splitWords, stripAffixes } from "./tricks.js";

export const TYPOSQUAT_TECHNIQUES = [
  "homoglyph",
  "separator",
  "scope",
  "transposition",
  "repeated-character",
  "omitted-character",
  "extra-character",
  "edit-distance",
  "affix",
  "combosquat",
] as const;
export type TyposquatTechnique = (typeof TYPOSQUAT_TECHNIQUES)[number];

export interface TyposquatMatch {
  kind: "typosquat";
  /** The popular name imitated, as listed; for a misspelt npm scope with no such package, the scope (`@types`). */
  target: string;
  technique: TyposquatTechnique;
  /** Edit distance between the two names in their compared form. */
  distance: number;
}

/** Shortest popular name that look-alike, scope and affix checks protect. */
const MIN_PROTECTED_LENGTH = 4;

/** Scopes that borrow authority rather than a project's name. */
const AUTHORITY_SCOPES = new Set(["npm", "npmjs", "node", "nodejs", "js", "official", "core", "lib", "pkg", "package", "packages"]);

interface Candidate {
  /** The popular name imitated, or for a misspelt npm scope with no such package, the scope (`@types`). */
  target: string;
  technique: TyposquatTechnique;
}

interface Context {
  ecosystem: Ecosystem;
  raw: string;
  key: string;
  segments: string[];
  popular: PopularIndex;
}

type Relation = { kind: "one"; index: number } | { kind: "same-owner" } | { kind: "other" };

/** How two structured names differ: in exactly one part, only below a shared owner, or otherwise. */
function relate(ecosystem: Ecosystem, name: readonly string[], target: readonly string[]): Relation {
  if (name.length !== target.length) return { kind: "other" };
  const differing: number[] = [];
  for (let i = 0; i < name.length; i++) if (name[i] !== target[i]) differing.push(i);
  const depth = ownerDepth(ecosystem, target);
  if (depth > 0 && differing.every((i) => i >= depth)) return { kind: "same-owner" };
  const [only] = differing;
  return differing.length === 1 && only !== undefined ? { kind: "one", index: only } : { kind: "other" };
}

function isScopePart(ctx: Context, index: number): boolean {
  return ctx.ecosystem === "npm" && ctx.segments.length === 2 && index === 0;
}

function joiner(ecosystem: Ecosystem): string {
  return ecosystem === "maven" ? ":" : "/";
}

function replacePart(ctx: Context, index: number, part: string): string {
  const parts = [...ctx.segments];
  parts[index] = part;
  return parts.join(joiner(ctx.ecosystem));
}

/** Names that look the same once look-alike characters and separators are merged. */
function* lookAlikes(ctx: Context): Generator<Candidate> {
  const ids = ctx.popular.visual.get(withoutSeparators(visualSkeleton(ctx.raw))) ?? [];
  for (const id of ids) {
    const targetKey = ctx.popular.keys[id] ?? "";
    if (withoutSeparators(targetKey).length < MIN_PROTECTED_LENGTH) continue;
    const relation = relate(ctx.ecosystem, ctx.segments, nameSegments(ctx.ecosystem, targetKey));
    if (relation.kind === "same-owner") continue;
    const onlySeparators = withoutSeparators(ctx.key) === withoutSeparators(targetKey);
    const technique = relation.kind === "one" && isScopePart(ctx, relation.index) ? "scope" : onlySeparators ? "separator" : "homoglyph";
    yield { target: ctx.popular.names[id] ?? targetKey, technique };
  }
}

/** npm scope tricks: a misspelt popular scope, a scope named to impersonate, `@types` run into the name. */
function* scopeTricks(ctx: Context): Generator<Candidate> {
  if (ctx.ecosystem !== "npm") return;
  const { popular } = ctx;
  if (ctx.segments.length === 2) {
    const [scope = "", bare = ""] = ctx.segments;
    if (popular.scopes.has(scope)) return;
    const body = scope.slice(1);
    // `@typess/node`, `@type/node`: the name a popular scope would publish, under a near-miss scope.
    let nearest: { scope: string; distance: number } | undefined;
    // Separators are free here: `@typescript_eslinter` imitates `@typescript-eslint`.
    const skeleton = withoutSeparators(visualSkeleton(body));
    const plain = withoutSeparators(body);
    for (const known of popular.scopeBodies) {
      if (known.body.length < MIN_PROTECTED_LENGTH) continue;
      const limit = editThreshold(known.body.length);
      const looksSame = skeleton === known.skeleton;
      if (!looksSame && Math.abs(known.plain.length - plain.length) > limit) continue;
      const distance = looksSame ? 0 : editDistance(plain, known.plain, limit);
      if ((looksSame || (limit > 0 && distance <= limit)) && (nearest === undefined || distance < nearest.distance)) {
        nearest = { scope: known.scope, distance };
      }
    }
    if (nearest !== undefined) {
      // The package the real scope publishes under this name when there is one, else the scope.
      const id = popular.byKey.get(`${nearest.scope}/${bare}`);
      yield { target: id === undefined ? nearest.scope : (popular.names[id] ?? nearest.scope), technique: "scope" };
    }
    // `@lodash/lodash`, `@official/lodash`: a new scope in front of a popular unscoped name.
    const bareId = popular.byKey.get(bare);
    if (bareId !== undefined && bare.length >= MIN_PROTECTED_LENGTH && impersonatingScope(body, bare)) {
      yield { target: popular.names[bareId] ?? bare, technique: "scope" };
    }
    return;
  }
  // `types-node`, `typesnode` for `@types/node`: the type-definition scope run into the name. Other
  // scopes are left alone: `babel-core` and `react-query` are the older unscoped names of packages
  // that moved into a scope, not copies of them.
  const joined = popular.scopedJoined.get(withoutSeparators(ctx.key));
  if (joined !== undefined && ctx.key.length >= 6 && (popular.keys[joined] ?? "").startsWith("@types/")) {
    yield { target: popular.names[joined] ?? ctx.key, technique: "scope" };
  }
}

function impersonatingScope(scopeBody: string, bare: string): boolean {
  if (AUTHORITY_SCOPES.has(scopeBody)) return true;
  const scope = withoutSeparators(scopeBody);
  const name = withoutSeparators(bare);
  return scope === name || stripAffixes(scopeBody).some((core) => withoutSeparators(core) === name);
}

/**
 * The one word in which two name parts differ, when they have the same words otherwise:
 * `lodash.set` and `lodash.get` differ in `set`/`get`. Undefined when the word counts differ or more
 * than one word differs.
 */
function differingWord(part: string, targetPart: string): { word: string; target: string } | undefined {
  const a = splitWords(part);
  const b = splitWords(targetPart);
  if (a.words.length !== b.words.length) return undefined;
  let found: { word: string; target: string } | undefined;
  for (let i = 0; i < a.words.length; i++) {
    const word = a.words[i] ?? "";
    const target = b.words[i] ?? "";
    if (word === target) continue;
    if (found !== undefined) return undefined;
    found = { word, target };
  }
  return found;
}

const TRAILING_DIGITS = /\d+$/;
/** First letters a reader confuses: `iodash` and `1odash` pass for `lodash`. */
const LOOK_ALIKE_FIRST = new Set(["il", "li", "1l", "l1", "1i", "i1", "0o", "o0", "vw", "wv"]);

/**
 * Whether two words that are a few edits apart could be one word mistyped. A different first
 * letter is rarely a slip (`gaxios`, `preact`, `ujson` are other projects), unless the letters look
 * alike; a different trailing number is a version or a fork (`through2`, `pypdf3`).
 */
function plausibleSlip(word: string, target: string): boolean {
  const first = word.charAt(0);
  const targetFirst = target.charAt(0);
  if (first !== targetFirst && (!LOOK_ALIKE_FIRST.has(first + targetFirst) || word.slice(1) !== target.slice(1))) return false;
  // `tensorflowjs`, `datadogpy`: several letters appended make a new name, not a slip.
  const [shorter, longer] = word.length < target.length ? [word, target] : [target, word];
  if (longer.length - shorter.length >= 2 && longer.startsWith(shorter)) return false;
  return word.replace(TRAILING_DIGITS, "") !== target.replace(TRAILING_DIGITS, "");
}

/**
 * How a word was mistyped into another, within the tolerance its length allows. A short word of a
 * longer name (`json` in `serde-json`) tolerates only a doubled or swapped letter, which rarely
 * makes another real word, as `set` and `get` do.
 */
function slip(word: string, target: string): { distance: number; technique: TyposquatTechnique } | undefined {
  const limit = editThreshold(target.length);
  if (limit === 0) {
    if (target.length < 3) return undefined;
    const edit = classifySingleEdit(word, target);
    return edit === "repeated-character" || edit === "transposition" ? { distance: 1, technique: edit } : undefined;
  }
  if (word.length < MIN_PROTECTED_LENGTH) return undefined;
  const distance = typingDistance(word, target, limit);
  if (distance > limit) return undefined;
  const edit = distance === 1 ? classifySingleEdit(word, target) : undefined;
  return { distance, technique: edit === undefined || edit === "substitution" ? "edit-distance" : edit };
}

/**
 * Spelling slips: swapped, doubled, dropped, added or mistyped characters. In a name of several
 * words the slip must sit in one word, and that word's length sets how many slips are tolerated:
 * `pug-parser` is not a misspelt `svg-parser`, because `pug` and `svg` are different short words.
 */
function* misspellings(ctx: Context): Generator<Candidate> {
  if (ctx.key.length < MIN_EDIT_LENGTH) return;
  const matches: { id: number; distance: number; technique: TyposquatTechnique }[] = [];
  for (const id of spellingNeighbours(ctx.popular, ctx.key)) {
    const targetKey = ctx.popular.keys[id] ?? "";
    const targetParts = nameSegments(ctx.ecosystem, targetKey);
    const relation = relate(ctx.ecosystem, ctx.segments, targetParts);
    if (relation.kind !== "one") continue;
    const words = differingWord(ctx.segments[relation.index] ?? "", targetParts[relation.index] ?? "");
    if (words === undefined) continue;
    if (!plausibleSlip(words.word, words.target)) continue;
    const match = slip(words.word, words.target);
    if (match === undefined) continue;
    matches.push({ id, distance: match.distance, technique: isScopePart(ctx, relation.index) ? "scope" : match.technique });
  }
  matches.sort((a, b) => a.distance - b.distance || a.id - b.id);
  for (const m of matches) yield { target: ctx.popular.names[m.id] ?? "", technique: m.technique };
}

/** A popular name reached by removing a word from one part of the name. */
function* withWordRemoved(ctx: Context, cores: (part: string) => string[], technique: TyposquatTechnique): Generator<Candidate> {
  for (let index = 0; index < ctx.segments.length; index++) {
    for (const core of cores(ctx.segments[index] ?? "")) {
      if (withoutSeparators(core).length < MIN_PROTECTED_LENGTH) continue;
      const id = ctx.popular.byKey.get(replacePart(ctx, index, core));
      if (id === undefined) continue;
      const relation = relate(ctx.ecosystem, ctx.segments, nameSegments(ctx.ecosystem, ctx.popular.keys[id] ?? ""));
      if (relation.kind !== "same-owner") yield { target: ctx.popular.names[id] ?? core, technique };
    }
  }
}

/** `lodash-js`, `node-chalk`, and `py-dateutil` for `python-dateutil`: a language or tool word on a popular name. */
function* affixed(ctx: Context): Generator<Candidate> {
  yield* withWordRemoved(ctx, stripAffixes, "affix");
  if (ctx.segments.length !== 1) return;
  // The same name behind a different language prefix.
  for (const core of stripAffixes(ctx.key)) {
    if (core.length < MIN_EDIT_LENGTH) continue;
    const id = ctx.popular.prefixCores.get(core);
    if (id !== undefined) yield { target: ctx.popular.names[id] ?? core, technique: "affix" };
  }
}

function* combosquats(ctx: Context): Generator<Candidate> {
  yield* withWordRemoved(ctx, comboCores, "combosquat");
}

const FINDERS = [lookAlikes, scopeTricks, affixed, misspellings, combosquats] as const;

/**
 * Whether `name` imitates a name in `popular` (built for the same ecosystem), and how. A name on
 * the popular list or on its allow-list is never reported.
 */
export function checkName(ecosystem: Ecosystem, name: string, popular: PopularIndex): TyposquatMatch | undefined {
  if (popular.ecosystem !== ecosystem) {
    throw new Error(`popular index is for ${popular.ecosystem}, not ${ecosystem}`);
  }
  const key = nameKey(ecosystem, name);
  if (key === "" || popular.byKey.has(key) || popular.allowNames.has(key)) return undefined;
  const ctx: Context = { ecosystem, raw: name.trim(), key, segments: nameSegments(ecosystem, key), popular };
  for (const finder of FINDERS) {
    for (const candidate of finder(ctx)) {
      const targetKey = nameKey(ecosystem, candidate.target);
      if (targetKey === key || popular.allowPairs.has(allowPairKey(key, targetKey))) continue;
      return { kind: "typosquat", target: candidate.target, technique: candidate.technique, distance: editDistance(key, targetKey) };
    }
  }
  return undefined;
}
