// Following `extends:`: every file a policy names, and every file those name, read through the readers
// the caller gives (a commit's tree, the file system, the network), validated, put in order (each file
// after the files it extends, each file once) and merged. Cycles, chains deeper than five files and
// unreadable files are reported at the `extends:` line that names them.

import { dirname, isAbsolute, normalize, posix, resolve } from "node:path";
import { CustodyError, isCustodyError } from "../core/errors.js";
import { formatIssue, parseText, sortIssues, validateParsed } from "./document.js";
import type { FieldPath, LocatedIssue, ParsedText, PolicyDocument } from "./document.js";
import { mergeDocuments } from "./merge.js";
import { isRecord, toPolicy } from "./schema.js";
import type { Policy } from "./schema.js";
import { parseReference } from "./schema-extends.js";
import type { PolicyReference } from "./schema-extends.js";

/** Where a policy file lives. */
export type PolicyOrigin =
  | { kind: "file"; path: string; display: string }
  | { kind: "commit"; commit: string; path: string }
  | { kind: "url"; url: string };

/** How files are read; a reader that is absent makes references of its kind an error. */
export interface PolicyReaders {
  /** A file on disk by absolute path; undefined when there is none. */
  readFile?: (path: string) => Promise<string | undefined>;
  /** A repository path in a commit's tree; undefined when there is none. */
  readAtCommit?: (commit: string, path: string) => Promise<string | undefined>;
  /** The body of an https:// (or loopback http://) URL; throws a CustodyError saying why it cannot. */
  fetchUrl?: (url: string) => Promise<string>;
}

/** How many files deep `extends:` may go below the policy itself. */
export const MAX_EXTENDS_DEPTH = 5;
/** How many files one policy may bring in, however they are arranged. */
export const MAX_POLICY_FILES = 16;

export type ChainResult = { ok: true; policy: Policy; documents: PolicyDocument[] } | { ok: false; errors: LocatedIssue[] };

export function originLabel(origin: PolicyOrigin): string {
  if (origin.kind === "file") return origin.display;
  if (origin.kind === "commit") return `${origin.commit.slice(0, 12)}:${origin.path}`;
  return origin.url;
}

function originKey(origin: PolicyOrigin): string {
  if (origin.kind === "file") return `file:${origin.path}`;
  if (origin.kind === "commit") return `commit:${origin.commit}:${origin.path}`;
  return `url:${origin.url}`;
}

/** The file a reference names, seen from the file that names it. */
export function resolveReference(from: PolicyOrigin, reference: PolicyReference): PolicyOrigin | { problem: string } {
  if (reference.kind === "url") return { kind: "url", url: reference.url.href };
  const path = reference.path;
  if (from.kind === "url") {
    if (isAbsolute(path)) return { problem: "a policy fetched from a URL cannot name a file on this machine; use a URL or a path relative to it" };
    const target = parseReference(new URL(path, from.url).href);
    return "problem" in target || target.kind !== "url" ? { problem: `${path} does not resolve to a URL Custody can fetch` } : { kind: "url", url: target.url.href };
  }
  if (isAbsolute(path)) return { kind: "file", path: normalize(path), display: normalize(path) };
  if (from.kind === "file") {
    return { kind: "file", path: resolve(dirname(from.path), path), display: posix.normalize(posix.join(posix.dirname(from.display), path)) };
  }
  const inRepo = posix.normalize(posix.join(posix.dirname(from.path), path));
  if (inRepo === ".." || inRepo.startsWith("../")) return { problem: `${path} leaves the repository; name a file inside it, an absolute path or a URL` };
  return { kind: "commit", commit: from.commit, path: inRepo };
}

/** The text of a file, or why it cannot be read; an unreachable URL is thrown, as the network is not the policy's fault. */
async function readOrigin(origin: PolicyOrigin, readers: PolicyReaders): Promise<string | { problem: string }> {
  const label = originLabel(origin);
  try {
    if (origin.kind === "url") {
      if (!readers.fetchUrl) return { problem: `${label}: policies from URLs cannot be fetched here` };
      return await readers.fetchUrl(origin.url);
    }
    const text = origin.kind === "file" ? await readers.readFile?.(origin.path) : await readers.readAtCommit?.(origin.commit, origin.path);
    return text ?? { problem: `no policy file at ${label}; check the path (relative paths start from the directory of the file that names them)` };
  } catch (error) {
    if (isCustodyError(error) && error.code !== "policy-unreachable") return { problem: error.message };
    throw error;
  }
}

/** The references an `extends:` value names, with where each is written; malformed ones are left to validation. */
function referencesIn(parsed: ParsedText): { text: string; path: FieldPath }[] {
  const value = isRecord(parsed.raw) ? parsed.raw.extends : undefined;
  if (typeof value === "string") return [{ text: value.trim(), path: ["extends"] }];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown, index) => (typeof item === "string" ? [{ text: item.trim(), path: ["extends", index] }] : []));
}

/**
 * Reads a policy and everything it extends into one effective policy. Every problem in every file is
 * returned at once; the text of an unreadable or invalid file stops only its own branch.
 */
export async function loadPolicyChain(text: string, origin: PolicyOrigin, readers: PolicyReaders): Promise<ChainResult> {
  const documents: PolicyDocument[] = [];
  const errors: LocatedIssue[] = [];
  const done = new Set<string>();
  let files = 1;

  async function visit(content: string, at: PolicyOrigin, trail: readonly PolicyOrigin[]): Promise<void> {
    const parsed = parseText(content, originLabel(at));
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      return;
    }
    const references = referencesIn(parsed.parsed);
    const chain = [...trail, at];
    if (references.length > 0 && trail.length >= MAX_EXTENDS_DEPTH) {
      const names = chain.map(originLabel).join(" → ");
      errors.push(parsed.parsed.issue(["extends"], `the extends chain is deeper than ${MAX_EXTENDS_DEPTH} files (${names} → …); flatten the org policies`));
    } else {
      for (const reference of references) await follow(parsed.parsed, reference, at, chain);
    }
    const groups = documents.flatMap((document) => Object.keys(document.file.groups ?? {}));
    const validated = validateParsed(parsed.parsed, groups);
    if (validated.ok) documents.push(validated.document);
    else errors.push(...validated.errors);
    done.add(originKey(at));
  }

  async function follow(parsed: ParsedText, reference: { text: string; path: FieldPath }, from: PolicyOrigin, chain: readonly PolicyOrigin[]) {
    const written = parseReference(reference.text);
    if ("problem" in written) return;
    const target = resolveReference(from, written);
    if ("problem" in target) {
      errors.push(parsed.issue(reference.path, target.problem));
      return;
    }
    const key = originKey(target);
    if (chain.some((item) => originKey(item) === key)) {
      const cycle = [...chain.slice(chain.findIndex((item) => originKey(item) === key)), target].map(originLabel).join(" → ");
      errors.push(parsed.issue(reference.path, `extends cycle: ${cycle}; a policy cannot extend itself`));
      return;
    }
    if (done.has(key)) return;
    if (files >= MAX_POLICY_FILES) {
      errors.push(parsed.issue(reference.path, `the policy brings in more than ${MAX_POLICY_FILES} files; merge some org policies into one`));
      return;
    }
    files += 1;
    let content: string | { problem: string };
    try {
      content = await readOrigin(target, readers);
    } catch (error) {
      if (!isCustodyError(error)) throw error;
      throw new CustodyError(error.code, formatIssue(parsed.issue(reference.path, error.message)), { cause: error });
    }
    if (typeof content !== "string") {
      errors.push(parsed.issue(reference.path, content.problem));
      return;
    }
    await visit(content, target, chain);
  }

  await visit(text, origin, []);
  if (errors.length > 0) return { ok: false, errors: sortIssues(errors) };
  const merged = mergeDocuments(documents);
  if (!merged.ok) return { ok: false, errors: sortIssues(merged.errors) };
  const policy = toPolicy(merged.merged.file);
  policy.rules = policy.rules.map((rule) => {
    const source = merged.merged.ruleSources.get(rule.name);
    return source === undefined ? rule : { ...rule, source };
  });
  policy.sources = documents.map((document) => document.source);
  return { ok: true, policy, documents };
}
