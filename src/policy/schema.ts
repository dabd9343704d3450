// The policy file (`.custody/policy.yaml`) as a strict zod schema, the effective `Policy` it becomes,
// and the checks that need the whole document (unique names, group references).

import { z } from "zod";
import { OUTCOMES, TOOLS } from "../core/types.js";
import type { Outcome, Tool } from "../core/types.js";
import { checkExpression } from "./cel.js";
import type { ExpressionKind } from "./cel.js";
import { BUILTIN_RULE_NAMES, isBuiltinRuleName } from "./defaults.js";
import type { BuiltinRuleName } from "./defaults.js";
import { compileUserRegex } from "../core/safe-regex.js";
import { PrivacySchema } from "./schema-privacy.js";

export const BUILTIN_GROUPS = ["security", "senior"] as const;
/** The reason name used when nothing fired; a rule may not take it. */
export const NO_RULE_FIRED = "no-rule-fired";
export const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface PolicyRule {
  name: string;
  if: string;
  then: Outcome;
  /** Set for review and escalate: whose approval is required. */
  group?: string;
  /** Set for review and escalate: how many distinct approvals. */
  count?: number;
  explain: string;
  evidence?: string;
}

export interface Policy {
  version: 1;
  /** Absent: every tool and model is allowed. */
  tools?: { approved?: Tool[]; models?: string[] };
  paths: { critical: string[]; high: string[]; low: string[] };
  groups: Record<string, { members: string[] }>;
  defaults: { disable: BuiltinRuleName[] };
  rules: PolicyRule[];
  /** Whether agent hooks keep the redacted text of prompts locally (never in git); default false. */
  privacy: { storePrompts: boolean };
  /** Findings accepted by path, rule and regex; every condition an entry gives must hold. */
  allow: AllowEntry[];
}

export interface AllowEntry {
  reason: string;
  /** Globs over repository paths. */
  paths?: string[];
  /** Globs over rule ids, e.g. `secrets/*`. */
  rules?: string[];
  /** RE2 syntax, searched in the text the finding points at. */
  regex?: string;
}

/** One problem, located by its path in the document; the loader turns the path into a line. */
export interface PolicyIssue {
  path: (string | number)[];
  message: string;
  /** For CEL problems: the character offset inside the expression. */
  celOffset?: number;
  /** Point at the key rather than its value (unknown keys). */
  atKey?: boolean;
}

function expression(kind: ExpressionKind) {
  return z.string().superRefine((source, context) => {
    if (source.trim() === "") {
      context.addIssue({ code: "custom", message: "must not be empty" });
      return;
    }
    const problem = checkExpression(source, kind);
    if (problem === undefined) return;
    const params = problem.offset === undefined ? {} : { celOffset: problem.offset };
    context.addIssue({ code: "custom", message: problem.message, params });
  });
}

const Patterns = z.array(z.string().min(1));

export const ToolsSchema = z.strictObject({ approved: z.array(z.enum(TOOLS)).optional(), models: Patterns.optional() });
export const PathsSchema = z.strictObject({ critical: Patterns.optional(), high: Patterns.optional(), low: Patterns.optional() });
export const GroupSchema = z.strictObject({ members: z.array(z.string().min(1)) });
export const DefaultsSchema = z.strictObject({ disable: z.array(z.enum(BUILTIN_RULE_NAMES)).optional() });
export const RuleSchema = z.strictObject({
  name: z.string().regex(KEBAB_CASE),
  if: expression("condition"),
  then: z.enum(OUTCOMES),
  group: z.string().min(1).optional(),
  count: z.number().int().min(1).optional(),
  explain: z.string().min(1).optional(),
  evidence: expression("evidence").optional(),
});
export const AllowSchema = z
  .strictObject({
    reason: z.string().trim().min(1, "give the reason these findings are acceptable"),
    paths: Patterns.optional(),
    rules: Patterns.optional(),
    regex: z
      .string()
      .min(1)
      .superRefine((source, context) => {
        try {
          compileUserRegex(source, "regex");
        } catch (error) {
          context.addIssue({ code: "custom", message: error instanceof Error ? error.message.replace(/^regex: /, "") : String(error) });
        }
      })
      .optional(),
  })
  .refine((entry) => entry.paths !== undefined || entry.rules !== undefined || entry.regex !== undefined, {
    message: "an allow entry needs at least one of paths, rules or regex; an entry with none would accept every finding",
  });

// Sections accept `null` because `rules:` with nothing under it is a common way to write "none".
export const PolicyFileSchema = z.strictObject({
  version: z.literal(1),
  tools: ToolsSchema.nullish(),
  paths: PathsSchema.nullish(),
  groups: z.record(z.string().min(1), GroupSchema).nullish(),
  defaults: DefaultsSchema.nullish(),
  rules: z.array(RuleSchema).nullish(),
  privacy: PrivacySchema.nullish(),
  allow: z.array(AllowSchema).nullish(),
});
export type PolicyFile = z.output<typeof PolicyFileSchema>;

/** Path classes used when the file has no `paths` section. */
export const DEFAULT_PATHS: Policy["paths"] = {
  critical: ["**/auth/**", "**/crypto/**", "**/payments/**", "infra/**", "**/*.tf", ".github/workflows/**"],
  high: ["**/migrations/**", "**/Dockerfile", "**/*.sql"],
  low: ["docs/**", "**/*.md", "**/*.test.*", "**/*.spec.*", "**/test/**", "**/tests/**", "**/__tests__/**"],
};

/** The effective policy: what each absent field means, written out. */
export function toPolicy(file: PolicyFile): Policy {
  const policy: Policy = {
    version: 1,
    paths: file.paths
      ? { critical: file.paths.critical ?? [], high: file.paths.high ?? [], low: file.paths.low ?? [] }
      : structuredClone(DEFAULT_PATHS),
    groups: Object.fromEntries(Object.entries(file.groups ?? {}).map(([name, group]) => [name, { members: group.members }])),
    defaults: { disable: file.defaults?.disable ?? [] },
    rules: (file.rules ?? []).map(toRule),
    privacy: { storePrompts: file.privacy?.storePrompts ?? false },
    allow: (file.allow ?? []).map((entry) => ({ ...entry })),
  };
  if (file.tools) {
    policy.tools = {};
    if (file.tools.approved) policy.tools.approved = file.tools.approved;
    if (file.tools.models) policy.tools.models = file.tools.models;
  }
  return policy;
}

function toRule(rule: NonNullable<PolicyFile["rules"]>[number]): PolicyRule {
  const result: PolicyRule = {
    name: rule.name,
    if: rule.if,
    then: rule.then,
    explain: rule.explain ?? `Policy rule ${rule.name} matched: ${rule.if}`,
  };
  // Approvals only mean something for review and escalate; escalation goes to security unless told.
  if (rule.then === "review" || rule.then === "escalate") {
    result.group = rule.group ?? (rule.then === "escalate" ? "security" : "senior");
    result.count = rule.count ?? 1;
  }
  if (rule.evidence !== undefined) result.evidence = rule.evidence;
  return result;
}

/** Checks that need the whole document. Works on unvalidated data so they report alongside schema errors. */
export function crossReferenceIssues(raw: unknown): PolicyIssue[] {
  if (!isRecord(raw) || !Array.isArray(raw.rules)) return [];
  const groups = isRecord(raw.groups) ? Object.keys(raw.groups) : [];
  const known = [...new Set<string>([...BUILTIN_GROUPS, ...groups])].sort();
  const seen = new Map<string, number>();
  const issues: PolicyIssue[] = [];
  raw.rules.forEach((rule: unknown, index) => {
    if (!isRecord(rule)) return;
    const { name, group } = rule;
    if (typeof name === "string") {
      const first = seen.get(name);
      if (first !== undefined) {
        issues.push({ path: ["rules", index, "name"], message: `"${name}" is already the name of rules[${first}]; give each rule a unique name` });
      } else {
        seen.set(name, index);
      }
      if (isBuiltinRuleName(name) || name === NO_RULE_FIRED) {
        issues.push({
          path: ["rules", index, "name"],
          message: `"${name}" is the name of a built-in rule; choose another name (to turn the built-in off, list it under defaults.disable)`,
        });
      }
    }
    if (typeof group === "string" && !known.includes(group)) {
      issues.push({
        path: ["rules", index, "group"],
        message: `group "${group}" is not defined; define it under groups: or use one of ${known.join(", ")}`,
      });
    }
  });
  return issues;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
