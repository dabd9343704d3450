import type { Command } from "commander";
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ruleById } from "../../analyzers/registry.js";
import { CustodyError } from "../../core/errors.js";
import { runGate, type GateResult, type LoadedPolicy } from "../../core/pipeline.js";
import { parsePolicy } from "../../policy/index.js";
import { gateJson, gateMarkdown, gateText, toSarif, type GateReport } from "../../report/index.js";
import type { Io } from "../io.js";
import { addOptions, emit, json, parseThreads, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";
import { gateEvents, recordEvents } from "./record.js";
import { progressReporter, repoPath } from "./common.js";
import { depsOptions, reportDepsGaps, type DepsFlags } from "./deps-options.js";
import { addFindingOptions, filteringJson, filteringMarkdown, filteringText, findingOptions, writeBaselineFile, type FindingFlags } from "./filters.js";

interface GateFlags extends FindingFlags, DepsFlags {
  repo?: string;
  base?: string;
  head: string;
  format?: string;
  output?: string;
  threads?: string;
  policy?: string;
  sarif?: string;
  markdown?: string;
  label?: string[];
  ledger?: string;
  ledgerKey?: string;
  record: boolean;
}

/** The base when none is given: the pull request's target in GitHub Actions, else the previous commit. */
export function defaultBase(io: Io): string {
  const target = io.env.GITHUB_BASE_REF;
  return target ? `origin/${target}` : "HEAD~1";
}

async function loadPolicyFile(io: Io, file: string): Promise<LoadedPolicy> {
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new CustodyError("policy-not-found", `--policy ${file}: cannot read ${path}; check the path`);
  }
  return { policy: parsePolicy(text, file), source: file };
}

/** Whether the decision is satisfied: not blocked and every required approval given. */
export function satisfied(result: Pick<GateResult, "decision">): boolean {
  const { decision } = result;
  if (decision.outcome === "pass") return true;
  if (decision.outcome === "block") return false;
  return decision.requiredApprovals.every((a) => a.satisfiedBy.length >= a.count);
}

/** A gate report with what suppressions, the baseline and imports did to the findings. */
export type GateRun = GateReport & Pick<GateResult, "suppressed" | "invalidSuppressions" | "baselined" | "allowed" | "imported" | "deps">;

function render(format: string, report: GateRun): string {
  switch (format) {
    case "json":
      return json({ ...gateJson(report), ...filteringJson(report), ...(report.deps ? { dependencies: report.deps } : {}) });
    case "sarif":
      return json(toSarif(report.findings, ruleById));
    case "markdown":
      return gateMarkdown(report) + filteringMarkdown(report);
    default:
      return gateText(report) + filteringText(report);
  }
}

export async function gate(io: Io, flags: GateFlags): Promise<GateRun> {
  const repo = repoPath(io, flags.repo);
  const options = {
    labels: flags.label ?? [],
    threads: parseThreads(flags.threads),
    onProgress: progressReporter(io, "scanning"),
    ...(await findingOptions(io, flags)),
    deps: depsOptions(io, flags),
    ...(flags.policy !== undefined ? { policy: await loadPolicyFile(io, flags.policy) } : {}),
  };
  const result = await runGate(repo, flags.base ?? defaultBase(io), flags.head, options);
  reportDepsGaps(io, flags, result.deps);
  const report: GateRun = {
    decision: result.decision,
    change: result.change,
    commits: result.commits,
    stats: result.stats,
    findings: result.findings,
    policySource: result.policySource,
    skipped: result.skipped,
    suppressed: result.suppressed,
    invalidSuppressions: result.invalidSuppressions,
    baselined: result.baselined,
    allowed: result.allowed,
    imported: result.imported,
    ...(result.deps ? { deps: result.deps } : {}),
  };
  await writeBaselineFile(io, flags, result);
  if (flags.record) {
    report.ledger = await recordEvents(io, repo, flags, gateEvents(io, result));
  }
  return report;
}

export function registerGate(program: Command, { io, exit }: CommandContext): void {
  const command = program
    .command("gate")
    .description("run the whole pipeline on a change: attribution, analyzers, policy decision, ledger event, reports");
  addOptions(command, ["repo", "base", "head", "format", "output", "sarif", "markdown", "policy", "label", "threads", "ledger", "ledgerKey", "noRecord", "osvDb", "offline"]);
  addFindingOptions(command);
  command.action(async (flags: GateFlags) => {
    const format = pickFormat(flags.format, io);
    const report = await gate(io, flags);
    if (flags.sarif !== undefined) await writeFile(resolve(io.cwd, flags.sarif), json(toSarif(report.findings, ruleById)));
    if (flags.markdown !== undefined) await writeFile(resolve(io.cwd, flags.markdown), gateMarkdown(report));
    await emit(io, render(format, report), flags.output);
    exit(satisfied(report) ? 0 : 1);
  });
}
