import type { Command } from "commander";
import { stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { CustodyError } from "../../core/errors.js";
import { POLICY_PATH, scanChange, scanHistory, scanPaths, type ScanSummary } from "../../core/pipeline.js";
import { loadPolicy, readPolicyFile } from "../../policy/index.js";
import type { Policy } from "../../policy/schema.js";
import type { AnalyzerId } from "../../core/types.js";
import { FILE_ANALYZERS, ruleById } from "../../analyzers/registry.js";
import { scanMarkdown, scanText, toSarif } from "../../report/index.js";
import { addOptions, emit, json, parseFailOn, parseThreads, pickFormat } from "../options.js";
import type { Io } from "../io.js";
import type { CommandContext } from "../run.js";
import { failsOn, parseRange, progressReporter, repoPath } from "./common.js";
import { cachedPolicyFetcher } from "./policy-fetch.js";
import { depsOptions, reportDepsGaps, type DepsFlags } from "./deps-options.js";
import { licenseOptions, reportLicenseGaps, type LicenseFlags } from "./license.js";
import { addFindingOptions, filteringJson, filteringMarkdown, filteringText, findingOptions, writeBaselineFile, type FindingFlags } from "./filters.js";

interface ScanFlags extends FindingFlags, DepsFlags, LicenseFlags {
  repo?: string;
  diff?: string;
  history?: string | boolean;
  format?: string;
  output?: string;
  failOn?: string;
  threads?: string;
  analyzers?: string;
}

const AVAILABLE: readonly string[] = [...FILE_ANALYZERS.map((a) => a.id), "deps"];

function parseAnalyzers(value: string | undefined): AnalyzerId[] | undefined {
  if (value === undefined) return undefined;
  const ids = value.split(",").map((s) => s.trim());
  for (const id of ids) {
    if (!AVAILABLE.includes(id)) {
      throw new CustodyError("usage", `--analyzers: unknown analyzer '${id}'; available: ${AVAILABLE.join(", ")}`);
    }
  }
  return ids as AnalyzerId[];
}

/** A local scan honours the allowlist and license section of the policy in the working tree, when there is one. */
async function workingTreePolicy(io: Io, root: string, offline: boolean): Promise<Policy | undefined> {
  const path = join(root, POLICY_PATH);
  const text = await readPolicyFile(path);
  if (text === undefined) return undefined;
  const readers = { readFile: readPolicyFile, fetchUrl: cachedPolicyFetcher(io, { offline }) };
  return loadPolicy(text, { kind: "file", path, display: POLICY_PATH }, readers);
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

function render(format: string, summary: ScanSummary): string {
  switch (format) {
    case "json":
      return json({
        findings: summary.findings,
        scannedFiles: summary.scannedFiles,
        scannedBytes: summary.scannedBytes,
        skipped: summary.skipped,
        failures: summary.failures,
        ...filteringJson(summary),
        ...(summary.deps ? { dependencies: summary.deps } : {}),
        ...(summary.licenses ? { licenses: summary.licenses } : {}),
      });
    case "sarif":
      return json(toSarif(summary.findings, ruleById));
    case "markdown":
      return scanMarkdown(summary.findings, summary.scannedFiles) + filteringMarkdown(summary);
    default:
      return scanText(summary.findings, summary.scannedFiles, summary.skipped) + filteringText(summary);
  }
}

export function registerScan(program: Command, { io, exit }: CommandContext): void {
  const command = program
    .command("scan")
    .description("run the analyzers on files, or on the lines a diff adds (--diff BASE..HEAD)")
    .argument("[paths...]", "files or directories to scan (default: the repository or current directory)")
    .option("--diff <range>", "scan only the lines added between BASE..HEAD")
    .option("--history [range]", "scan every file version the commits of RANGE added, each once (default: all history from HEAD; analyzers default to secrets)")
    .option("--analyzers <list>", `comma-separated analyzers to run (default: all of ${AVAILABLE.join(", ")})`);
  addFindingOptions(command);
  addOptions(command, ["repo", "format", "output", "failOn", "threads", "osvDb", "offline", "licenseIndex"]).action(async (paths: string[], flags: ScanFlags) => {
    const format = pickFormat(flags.format, io);
    // A single directory given without --repo is the root its findings' paths are relative to.
    const single = flags.repo === undefined && paths.length === 1 && paths[0] !== undefined ? resolve(io.cwd, paths[0]) : undefined;
    const root = single !== undefined && (await isDirectory(single)) ? single : repoPath(io, flags.repo);
    if (root === single) paths = [];
    const analyzers = parseAnalyzers(flags.analyzers);
    // Dependency files are read for the deps analyzer and for dependency licenses; not in history scans.
    const checkDeps = (analyzers ?? AVAILABLE).some((a) => a === "deps" || a === "license") && flags.history === undefined;
    const checkLicenses = (analyzers ?? AVAILABLE).includes("license") && flags.history === undefined;
    const policy = await workingTreePolicy(io, root, flags.offline === true);
    const options = {
      analyzers,
      ...(checkDeps ? { deps: depsOptions(io, flags) } : {}),
      threads: parseThreads(flags.threads),
      onProgress: progressReporter(io, "scanning"),
      ...(await findingOptions(io, flags)),
      ...(policy ? { allow: policy.allow } : {}),
      ...(checkLicenses ? { licenses: licenseOptions(io, flags, policy?.licenses) } : {}),
    };
    let summary: ScanSummary;
    if (flags.history !== undefined) {
      if (paths.length > 0 || flags.diff !== undefined) throw new CustodyError("usage", "--history scans commits, not paths or a diff; give it alone");
      // Every version of every file is a lot of code for SAST; a history scan is usually a secrets sweep.
      if (flags.analyzers === undefined) options.analyzers = ["secrets"];
      summary = await scanHistory(root, typeof flags.history === "string" ? flags.history : undefined, options);
    } else if (flags.diff !== undefined) {
      if (paths.length > 0) throw new CustodyError("usage", "give either paths or --diff, not both");
      const range = parseRange(flags.diff);
      if (range.base === undefined) throw new CustodyError("usage", `--diff needs a range BASE..HEAD, got '${flags.diff}'`);
      summary = await scanChange(root, range.base, range.head, options);
    } else {
      summary = await scanPaths(root, paths, options);
    }
    for (const f of summary.failures) io.err(`custody: warning: ${f.analyzer} failed on ${f.path}: ${f.message}\n`);
    reportDepsGaps(io, flags, summary.deps);
    reportLicenseGaps(io, summary.licenses);
    await emit(io, render(format, summary), flags.output);
    if (flags.writeBaseline !== undefined) {
      // Writing a baseline accepts what was found: the run that creates it is not a failure.
      await writeBaselineFile(io, flags, summary);
      return;
    }
    exit(failsOn(summary.findings, parseFailOn(flags.failOn)) ? 1 : 0);
  });
}
