import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ruleById } from "../../analyzers/registry.js";
import { CustodyError } from "../../core/errors.js";
import { isSatisfied, reviewChange } from "../../approvals/index.js";
import { loadPolicyAt, runGate, type GateResult, type LoadedPolicy } from "../../core/pipeline.js";
import { findRepoRoot, mergeBase } from "../../git/index.js";
import { loadPolicy, readPolicyFile, sourceLabel } from "../../policy/index.js";
import { gateJson, gateMarkdown, gateText, toSarif, type GateReport } from "../../report/index.js";
import type { Io } from "../io.js";
import { addOptions, emit, json, parseThreads, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";
import { gateEvents, ledgerPaths, recordEvents } from "./record.js";
import { progressReporter, repoPath } from "./common.js";
import { cachedPolicyFetcher } from "./policy-fetch.js";
import { depsOptions, reportDepsGaps, type DepsFlags } from "./deps-options.js";
import { licenseOptions, reportLicenseGaps, type LicenseFlags } from "./license.js";
import { addFindingOptions, filteringJson, filteringMarkdown, filteringText, findingOptions, writeBaselineFile, type FindingFlags } from "./filters.js";

interface GateFlags extends FindingFlags, DepsFlags, LicenseFlags {
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

/** `--policy FILE`, with every file it extends; policies named by URL come from the on-disk cache when fresh or `offline`. */
export async function loadPolicyFile(io: Io, file: string, offline = false): Promise<LoadedPolicy> {
  const path = resolve(io.cwd, file);
  const text = await readPolicyFile(path);
  if (text === undefined) throw new CustodyError("policy-not-found", `--policy ${file}: cannot read ${path}; check the path`);
  const readers = { readFile: readPolicyFile, fetchUrl: cachedPolicyFetcher(io, { offline }) };
  const policy = await loadPolicy(text, { kind: "file", path, display: file }, readers);
  return { policy, source: sourceLabel(policy, file) };
}

/**
 * Whether the decision is satisfied: a valid signed override, or nothing blocks and every required
 * approval is given by enough distinct people with no member's reject standing.
 */
export function satisfied(result: Pick<GateResult, "decision">): boolean {
  return isSatisfied(result.decision);
}

/** A gate report with what suppressions, the baseline and imports did to the findings. */
export type GateRun = GateReport & Pick<GateResult, "suppressed" | "invalidSuppressions" | "baselined" | "allowed" | "imported" | "deps" | "licenses">;

function render(format: string, report: GateRun): string {
  switch (format) {
    case "json":
      return json({ ...gateJson(report), ...filteringJson(report), ...(report.deps ? { dependencies: report.deps } : {}), ...(report.licenses ? { licenses: report.licenses } : {}) });
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
    licenses: licenseOptions(io, flags),
  };
  const base = flags.base ?? defaultBase(io);
  // The policy is read here rather than inside the pipeline because approvals are judged by it too.
  const offline = flags.offline === true;
  const policy =
    flags.policy !== undefined
      ? await loadPolicyFile(io, flags.policy, offline)
      : await loadPolicyAt(repo, await mergeBase(await findRepoRoot(repo), base, flags.head), cachedPolicyFetcher(io, { offline }));
  const result = await runGate(repo, base, flags.head, { ...options, policy });
  reportDepsGaps(io, flags, result.deps);
  reportLicenseGaps(io, result.licenses);
  // Signed approvals recorded in the ledger decide whether the requirements are met.
  const review = await reviewChange({
    repo: await findRepoRoot(repo),
    ledgerPath: (await ledgerPaths(io, repo, flags)).ledger,
    policy: policy.policy,
    decision: result.decision,
    change: result.change,
  });
  result.decision = review.decision;
  for (const problem of review.problems) io.err(`custody: note: policy ${policy.source}: ${problem}\n`);
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
    ...(result.licenses ? { licenses: result.licenses } : {}),
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
  addOptions(command, ["repo", "base", "head", "format", "output", "sarif", "markdown", "policy", "label", "threads", "ledger", "ledgerKey", "noRecord", "osvDb", "offline", "licenseIndex"]);
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
