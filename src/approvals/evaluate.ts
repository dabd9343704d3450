// Which distinct humans satisfy each approval a decision requires. Pure: the ledger's signed records,
// the policy at the change's base, and what changed since each approved tree come in; the decision
// comes back with every requirement filled in and every approval that did not count named with why.
import picomatch from "picomatch";
import type { ApprovalOverride, Change, Decision, IgnoredApproval, RequiredApproval } from "../core/types.js";
import { enabledBuiltinRules } from "../policy/defaults.js";
import type { Policy, PolicyRule } from "../policy/schema.js";
import { approvalSettings, type ApprovalSettings } from "../policy/schema-approvals.js";
import { readDelegations, type Delegations } from "./delegation.js";
import { changeAuthors } from "./identity.js";
import type { PublicKey } from "./keys.js";
import { allMemberKeys, findMember, memberDirectory, memberKey } from "./members.js";
import { concernsChange, type SignedRecord } from "./records.js";
import { personProblem, short, verifyApproval, type Claim } from "./verify.js";

export type EvaluatedChange = Pick<Change, "id" | "repo" | "base" | "head" | "headTree" | "author" | "commits">;

export interface EvaluationInput {
  decision: Decision;
  /** The policy at the change's base commit: its groups, keys, rules and approvals settings. */
  policy: Policy;
  change: EvaluatedChange;
  /** Signed records from the ledger, in ledger order (records about other changes are skipped). */
  records: readonly SignedRecord[];
  /** For each earlier tree an approval names: the paths changed between it and the head tree. */
  changedSince: ReadonlyMap<string, readonly string[]>;
  /** Identities to count as if they had approved the head tree (unsigned; `policy simulate`). */
  hypothetical?: readonly string[];
}

export interface Evaluation {
  decision: Decision;
  delegations: Delegations;
  /** Problems in the policy's key lists, and hypothetical approvers that cannot count. */
  problems: string[];
}

export function evaluateApprovals(input: EvaluationInput): Evaluation {
  const settings = approvalSettings(input.policy);
  const directory = memberDirectory(input.policy);
  const delegations = readDelegations(input.records, directory, input.change.repo, settings.bots);
  const keys = new Map<string, PublicKey>();
  for (const key of [...allMemberKeys(directory), ...delegations.valid.map((d) => d.delegateKey)]) keys.set(key.fingerprint, key);
  const authors = changeAuthors(input.change);
  const context = { directory, keys: [...keys.values()], delegations: delegations.valid, rejectedDelegations: delegations.rejected, change: input.change, authors, bots: settings.bots };
  const ignored: IgnoredApproval[] = [];
  const claims: Claim[] = [];
  for (const record of input.records) {
    if (!concernsChange(record, input.change)) continue;
    const verified = verifyApproval(record, context);
    if (verified.ok) claims.push(verified.claim);
    else ignored.push(verified.ignored);
  }
  const problems = [...directory.problems];
  for (const id of input.hypothetical ?? []) {
    const person = findMember(directory, id);
    if (!person) {
      problems.push(`${id} is no member of any group in the policy, so an approval by them would not count`);
      continue;
    }
    const why = personProblem(person, person.id, context);
    if (why !== undefined) problems.push(`a hypothetical approval by ${person.id} would not count: ${why}`);
    else claims.push(hypotheticalClaim(person, input.change));
  }
  // A person's newest statement stands; earlier ones are kept on record but no longer count.
  const latest = new Map<string, Claim>();
  for (const claim of claims) {
    const key = memberKey(claim.person.id);
    const previous = latest.get(key);
    if (previous) ignored.push(ignoredClaim(previous, `superseded by a later statement by ${claim.person.id} (entry ${claim.entry})`));
    latest.set(key, claim);
  }
  let override: ApprovalOverride | undefined;
  for (const claim of latest.values()) {
    if (claim.predicate.verdict !== "override") continue;
    const why = overrideProblem(claim, settings, input.change.headTree, input.policy);
    if (why !== undefined) ignored.push(ignoredClaim(claim, why));
    else override = { by: claim.person.id, justification: claim.predicate.justification?.trim() ?? "", entry: claim.entry, time: claim.predicate.time };
  }
  const votes = [...latest.values()].filter((c) => c.predicate.verdict !== "override");
  const rules = requirementRules(input.policy, input.decision);
  const requiredApprovals = input.decision.requiredApprovals.map((req) => evaluateRequirement(req, rules.get(req.group) ?? [], votes, input));
  const decision: Decision = { ...input.decision, requiredApprovals, ignoredApprovals: ignored.sort((a, b) => (a.entry ?? Infinity) - (b.entry ?? Infinity)) };
  if (override) decision.override = override;
  decision.satisfied = isSatisfied(decision);
  return { decision, delegations, problems };
}

/** Whether the gate lets the change through: a valid override, or nothing blocks and every requirement is met with no reject standing. */
export function isSatisfied(decision: Decision): boolean {
  if (decision.override) return true;
  if (decision.outcome === "pass") return true;
  if (decision.outcome === "block") return false;
  return decision.requiredApprovals.every((a) => a.satisfiedBy.length >= a.count && (a.rejectedBy?.length ?? 0) === 0);
}

/** The review and escalation rules that fired, by the group whose approval each asks for. */
export function requirementRules(policy: Policy, decision: Decision): Map<string, PolicyRule[]> {
  const byName = new Map([...enabledBuiltinRules(policy), ...policy.rules].map((rule) => [rule.name, rule]));
  const result = new Map<string, PolicyRule[]>();
  for (const reason of decision.reasons) {
    if (reason.outcome !== "review" && reason.outcome !== "escalate") continue;
    const rule = byName.get(reason.ruleName);
    if (!rule) continue;
    const group = rule.group ?? (reason.outcome === "escalate" ? "security" : "senior");
    result.set(group, [...(result.get(group) ?? []), rule]);
  }
  return result;
}

/** The globs a rule is about (`paths:`), or undefined when it names none. */
export function rulePaths(rule: PolicyRule): string[] | undefined {
  return rule.paths !== undefined && rule.paths.length > 0 ? rule.paths : undefined;
}

function evaluateRequirement(req: RequiredApproval, rules: PolicyRule[], votes: Claim[], input: EvaluationInput): RequiredApproval {
  const result: RequiredApproval = { ...req, satisfiedBy: [], rules: rules.map((r) => r.name), counted: [], rejectedBy: [], ignored: [] };
  for (const claim of votes) {
    const why = groupProblem(claim, req.group, rules, input);
    if (why !== undefined) {
      result.ignored?.push({ ...ignoredClaim(claim, why), group: req.group });
      continue;
    }
    if (claim.predicate.verdict === "reject") {
      result.rejectedBy?.push(claim.person.id);
      continue;
    }
    result.satisfiedBy.push(claim.person.id);
    result.counted?.push({
      reviewer: claim.person.id,
      signedBy: claim.signer,
      ...(claim.hypothetical === true ? {} : { entry: claim.entry }),
      headTree: claim.predicate.headTree,
    });
  }
  return result;
}

function groupProblem(claim: Claim, group: string, rules: PolicyRule[], input: EvaluationInput): string | undefined {
  if (!claim.person.groups.includes(group)) return `${claim.person.id} is no member of group ${group}`;
  if (claim.delegation && !claim.delegation.groups.includes(group)) {
    return `the delegation from ${claim.person.id} to ${claim.signer} covers ${claim.delegation.groups.join(", ")}, not ${group}`;
  }
  return staleProblem(claim.predicate.headTree, rules, input);
}

/**
 * An approval of an earlier tree still counts when every file changed since lies outside the paths of
 * the rules that asked for this group; a rule without paths is about the whole change.
 */
function staleProblem(tree: string, rules: PolicyRule[], input: EvaluationInput): string | undefined {
  const head = input.change.headTree;
  if (tree === head) return undefined;
  const at = `approves tree ${short(tree)}… but the change is now at ${short(head)}…`;
  const changed = input.changedSince.get(tree);
  if (changed === undefined) return `${at}, and that tree is not in this repository, so what changed since cannot be checked`;
  if (rules.length === 0) return `${at}; no rule of this requirement names paths, so any change needs a new approval`;
  const unscoped = rules.filter((rule) => rulePaths(rule) === undefined).map((rule) => rule.name);
  if (unscoped.length > 0) {
    return `${at}; ${unscoped.join(", ")} ${unscoped.length === 1 ? "names" : "name"} no paths, so any change needs a new approval`;
  }
  const matches = picomatch(rules.flatMap((rule) => rulePaths(rule) ?? []), { dot: true });
  const hits = changed.filter((path) => matches(path));
  if (hits.length === 0) return undefined;
  const shown = hits.slice(0, 3).join(", ") + (hits.length > 3 ? ` and ${hits.length - 3} more` : "");
  return `${at} and ${shown} changed`;
}

function overrideProblem(claim: Claim, settings: ApprovalSettings, headTree: string, policy: Policy): string | undefined {
  const group = settings.overrideGroup;
  if ((claim.predicate.justification ?? "").trim() === "") return "override without a justification";
  if (claim.delegation) return "an override cannot be signed under a delegation";
  if (claim.predicate.headTree !== headTree) {
    return `override for tree ${short(claim.predicate.headTree)}… but the change is now at ${short(headTree)}…; an override covers only the code it names`;
  }
  if (!claim.person.groups.includes(group)) {
    const defined = Object.hasOwn(policy.groups, group) ? "" : ` (the policy defines no group ${group})`;
    return `${claim.person.id} is no member of the override group ${group}${defined}`;
  }
  return undefined;
}

function ignoredClaim(claim: Claim, reason: string): IgnoredApproval {
  if (claim.hypothetical === true) return { reviewer: claim.signer, verdict: claim.predicate.verdict, reason };
  return { reviewer: claim.signer, verdict: claim.predicate.verdict, entry: claim.entry, keyid: claim.keyid, reason };
}

function hypotheticalClaim(person: Claim["person"], change: EvaluatedChange): Claim {
  return {
    entry: Number.MAX_SAFE_INTEGER,
    recordedAt: new Date(0).toISOString(),
    person,
    signer: person.id,
    keyid: "hypothetical",
    hypothetical: true,
    predicate: {
      changeId: change.id,
      repo: change.repo,
      base: change.base,
      head: change.head,
      headTree: change.headTree,
      verdict: "approve",
      reviewer: { id: person.id },
      time: new Date(0).toISOString(),
    },
  };
}
