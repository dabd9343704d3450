// Which AI tools and models may write code: the `tools:` section and each data class's allowance share
// this shape and these checks. A tool's own `models` narrow the list-wide `models`; both must match.

import picomatch from "picomatch";
import type { Tool } from "../core/types.js";

export interface ToolsPolicy {
  /** Tools allowed to write code. Absent: every tool; empty: none. */
  approved?: Tool[];
  /** provider/model globs every model must match. Absent: every model. */
  models?: string[];
  /** Further model globs for one tool (`{ name, models }` entries). */
  toolModels?: Partial<Record<Tool, string[]>>;
}

export interface Verdict {
  allowed: boolean;
  /** Why not, in a few words ("cursor is not approved", "model unknown"). */
  reason?: string;
}

/** Whether unknown tools or models count against a list (`strict`) or are left to other rules. */
export type UnknownHandling = "strict" | "lenient";

const matchers = new Map<string, (name: string) => boolean>();

function matchesAny(patterns: readonly string[], model: string): boolean {
  if (patterns.length === 0) return false;
  const key = patterns.join("\0");
  let matcher = matchers.get(key);
  if (matcher === undefined) {
    // Bounded like the CEL program cache: policies have a handful of pattern lists.
    if (matchers.size >= 1000) matchers.clear();
    matcher = picomatch([...patterns]);
    matchers.set(key, matcher);
  }
  return matcher(model);
}

/**
 * Whether `policy` allows code from this tool and model. With `lenient`, a tool or model the
 * attribution does not name passes (it cannot be judged); with `strict`, it fails wherever the policy
 * restricts it, since nothing shows it is allowed.
 */
export function judge(policy: ToolsPolicy, tool: string | undefined, model: string | undefined, unknown: UnknownHandling): Verdict {
  if (policy.approved !== undefined) {
    if (tool === undefined) {
      if (unknown === "strict") return { allowed: false, reason: policy.approved.length === 0 ? "no AI tool is allowed" : "tool unknown" };
    } else if (!(policy.approved as readonly string[]).includes(tool)) {
      return { allowed: false, reason: `${tool} is not allowed` };
    }
  }
  const lists = [policy.models, tool === undefined ? undefined : policy.toolModels?.[tool as Tool]].filter((list) => list !== undefined);
  for (const list of lists) {
    if (model === undefined) {
      if (unknown === "strict") return { allowed: false, reason: "model unknown" };
      continue;
    }
    if (!matchesAny(list, model)) return { allowed: false, reason: `${model} is not allowed` };
  }
  return { allowed: true };
}

/** Whether the policy restricts anything at all. */
export function restricts(policy: ToolsPolicy): boolean {
  return policy.approved !== undefined || policy.models !== undefined || Object.keys(policy.toolModels ?? {}).length > 0;
}

const GLOB_CHARS = /[*?[\]{}()!+@\\]/;

/**
 * Whether every name `inner` matches is also matched by one of `outer` (both provider/model globs).
 * Exact only for the shapes policies use (a literal name, a literal prefix followed by one `*`); any
 * other pattern must appear verbatim in `outer`. So a `true` is always right, and a repository that
 * writes an unusual pattern is asked to write one whose narrowing can be shown.
 */
export function patternWithin(inner: string, outer: readonly string[]): boolean {
  if (outer.includes(inner)) return true;
  if (!GLOB_CHARS.test(inner)) return matchesAny(outer, inner);
  const innerPrefix = trailingStarPrefix(inner);
  if (innerPrefix === undefined) return false;
  return outer.some((pattern) => {
    const outerPrefix = trailingStarPrefix(pattern);
    // `*` never crosses a `/`, so the part the outer star must cover may not contain one.
    if (outerPrefix === undefined || !innerPrefix.startsWith(outerPrefix)) return false;
    const covered = innerPrefix.slice(outerPrefix.length);
    // A star at the start of a segment does not match a leading dot.
    const startsSegment = outerPrefix === "" || outerPrefix.endsWith("/");
    return !covered.includes("/") && !(startsSegment && covered.startsWith("."));
  });
}

/** `anthropic/claude-` for `anthropic/claude-*`; undefined for any other shape. */
function trailingStarPrefix(pattern: string): string | undefined {
  if (!pattern.endsWith("*")) return undefined;
  const prefix = pattern.slice(0, -1);
  return GLOB_CHARS.test(prefix) ? undefined : prefix;
}
