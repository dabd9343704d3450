// The flags `scan` and `gate` share for what counts as a finding: other tools' SARIF, a local Semgrep,
// a baseline of accepted findings, and the report of what suppressions and the baseline took out.
import type { Command } from "commander";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { checkSemgrepConfig, findOnPath } from "../../analyzers/external/index.js";
import { createBaseline, readBaseline, serializeBaseline } from "../../core/baseline.js";
import { CustodyError } from "../../core/errors.js";
import type { CommonOptions, ScanSummary } from "../../core/pipeline.js";
import type { Io } from "../io.js";

export interface FindingFlags {
  baseline?: string;
  writeBaseline?: string;
  importSarif?: string[];
  semgrepConfig?: string;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function addFindingOptions(command: Command): Command {
  return command
    .option("--import-sarif <file>", "also report the results of this SARIF 2.1.0 file from another tool (repeatable)", collect)
    .option("--semgrep-config <path>", "also run the installed semgrep with these local rules (a file or directory; never fetched)")
    .option("--baseline <file>", "leave out findings whose fingerprint this baseline file accepts (they are counted as baselined)")
    .option("--write-baseline <file>", "write a baseline accepting every current finding to this file");
}

/** Turns the flags into pipeline options: reads the baseline, finds semgrep, checks the files exist. */
export async function findingOptions(io: Io, flags: FindingFlags): Promise<Pick<CommonOptions, "external" | "baseline">> {
  const options: Pick<CommonOptions, "external" | "baseline"> = {};
  if (flags.baseline !== undefined) options.baseline = await readBaseline(resolve(io.cwd, flags.baseline), flags.baseline);
  const sarifFiles = (flags.importSarif ?? []).map((file) => ({ path: resolve(io.cwd, file), source: file }));
  if (sarifFiles.length > 0) options.external = { sarifFiles };
  if (flags.semgrepConfig !== undefined) {
    const config = resolve(io.cwd, flags.semgrepConfig);
    await checkSemgrepConfig(config, flags.semgrepConfig);
    const command = await findOnPath("semgrep", io.env.PATH);
    if (command === undefined) {
      throw new CustodyError(
        "semgrep-unavailable",
        "--semgrep-config needs the semgrep executable, and none is on PATH; install Semgrep (for example `pipx install semgrep`) or drop the flag",
      );
    }
    options.external = { ...options.external, semgrep: { command, config } };
  }
  return options;
}

/** Writes `--write-baseline`: the findings reported now plus those the old baseline still accepts. */
export async function writeBaselineFile(io: Io, flags: FindingFlags, summary: Pick<ScanSummary, "findings" | "baselined">): Promise<void> {
  if (flags.writeBaseline === undefined) return;
  const baseline = createBaseline([...summary.findings, ...summary.baselined]);
  await writeFile(resolve(io.cwd, flags.writeBaseline), serializeBaseline(baseline));
  io.err(`custody: wrote ${flags.writeBaseline} accepting ${baseline.findings.length} finding(s)\n`);
}

type Filtering = Pick<ScanSummary, "suppressed" | "invalidSuppressions" | "baselined" | "allowed" | "imported">;

/** The JSON fields every findings report carries beside `findings`. */
export function filteringJson(summary: Filtering) {
  return {
    suppressed: summary.suppressed,
    suppressions: { invalid: summary.invalidSuppressions },
    baselined: summary.baselined.length,
    allowed: summary.allowed,
    imported: summary.imported,
  };
}

export function filteringText(summary: Filtering): string {
  const lines: string[] = [];
  if (summary.suppressed.length > 0) {
    lines.push(`Suppressed: ${summary.suppressed.length}`);
    for (const s of summary.suppressed) lines.push(`  ${s.path}:${s.line}  ${s.ruleId}: ${s.reason}`);
  }
  if (summary.allowed.length > 0) {
    lines.push(`Allowed by policy: ${summary.allowed.length}`);
    for (const a of summary.allowed) lines.push(`  ${a.path}:${a.line}  ${a.ruleId}: ${a.reason}`);
  }
  if (summary.baselined.length > 0) lines.push(`Baselined: ${summary.baselined.length}`);
  if (summary.invalidSuppressions.length > 0) {
    lines.push(`Invalid suppressions: ${summary.invalidSuppressions.length}`);
    for (const i of summary.invalidSuppressions) lines.push(`  ${i.path}:${i.line}  ${i.problem}`);
  }
  for (const i of summary.imported) {
    const unplaced = i.unplaced > 0 ? `, ${i.unplaced} outside the scanned files` : "";
    lines.push(`Imported ${i.source} (${i.tools.join(", ")}): ${i.results} result(s)${unplaced}`);
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

export function filteringMarkdown(summary: Filtering): string {
  const parts: string[] = [];
  if (summary.suppressed.length > 0) parts.push(`${summary.suppressed.length} suppressed`);
  if (summary.allowed.length > 0) parts.push(`${summary.allowed.length} allowed by policy`);
  if (summary.baselined.length > 0) parts.push(`${summary.baselined.length} baselined`);
  if (summary.invalidSuppressions.length > 0) parts.push(`${summary.invalidSuppressions.length} invalid suppression(s)`);
  return parts.length > 0 ? `\n<sub>Not counted: ${parts.join(" · ")}</sub>\n` : "";
}
