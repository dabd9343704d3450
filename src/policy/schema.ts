// The policy file (`.custody/policy.yaml`) as a strict zod schema, the effective `Policy` one file
// becomes, and the checks that need the whole document (unique names, group references). Merging a file
// with the policies it extends is merge.ts; tools and classification are schema-tools.ts.

import { z } from "zod";
import { parsePublicKey } from "../approvals/keys.js";
import { OUTCOMES } from "../core/types.js";
import type { Outcome } from "../core/types.js";
import { checkExpression } from "./cel.js";
import type { ExpressionKind } from "./cel.js";
import { BUILTIN_RULE_NAMES, isBuiltinRuleName } from "./defaults.js";
import type { BuiltinRuleName } from "./defaults.js";
import { compileUserRegex } from "../core/safe-regex.js";
import { PrivacySchema } from "./schema-privacy.js";
import { LicensesSchema, toLicensePolicy } from "./schema-licenses.js";
import type { LicensePolicy } from "./schema-licenses.js";
import { ApprovalsSchema, toApprovalSettings } from "./schema-approvals.js";
import type { ApprovalSettings } from "./schema-approvals.js";
import type { Classification } from "./classification.js";
import { PathGlobs } from "./globs.js";
import { ExtendsSchema } from "./schema-extends.js";
import { ClassificationSchema, ToolsSchema, toClassification, toTools } from "./schema-tools.js";
import type { ToolsPolicy } from "./tools.js";

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
  /** Globs of the paths the rule is about; absent: any path. Approvals use it to tell whether a push touches what was approved. */
  paths?: string[];
  /** The policy file that defines the rule (with `extends:`, an org file); not part of the digest. */
  source?: string;
}

export interface Policy {
  version: 1;
  /** Absent: every tool and model is allowed. */
  tools?: ToolsPolicy;
  /** The data class of each path and what each class allows. */
  classification: Classification;
  paths: { critical: string[]; high: string[]; low: string[] };
  groups: Record<string, { members: GroupMember[] }>;
  defaults: { disable: BuiltinRuleName[] };
  rules: PolicyRule[];
  /** Whether agent hooks keep the redacted text of prompts locally (never in git); default false. */
  privacy: { storePrompts: boolean };
  /** Findings accepted by path, rule and regex; every condition an entry gives must hold. */
  allow: AllowEntry[];
  /** `approvals:` settings (override group, extra bot identities); absent: the defaults. */
  approvals?: ApprovalSettings;
  /** `licenses:` (acceptable dependency licenses); absent: the license analyzer's defaults. */
  licenses?: LicensePolicy;
  /** The files the policy was read from, outermost `extends:` first and its own file last; not part of the digest. */
  sources?: string[];
}

/**
 * A reviewer. `id` is the identity approvals name (an email or a forge login); `keys` are the public
 * keys whose signatures count as this person's: OpenSSH `ssh-ed25519 AAAA…` lines or `ed25519:<base64
 * of the 32-byte key>`. A member without keys is known by name but cannot sign an approval that counts.
 */
export interface GroupMember {
  id: string;
  name?: string;
  email?: string;
  keys: string[];
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

export { ClassificationSchema, ToolsSchema } from "./schema-tools.js";
export const PathsSchema = z.strictObject({ critical: PathGlobs.optional(), high: PathGlobs.optional(), low: PathGlobs.optional() });
function checkPublicKey(text: string, context: z.RefinementCtx): void {
  const parsed = parsePublicKey(text);
  if (!parsed.ok) context.addIssue({ code: "custom", message: parsed.message });
}

export const MemberSchema = z.union([
  z.string().min(1),
  z.strictObject({
    id: z.string().min(1),
    name: z.string().min(1).optional(),
    email: z.string().min(1).optional(),
    // A key that does not parse would make every approval its owner signs silently not count.
    keys: z.array(z.string().min(1).superRefine(checkPublicKey)).optional(),
  }),
]);
export const GroupSchema = z.strictObject({ members: z.array(MemberSchema) });
export const DefaultsSchema = z.strictObject({ disable: z.array(z.enum(BUILTIN_RULE_NAMES)).optional() });
export const RuleSchema = z.strictObject({
  name: z.string().regex(KEBAB_CASE),
  if: expression("condition"),
  then: z.enum(OUTCOMES),
  group: z.string().min(1).optional(),
  count: z.number().int().min(1).optional(),
  explain: z.string().min(1).optional(),
  evidence: expression("evidence").optional(),
  paths: PathGlobs.min(1).optional(),
});
export const AllowSchema = z
  .strictObject({
    reason: z.string().trim().min(1, "give the reason these findings are acceptable"),
    paths: PathGlobs.optional(),
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
  extends: ExtendsSchema.nullish(),
  tools: ToolsSchema.nullish(),
  classification: ClassificationSchema.nullish(),
  paths: PathsSchema.nullish(),
  groups: z.record(z.string().min(1), GroupSchema).nullish(),
  defaults: DefaultsSchema.nullish(),
  rules: z.array(RuleSchema).nullish(),
  privacy: PrivacySchema.nullish(),
  allow: z.array(AllowSchema).nullish(),
  approvals: ApprovalsSchema.nullish(),
  licenses: LicensesSchema.nullish(),
});
export type PolicyFile = z.output<typeof PolicyFileSchema>;

/** Path classes used when the file has no `paths` section. */
export const DEFAULT_PATHS: Policy["paths"] = {
  critical: ["**/auth/**", "**/crypto/**", "**/payments/**", "infra/**", "**/*.tf", ".github/workflows/**"],
  high: ["**/migrations/**", "**/Dockerfile", "**/*.sql"],
  low: ["docs/**", "**/*.md", "**/*.test.*", "**/*.spec.*", "**/test/**", "**/tests/**", "**/__tests__/**"],
};

/** The effective policy of one file: what each absent field means, written out. */
export function toPolicy(file: PolicyFile, source?: string): Policy {
  const policy: Policy = {
    version: 1,
    classification: toClassification(file.classification),
    paths: file.paths
      ? { critical: file.paths.critical ?? [], high: file.paths.high ?? [], low: file.paths.low ?? [] }
      : structuredClone(DEFAULT_PATHS),
    groups: Object.fromEntries(Object.entries(file.groups ?? {}).map(([name, group]) => [name, { members: group.members.map(toMember) }])),
    defaults: { disable: file.defaults?.disable ?? [] },
    rules: (file.rules ?? []).map((rule) => toRule(rule, source)),
    privacy: { storePrompts: file.privacy?.storePrompts ?? false },
    allow: (file.allow ?? []).map((entry) => ({ ...entry })),
  };
  const approvals = toApprovalSettings(file.approvals);
  if (approvals) policy.approvals = approvals;
  if (file.licenses) policy.licenses = toLicensePolicy(file.licenses);
  const tools = toTools(file.tools);
  if (tools) policy.tools = tools;
  if (source !== undefined) policy.sources = [source];
  return policy;
}

function toMember(member: z.output<typeof MemberSchema>): GroupMember {
  if (typeof member === "string") return { id: member, keys: [] };
  const result: GroupMember = { id: member.id, keys: member.keys ?? [] };
  if (member.name !== undefined) result.name = member.name;
  if (member.email !== undefined) result.email = member.email;
  return result;
}

function toRule(rule: NonNullable<PolicyFile["rules"]>[number], source: string | undefined): PolicyRule {
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
  if (rule.paths !== undefined) result.paths = [...rule.paths];
  if (source !== undefined) result.source = source;
  return result;
}

/**
 * Checks that need the whole document. Works on unvalidated data so they report alongside schema errors.
 * `inheritedGroups` are the groups the policies it extends define.
 */
export function crossReferenceIssues(raw: unknown, inheritedGroups: readonly string[] = []): PolicyIssue[] {
  if (!isRecord(raw) || !Array.isArray(raw.rules)) return [];
  const groups = isRecord(raw.groups) ? Object.keys(raw.groups) : [];
  const known = [...new Set<string>([...BUILTIN_GROUPS, ...inheritedGroups, ...groups])].sort();
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
