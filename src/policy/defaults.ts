// The built-in rules: ordinary named CEL rules, so `custody policy simulate` can show them, a policy can
// disable them by name, and they are checked by the same code as user rules.

import type { Policy, PolicyRule } from "./schema.js";

export const BUILTIN_RULE_NAMES = [
  "critical-finding",
  "secret-detected",
  "high-severity-finding",
  "ai-in-critical-path",
  "ai-auth-change",
  "unapproved-tool",
  "unapproved-model",
  "agent-config-change",
  "risky-dependency",
] as const;
export type BuiltinRuleName = (typeof BUILTIN_RULE_NAMES)[number];

export type BuiltinRule = PolicyRule & { name: BuiltinRuleName };

const FINDING_EVIDENCE = "f.ruleId + ' at ' + f.path + ':' + string(f.line)";
const AUTH_PATH = "f.path.matches('(?i)(auth|login|session|passw(or)?d|oauth)')";

export const BUILTIN_RULES: readonly BuiltinRule[] = [
  {
    name: "critical-finding",
    if: "findings.exists(f, f.severity == 'critical')",
    then: "block",
    explain: "A critical security finding blocks the change until it is fixed or suppressed with a justification.",
    evidence: `findings.filter(f, f.severity == 'critical').map(f, ${FINDING_EVIDENCE})`,
  },
  {
    name: "secret-detected",
    if: "findings.exists(f, f.analyzer == 'secrets')",
    then: "escalate",
    group: "security",
    count: 1,
    explain: "A secret appears in the change; the security group must confirm it is revoked and removed from history.",
    evidence: `findings.filter(f, f.analyzer == 'secrets').map(f, ${FINDING_EVIDENCE})`,
  },
  {
    name: "high-severity-finding",
    if: "findings.exists(f, f.severity == 'high')",
    then: "review",
    group: "security",
    count: 1,
    explain: "A high-severity finding needs a security reviewer to confirm the fix or accept the risk.",
    evidence: `findings.filter(f, f.severity == 'high').map(f, ${FINDING_EVIDENCE})`,
  },
  {
    name: "ai-in-critical-path",
    if: "ai.criticalLines > 0",
    then: "review",
    group: "senior",
    count: 1,
    explain: "AI-written lines in a critical path need a senior engineer's review.",
    evidence: "change.files.filter(f, f.risk == 'critical' && f.aiLines > 0).map(f, f.path + ' (' + string(f.aiLines) + ' AI lines)')",
  },
  {
    name: "ai-auth-change",
    if: `change.files.exists(f, f.aiLines > 0 && ${AUTH_PATH})`,
    then: "review",
    group: "security",
    count: 1,
    explain: "AI-written lines touch authentication or session code, which the security group reviews.",
    evidence: `change.files.filter(f, f.aiLines > 0 && ${AUTH_PATH}).map(f, f.path + ' (' + string(f.aiLines) + ' AI lines)')`,
  },
  {
    name: "unapproved-tool",
    if: "size(ai.unapprovedTools) > 0",
    then: "block",
    explain: "The change contains code from an AI tool that is not on the policy's approved list (tools.approved).",
    evidence: "ai.unapprovedTools",
  },
  {
    name: "unapproved-model",
    if: "size(ai.unapprovedModels) > 0",
    then: "block",
    explain: "The change contains code from an AI model that matches none of the policy's model patterns (tools.models).",
    evidence: "ai.unapprovedModels",
  },
  {
    name: "agent-config-change",
    if: "change.files.exists(f, f.agentConfig)",
    then: "review",
    group: "security",
    count: 1,
    explain:
      "Files that steer AI agents changed; they can carry prompt injection or widen agent permissions, so they need security review (control SEC-002, prompt injection prevention).",
    evidence: "change.files.filter(f, f.agentConfig).map(f, f.path + ' (' + f.status + ')')",
  },
  {
    name: "risky-dependency",
    if: "size(deps.malicious) + size(deps.hallucinated) + size(deps.typosquat) > 0",
    then: "escalate",
    group: "security",
    count: 1,
    explain:
      "The change adds a package that is known to be malicious, does not exist on its registry (a probable hallucination an attacker can register), or imitates a popular name; the security group must confirm it.",
    evidence: "deps.malicious + deps.hallucinated + deps.typosquat",
  },
];

export function isBuiltinRuleName(name: string): name is BuiltinRuleName {
  return (BUILTIN_RULE_NAMES as readonly string[]).includes(name);
}

/** The built-in rules the policy leaves on, in their fixed order. */
export function enabledBuiltinRules(policy: Policy): BuiltinRule[] {
  const disabled = new Set<string>(policy.defaults.disable);
  return BUILTIN_RULES.filter((rule) => !disabled.has(rule.name));
}
