// The decide stage: every built-in rule the policy leaves on, then the policy's own rules, each
// evaluated on the change; the outcome is the strictest outcome among the rules that fired.

import { maxOutcome } from "../core/types.js";
import type { Decision, Outcome, Reason, RequiredApproval } from "../core/types.js";
import { evaluateCondition, evaluateEvidence } from "./cel.js";
import { toCelContext } from "./context.js";
import type { PolicyContext } from "./context.js";
import { enabledBuiltinRules } from "./defaults.js";
import { deriveFacts } from "./facts.js";
import type { DecideInput } from "./facts.js";
import { policyDigest } from "./loader.js";
import { scoreRisk } from "./risk.js";
import { NO_RULE_FIRED } from "./schema.js";
import type { Policy, PolicyRule } from "./schema.js";

export type { DecideInput } from "./facts.js";

export const MAX_EVIDENCE_ITEMS = 20;
const MAX_EVIDENCE_LENGTH = 300;

interface FiredRule {
  rule: PolicyRule;
  reason: Reason;
}

export function decide(policy: Policy, input: DecideInput): Decision {
  const facts = deriveFacts(policy, input);
  const risk = scoreRisk(facts);
  const context = toCelContext(facts, risk);
  const fired = [...enabledBuiltinRules(policy), ...policy.rules].flatMap((rule) => {
    const result = evaluateRule(rule, context);
    return result === undefined ? [] : [result];
  });
  const reasons = fired.map((entry) => entry.reason);
  return {
    outcome: reasons.reduce<Outcome>((outcome, reason) => maxOutcome(outcome, reason.outcome), "pass"),
    reasons: reasons.length > 0 ? reasons : [noRuleFired()],
    requiredApprovals: requiredApprovals(fired),
    riskScore: risk.score,
    riskFactors: risk.factors,
    policyDigest: policyDigest(policy),
    changeId: input.change.id,
  };
}

function evaluateRule(rule: PolicyRule, context: PolicyContext): FiredRule | undefined {
  const condition = evaluateCondition(rule.if, context);
  // A rule that cannot be evaluated blocks: a broken rule must not let a change through unseen.
  if (!condition.ok) {
    return {
      rule: { ...rule, then: "block" },
      reason: {
        ruleName: rule.name,
        outcome: "block",
        explanation: `The rule could not be evaluated (${condition.error}), so it blocks the change; fix its \`if\` expression.`,
        evidence: [`if: ${rule.if}`],
      },
    };
  }
  if (!condition.value) return undefined;
  return { rule, reason: { ruleName: rule.name, outcome: rule.then, explanation: rule.explain, evidence: evidenceFor(rule, context) } };
}

function evidenceFor(rule: PolicyRule, context: PolicyContext): string[] {
  if (rule.evidence === undefined) return [];
  const result = evaluateEvidence(rule.evidence, context);
  if (!result.ok) return [`evidence unavailable: ${result.error}`];
  const items = result.value.map((item) => (item.length <= MAX_EVIDENCE_LENGTH ? item : `${item.slice(0, MAX_EVIDENCE_LENGTH - 1)}…`));
  if (items.length <= MAX_EVIDENCE_ITEMS) return items;
  const shown = items.slice(0, MAX_EVIDENCE_ITEMS - 1);
  return [...shown, `… and ${items.length - shown.length} more`];
}

function noRuleFired(): Reason {
  return {
    ruleName: NO_RULE_FIRED,
    outcome: "pass",
    explanation: "No built-in or policy rule matched this change, so it passes without review.",
    evidence: [],
  };
}

/** One entry per group, asking for the largest count any review or escalation rule requires. */
function requiredApprovals(fired: FiredRule[]): RequiredApproval[] {
  const counts = new Map<string, number>();
  for (const { rule, reason } of fired) {
    if (reason.outcome !== "review" && reason.outcome !== "escalate") continue;
    const group = rule.group ?? (reason.outcome === "escalate" ? "security" : "senior");
    counts.set(group, Math.max(counts.get(group) ?? 0, rule.count ?? 1));
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, count]) => ({ group, count, satisfiedBy: [] }));
}
