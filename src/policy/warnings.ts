// Things a policy may legally say but probably does not mean: reviewers who cannot sign, groups nobody
// can satisfy, rules that fire on every change, model patterns that match no model. `policy validate`
// shows them with their file and line and still exits 0.

import { evaluateCondition } from "./cel.js";
import type { CelContext } from "./cel.js";
import { DATA_CLASSES } from "./classification.js";
import { enabledBuiltinRules } from "./defaults.js";
import { sortIssues } from "./document.js";
import type { FieldPath, LocatedIssue, PolicyDocument } from "./document.js";
import type { Policy, PolicyRule } from "./schema.js";
import { CONTEXT_SHAPE, emptyValue } from "./shape.js";

const EVERY_CHANGE: Record<PolicyRule["then"], (group: string) => string> = {
  pass: () => "",
  review: (group) => `every change needs a review by ${group}`,
  escalate: (group) => `every change is escalated to ${group}`,
  block: () => "every change is blocked",
};

/** Warnings for the effective policy, located in the files it was read from (outermost first). */
export function policyWarnings(policy: Policy, documents: readonly PolicyDocument[]): LocatedIssue[] {
  const warnings = documents.flatMap(documentWarnings);
  warnings.push(...groupWarnings(policy, documents), ...classificationWarnings(policy, documents));
  return sortIssues(warnings);
}

function documentWarnings(document: PolicyDocument): LocatedIssue[] {
  const { file } = document;
  const warnings: LocatedIssue[] = [];
  const warn = (path: FieldPath, message: string) => warnings.push(document.issue(path, message));
  for (const [name, group] of Object.entries(file.groups ?? {})) {
    const keyless = group.members.filter((member) => typeof member === "string" || (member.keys ?? []).length === 0);
    if (keyless.length === 0) continue;
    const names = keyless.map((member) => (typeof member === "string" ? member : member.id)).join(", ");
    warn(["groups", name, "members"], `${keyless.length} of ${group.members.length} member(s) have no keys (${names}), so no approval of theirs can count; give each \`keys: [ssh-ed25519 …]\``);
  }
  modelPatterns(document).forEach(({ pattern, path }) => {
    if (!pattern.includes("/") && !pattern.includes("**")) {
      warn(path, `"${pattern}" has no "/", so it matches no provider/model name; write e.g. "anthropic/${pattern}"`);
    }
  });
  if (file.tools?.approved?.length === 0) warn(["tools", "approved"], "no AI tool is approved, so every change with AI-written lines is blocked");
  (file.rules ?? []).forEach((rule, index) => {
    if ((rule.then === "block" || rule.then === "pass") && (rule.group !== undefined || rule.count !== undefined)) {
      warn(["rules", index, rule.group !== undefined ? "group" : "count"], `ignored: only review and escalate rules ask for approvals, and this rule says ${rule.then}`);
    }
    const empty = evaluateCondition(rule.if, emptyValue(CONTEXT_SHAPE) as CelContext);
    if (empty.ok && empty.value && rule.then !== "pass") {
      const group = rule.group ?? (rule.then === "escalate" ? "security" : "senior");
      warn(["rules", index, "if"], `true even for an empty change (no files, no findings), so ${EVERY_CHANGE[rule.then](group)}`);
    }
  });
  (file.defaults?.disable ?? []).forEach((name, index) => {
    if (name === "unapproved-tool" && file.tools?.approved !== undefined) warn(["defaults", "disable", index], "tools.approved has no effect while unapproved-tool is off");
    if (name === "unapproved-model" && file.tools?.models !== undefined) warn(["defaults", "disable", index], "tools.models has no effect while unapproved-model is off");
  });
  return warnings;
}

function modelPatterns(document: PolicyDocument): { pattern: string; path: FieldPath }[] {
  const { file } = document;
  const found: { pattern: string; path: FieldPath }[] = [];
  const collect = (patterns: readonly string[] | undefined, at: FieldPath) => {
    patterns?.forEach((pattern, index) => found.push({ pattern, path: [...at, index] }));
  };
  const collectTools = (entries: readonly (string | { models?: string[] })[] | undefined, at: FieldPath) => {
    entries?.forEach((entry, index) => {
      if (typeof entry !== "string") collect(entry.models, [...at, index, "models"]);
    });
  };
  collect(file.tools?.models, ["tools", "models"]);
  collectTools(file.tools?.approved, ["tools", "approved"]);
  for (const dataClass of DATA_CLASSES) {
    const allowance = file.classification?.classes?.[dataClass];
    collect(allowance?.models ?? undefined, ["classification", "classes", dataClass, "models"]);
    collectTools(allowance?.tools ?? undefined, ["classification", "classes", dataClass, "tools"]);
  }
  return found;
}

/** Where a rule is written: its file and index. */
function ruleAt(rule: PolicyRule, documents: readonly PolicyDocument[]): { document: PolicyDocument; index: number } | undefined {
  for (const document of documents) {
    if (rule.source !== undefined && document.source !== rule.source) continue;
    const index = (document.file.rules ?? []).findIndex((candidate) => candidate.name === rule.name);
    if (index >= 0) return { document, index };
  }
  return undefined;
}

function groupWarnings(policy: Policy, documents: readonly PolicyDocument[]): LocatedIssue[] {
  const own = documents.at(-1);
  if (own === undefined) return [];
  const warnings: LocatedIssue[] = [];
  const asking = new Map<string, string[]>();
  for (const rule of [...enabledBuiltinRules(policy), ...policy.rules]) {
    if (rule.then !== "review" && rule.then !== "escalate") continue;
    const group = rule.group ?? (rule.then === "escalate" ? "security" : "senior");
    asking.set(group, [...(asking.get(group) ?? []), rule.name]);
    const members = policy.groups[group]?.members.length ?? 0;
    const at = ruleAt(rule, documents);
    if (members > 0 && (rule.count ?? 1) > members && at !== undefined) {
      warnings.push(at.document.issue(["rules", at.index, "count"], `asks for ${rule.count ?? 1} approvals, but group ${group} has ${members} member(s), so it can never be satisfied`));
    }
  }
  for (const [group, rules] of [...asking.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if ((policy.groups[group]?.members.length ?? 0) > 0) continue;
    const definedIn = documents.find((document) => document.file.groups?.[group] !== undefined) ?? own;
    const path = definedIn.file.groups?.[group] !== undefined ? ["groups", group] : definedIn.file.groups ? ["groups"] : [];
    warnings.push(definedIn.issue(path, `group ${group} has no members, so nobody can approve what ${rules.join(", ")} ${rules.length === 1 ? "asks" : "ask"} it for; list them under groups.${group}.members`));
  }
  return warnings;
}

function classificationWarnings(policy: Policy, documents: readonly PolicyDocument[]): LocatedIssue[] {
  const { classification } = policy;
  const confidentialUsed = classification.default === "confidential" || classification.paths.confidential.length > 0;
  if (!confidentialUsed || classification.allow.confidential.models !== undefined) return [];
  const document = [...documents].reverse().find((candidate) => candidate.file.classification) ?? documents.at(-1);
  if (document === undefined) return [];
  return [
    document.issue(
      ["classification"],
      "confidential paths allow every approved model; control DP-001 expects enterprise endpoints only, so list their models under classification.classes.confidential.models",
    ),
  ];
}
