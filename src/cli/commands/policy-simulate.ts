// `custody policy simulate`: the decision on a change without recording anything — which rules fire and
// why, the risk score, what would satisfy each requirement and who may give it, and, with --approve,
// the outcome as if those people had approved (hypothetical and unsigned).
import type { Command } from "commander";
import { evaluateApprovals, satisfactionPlan, type Eligibility, type SatisfactionPlan } from "../../approvals/index.js";
import { loadPolicyAt, runGate, type LoadedPolicy } from "../../core/pipeline.js";
import type { Decision } from "../../core/types.js";
import { findRepoRoot, mergeBase } from "../../git/index.js";
import { enabledBuiltinRules } from "../../policy/index.js";
import { approvalState, requirementStatus } from "../../report/approvals.js";
import { changeSummary, OUTCOME_LABEL } from "../../report/index.js";
import type { Io } from "../io.js";
import { addOptions, emit, json, parseThreads, pickFormat } from "../options.js";
import { parseRange, repoPath } from "./common.js";
import { depsOptions, reportDepsGaps, type DepsFlags } from "./deps-options.js";
import { defaultBase, loadPolicyFile } from "./gate.js";

interface SimulateFlags extends DepsFlags {
  repo?: string;
  change?: string;
  approve?: string[];
  policy?: string;
  label?: string[];
  threads?: string;
  format?: string;
  output?: string;
}

export interface Simulation {
  note: string;
  change: ReturnType<typeof changeSummary>;
  policySource: string;
  decision: Decision;
  rules: { fired: Decision["reasons"]; notFired: string[] };
  plan: SatisfactionPlan;
  hypothetical?: { approvers: string[]; decision: Decision; satisfied: boolean; problems: string[] };
}

const NOTE = "simulation: nothing was recorded";

export async function simulate(io: Io, flags: SimulateFlags): Promise<Simulation> {
  const repo = await findRepoRoot(repoPath(io, flags.repo));
  const range = parseRange(flags.change ?? `${defaultBase(io)}..HEAD`);
  const base = range.base ?? defaultBase(io);
  const loaded: LoadedPolicy = flags.policy !== undefined ? await loadPolicyFile(io, flags.policy) : await loadPolicyAt(repo, await mergeBase(repo, base, range.head));
  const result = await runGate(repo, base, range.head, {
    policy: loaded,
    labels: flags.label ?? [],
    threads: parseThreads(flags.threads),
    deps: depsOptions(io, flags),
  });
  reportDepsGaps(io, flags, result.deps);
  const { decision, change } = result;
  const fired = new Set(decision.reasons.map((r) => r.ruleName));
  const all = [...enabledBuiltinRules(loaded.policy), ...loaded.policy.rules].map((r) => r.name);
  const simulation: Simulation = {
    note: NOTE,
    change: changeSummary(change),
    policySource: loaded.source,
    decision,
    rules: { fired: decision.reasons, notFired: all.filter((name) => !fired.has(name)) },
    plan: satisfactionPlan(loaded.policy, decision, change),
  };
  const approvers = flags.approve ?? [];
  if (approvers.length > 0) {
    const what = evaluateApprovals({ decision, policy: loaded.policy, change, records: [], changedSince: new Map(), hypothetical: approvers });
    simulation.hypothetical = { approvers, decision: what.decision, satisfied: what.decision.satisfied === true, problems: what.problems };
  }
  return simulation;
}

function people(label: string, list: Eligibility): string[] {
  const out = [`      eligible: ${list.eligible.length > 0 ? list.eligible.join(", ") : "nobody"}`];
  if (list.withoutKey.length > 0) out.push(`      no key in the policy (cannot sign yet): ${list.withoutKey.join(", ")}`);
  for (const item of list.ineligible) out.push(`      never counts: ${item.id} (${item.reason})`);
  return label === "" ? out : [label, ...out];
}

function renderText(s: Simulation): string {
  const { decision } = s;
  const out = [
    `Simulation (nothing recorded) of change ${s.change.id.slice(0, 12)}  ${s.change.base.slice(0, 12)}..${s.change.head.slice(0, 12)}`,
    `Policy: ${s.policySource}`,
    `Outcome: ${OUTCOME_LABEL[decision.outcome]}   risk ${decision.riskScore}/100`,
    "",
    "Risk factors:",
    ...(decision.riskFactors.length > 0 ? decision.riskFactors.map((f) => `  ${f.name}: ${f.value} → ${f.points} point(s)`) : ["  none"]),
    "",
    "Rules that fire:",
    ...decision.reasons.flatMap((r) => [`  [${r.outcome}] ${r.ruleName}: ${r.explanation}`, ...r.evidence.slice(0, 10).map((e) => `      - ${e}`)]),
    "",
    `Rules that do not fire: ${s.rules.notFired.length > 0 ? s.rules.notFired.join(", ") : "none"}`,
  ];
  if (s.plan.requirements.length > 0) {
    out.push("", "What would satisfy it:");
    for (const req of s.plan.requirements) {
      out.push(`  ${req.group}: ${req.count} approval(s) from distinct members of ${req.group} (asked for by ${req.rules.join(", ") || "the policy"})`);
      out.push(...people("", req));
      if (req.unreachable !== undefined) out.push(`      ! ${req.unreachable}`);
    }
  }
  if (decision.outcome === "block") {
    out.push("", `Blocked: fix what the blocking rules name, or a member of ${s.plan.override.group} signs an override with a justification.`);
    out.push(...people(`  override group ${s.plan.override.group}:`, s.plan.override));
  }
  if (s.hypothetical) {
    const h = s.hypothetical;
    out.push("", `Hypothetical — as if ${h.approvers.join(", ")} approved (unsigned, not recorded):`);
    for (const req of h.decision.requiredApprovals) out.push(`  ${req.group}: ${requirementStatus(req)}`);
    for (const problem of h.problems) out.push(`  ! ${problem}`);
    out.push(`  → the gate would ${h.satisfied ? "pass (exit 0)" : "still not pass (exit 1)"}${approvalState(h.decision)}`);
  }
  return `${out.join("\n")}\n`;
}

export function registerPolicySimulate(policy: Command, io: Io): void {
  const command = policy
    .command("simulate")
    .description("decide on a change without recording anything: rules that fire and why, risk, who can satisfy each requirement, and the outcome with hypothetical approvals")
    .option("--change <range>", "BASE..HEAD (default: the gate's default base..HEAD)")
    .option("--approve <identity...>", "count these members as having approved (hypothetical, unsigned)");
  addOptions(command, ["repo", "policy", "label", "threads", "reportFormat", "output", "osvDb", "offline"]);
  command.action(async (flags: SimulateFlags) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    const result = await simulate(io, flags);
    await emit(io, format === "json" ? json(result) : renderText(result), flags.output);
  });
}
