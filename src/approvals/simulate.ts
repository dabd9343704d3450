// What would satisfy a decision: for each required group, how many approvals and who may give them
// (members minus the change's authors and bots; members without a usable key cannot sign yet).
import type { Decision } from "../core/types.js";
import type { Policy } from "../policy/schema.js";
import { approvalSettings } from "../policy/schema-approvals.js";
import { requirementRules } from "./evaluate.js";
import { changeAuthors } from "./identity.js";
import { groupMembers, memberDirectory, type Member } from "./members.js";
import { personProblem } from "./verify.js";
import type { EvaluatedChange } from "./evaluate.js";

export interface Eligibility {
  /** Members who can give a counting approval. */
  eligible: string[];
  /** Members who could, but the policy lists no usable key for them. */
  withoutKey: string[];
  /** Members who never count for this change, with why. */
  ineligible: { id: string; reason: string }[];
}

export interface RequirementPlan extends Eligibility {
  group: string;
  count: number;
  rules: string[];
  /** Set when fewer eligible people exist than the requirement needs. */
  unreachable?: string;
}

export interface SatisfactionPlan {
  requirements: RequirementPlan[];
  /** Who may sign an override, for a blocked or stuck change. */
  override: Eligibility & { group: string };
}

export function eligibility(members: readonly Member[], change: EvaluatedChange, bots: readonly string[]): Eligibility {
  const authors = changeAuthors(change);
  const result: Eligibility = { eligible: [], withoutKey: [], ineligible: [] };
  for (const member of members) {
    const problem = personProblem(member, member.id, { authors, bots });
    if (problem !== undefined) result.ineligible.push({ id: member.id, reason: problem });
    else if (member.keys.length === 0) result.withoutKey.push(member.id);
    else result.eligible.push(member.id);
  }
  return result;
}

export function satisfactionPlan(policy: Policy, decision: Decision, change: EvaluatedChange): SatisfactionPlan {
  const settings = approvalSettings(policy);
  const directory = memberDirectory(policy);
  const rules = requirementRules(policy, decision);
  const requirements = decision.requiredApprovals.map((req): RequirementPlan => {
    const plan: RequirementPlan = {
      group: req.group,
      count: req.count,
      rules: (rules.get(req.group) ?? []).map((r) => r.name),
      ...eligibility(groupMembers(directory, req.group), change, settings.bots),
    };
    if (plan.eligible.length < req.count) {
      plan.unreachable = `group ${req.group} has ${plan.eligible.length} eligible member(s) with a key, fewer than the ${req.count} required; add members or keys to the policy`;
    }
    return plan;
  });
  return {
    requirements,
    override: { group: settings.overrideGroup, ...eligibility(groupMembers(directory, settings.overrideGroup), change, settings.bots) },
  };
}
