// The built-in rules: ordinary named CEL rules, so `custody policy simulate` can show them, a policy can
// disable them by name, and they are checked by the same code as user rules. Each explanation says why
// the rule exists and what satisfies it.

import { AGENT_CONFIG_GLOBS } from "../analyzers/agent-config/paths.js";
import { restrictedClasses } from "./classification.js";
import type { Policy, PolicyRule } from "./schema.js";

export const BUILTIN_RULE_NAMES = [
  "critical-finding",
  "secret-detected",
  "critical-vulnerability",
  "high-severity-finding",
  "ai-in-critical-path",
  "ai-auth-change",
  "unapproved-tool",
  "unapproved-model",
  "classification-violation",
  "agent-config-change",
  "risky-dependency",
] as const;
export type BuiltinRuleName = (typeof BUILTIN_RULE_NAMES)[number];

export type BuiltinRule = PolicyRule & { name: BuiltinRuleName };

const FINDING_EVIDENCE = "f.ruleId + ' at ' + f.path + ':' + string(f.line)";
const AUTH_WORDS = ["auth", "login", "session", "passwd", "password"] as const;
// `oauth` and `authorization` contain `auth`; `passw(or)?d` covers both spellings of password.
const AUTH_PATH = "f.path.matches('(?i)(auth|login|session|passw(or)?d|oauth)')";

/** Globs matching what AUTH_PATH matches: a path with one of the words anywhere, in any letter case. */
export const AUTH_GLOBS: readonly string[] = AUTH_WORDS.flatMap((word) => {
  const anyCase = word.replace(/[a-z]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);
  return [`**/*${anyCase}*`, `**/*${anyCase}*/**`];
});

/** The rules, without the paths that depend on the policy (see `builtinRules`). */
export const BUILTIN_RULES: readonly BuiltinRule[] = [
  {
    name: "critical-finding",
    if: "findings.exists(f, f.severity == 'critical')",
    then: "block",
    explain:
      "A critical security finding blocks the change: fix it, or accept it in the code with a `custody-ignore` comment giving the reason, or in the policy's allow list.",
    evidence: `findings.filter(f, f.severity == 'critical').map(f, ${FINDING_EVIDENCE})`,
  },
  {
    name: "secret-detected",
    if: "findings.exists(f, f.analyzer == 'secrets')",
    then: "escalate",
    group: "security",
    count: 1,
    explain:
      "A secret appears in the change; anyone who can read the repository can use it. The security group approves once the secret is revoked and removed from the history.",
    evidence: `findings.filter(f, f.analyzer == 'secrets').map(f, ${FINDING_EVIDENCE})`,
  },
  {
    name: "critical-vulnerability",
    if: "deps.vulnerable.exists(v, v.severity == 'critical')",
    then: "escalate",
    group: "security",
    count: 1,
    explain:
      "The change brings in a dependency version with a published critical vulnerability. The security group approves once it is upgraded to a fixed version, or confirms the vulnerable code cannot be reached.",
    evidence: "deps.vulnerable.filter(v, v.severity == 'critical').map(v, v.package + ' (' + v.advisory + ')')",
  },
  {
    name: "high-severity-finding",
    if: "findings.exists(f, f.severity == 'high')",
    then: "review",
    group: "security",
    count: 1,
    explain: "A high-severity finding needs a security reviewer, who approves once it is fixed or the risk is accepted.",
    evidence: `findings.filter(f, f.severity == 'high').map(f, ${FINDING_EVIDENCE})`,
  },
  {
    name: "ai-in-critical-path",
    if: "ai.criticalLines > 0",
    then: "review",
    group: "senior",
    count: 1,
    explain:
      "AI-written lines in a critical path (authentication, cryptography, payments, infrastructure) are where an assistant's mistakes cost most; a senior engineer reviews and approves them.",
    evidence: "change.files.filter(f, f.risk == 'critical' && f.aiLines > 0).map(f, f.path + ' (' + string(f.aiLines) + ' AI lines)')",
  },
  {
    name: "ai-auth-change",
    if: `change.files.exists(f, f.aiLines > 0 && ${AUTH_PATH})`,
    then: "review",
    group: "security",
    count: 1,
    explain:
      "AI-written lines touch authentication, login, session or password code, where assistants often get authorization wrong; the security group reviews and approves them.",
    evidence: `change.files.filter(f, f.aiLines > 0 && ${AUTH_PATH}).map(f, f.path + ' (' + string(f.aiLines) + ' AI lines)')`,
  },
  {
    name: "unapproved-tool",
    if: "size(ai.unapprovedTools) > 0",
    then: "block",
    explain:
      "The change contains code from an AI tool that is not on the policy's approved list (tools.approved, control TM-002); rewrite that code with an approved tool or by hand, or have the tool approved.",
    evidence: "ai.unapprovedTools",
  },
  {
    name: "unapproved-model",
    if: "size(ai.unapprovedModels) > 0",
    then: "block",
    explain:
      "The change contains code from an AI model that the policy's model patterns do not allow (tools.models, or the tool's own models); rewrite that code with an allowed model or by hand.",
    evidence: "ai.unapprovedModels",
  },
  {
    name: "classification-violation",
    if: "size(ai.classViolations) > 0",
    then: "block",
    explain:
      "AI-written lines are in files whose data class does not allow the tool or model that wrote them (classification, control DP-001): the code was shared with a service that may not see it. Rewrite those lines by hand or with a tool the class allows.",
    evidence:
      "ai.classViolations.map(v, v.path + ' (' + v.dataClass + '): ' + (v.tool == '' ? 'unknown tool' : v.tool) + (v.model == '' ? '' : ' / ' + v.model))",
  },
  {
    name: "agent-config-change",
    if: "change.files.exists(f, f.agentConfig)",
    then: "review",
    group: "security",
    count: 1,
    explain:
      "Files that steer AI agents changed; they can carry prompt injection or widen agent permissions (control SEC-002), so the security group reviews and approves them.",
    evidence: "change.files.filter(f, f.agentConfig).map(f, f.path + ' (' + f.status + ')')",
  },
  {
    name: "risky-dependency",
    if: "size(deps.malicious) + size(deps.hallucinated) + size(deps.typosquat) > 0",
    then: "escalate",
    group: "security",
    count: 1,
    explain:
      "The change adds a package that is known to be malicious, does not exist on its registry (a probable hallucination an attacker can register), or imitates a popular name; the security group approves once the package is replaced or confirmed.",
    evidence: "deps.malicious + deps.hallucinated + deps.typosquat",
  },
];

/**
 * The paths each built-in is about, where a change to other paths cannot make it fire. The rules on
 * findings and dependencies have none: a finding can be in any file, and a new advisory can appear
 * without any file changing. Nor do the tool rules: AI-written code anywhere counts.
 */
const BUILTIN_PATHS: Partial<Record<BuiltinRuleName, (policy: Policy) => string[] | undefined>> = {
  "ai-in-critical-path": (policy) => nonEmpty(policy.paths.critical),
  "ai-auth-change": () => [...AUTH_GLOBS],
  "agent-config-change": () => [...AGENT_CONFIG_GLOBS],
  "classification-violation": (policy) => {
    const { classification } = policy;
    const restricted = restrictedClasses(classification);
    // When the repository's own class is restricted, every path is.
    if (restricted.includes(classification.default)) return undefined;
    return nonEmpty(restricted.flatMap((dataClass) => classification.paths[dataClass]));
  },
};

function nonEmpty(globs: readonly string[]): string[] | undefined {
  return globs.length > 0 ? [...new Set(globs)] : undefined;
}

export function isBuiltinRuleName(name: string): name is BuiltinRuleName {
  return (BUILTIN_RULE_NAMES as readonly string[]).includes(name);
}

/** Every built-in rule as this policy sees it: with the paths its classes give it. */
export function builtinRules(policy: Policy): BuiltinRule[] {
  return BUILTIN_RULES.map((rule) => {
    const paths = BUILTIN_PATHS[rule.name]?.(policy);
    return paths === undefined ? { ...rule } : { ...rule, paths };
  });
}

/** The built-in rules the policy leaves on, in their fixed order. */
export function enabledBuiltinRules(policy: Policy): BuiltinRule[] {
  const disabled = new Set<string>(policy.defaults.disable);
  return builtinRules(policy).filter((rule) => !disabled.has(rule.name));
}
