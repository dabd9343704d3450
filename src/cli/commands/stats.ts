import type { Command } from "commander";
import { findRepoRoot, readAddedLines, resolveCommit } from "../../git/index.js";
import { attributeCommits, summarize, type AttributionStats } from "../../provenance/index.js";
import { resolveAddedLines } from "../../provenance/resolve.js";
import type { ClaimSource } from "../../provenance/sources/types.js";
import { addOptions, emit, json, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";
import { parseRange, repoPath } from "./common.js";

interface StatsFlags {
  repo?: string;
  format?: string;
  output?: string;
}

export interface StatsReport {
  /** Full sha, or null when the range is all of head's history. */
  base: string | null;
  head: string;
  commits: number;
  /** The range held more commits than were read; the figures cover the newest ones. */
  truncated: boolean;
  stats: AttributionStats;
}

/** Lines added in the range, by contributor, tool and model, from the commits' diffs and the sources' claims. */
export async function computeStats(repo: string, range: string, sources: readonly ClaimSource[]): Promise<StatsReport> {
  const { base, head } = parseRange(range);
  const headSha = await resolveCommit(repo, head);
  const baseSha = base === undefined ? undefined : await resolveCommit(repo, base);
  const log = await readAddedLines(repo, baseSha, headSha);
  const attributions = attributeCommits(log.commits.map((c) => c.commit));
  const lines = await resolveAddedLines(repo, log.commits, attributions, sources);
  return { base: baseSha ?? null, head: headSha, commits: log.commits.length, truncated: log.truncated, stats: summarize(lines) };
}

const count = (n: number): string => n.toLocaleString("en-US");
const percent = (part: number, whole: number): string => `${whole === 0 ? "0.0" : ((part / whole) * 100).toFixed(1)}%`;

function breakdown(label: string, counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return `${label}${entries.length === 0 ? "none recorded" : entries.map(([key, n]) => `${key} ${count(n)}`).join(", ")}`;
}

export function renderStatsText(report: StatsReport): string {
  const { stats } = report;
  const range = report.base === null ? `history of ${report.head.slice(0, 12)}` : `${report.base.slice(0, 12)}..${report.head.slice(0, 12)}`;
  const rows: [string, number, string][] = [
    ["ai", stats.ai, ""],
    ["human", stats.human, ""],
    ["mixed", stats.mixed, "AI and human evidence on the same lines"],
    ["unknown", stats.unknown, "no evidence either way; not counted as human"],
  ];
  const width = Math.max(...rows.map(([, n]) => count(n).length));
  return `${[
    `Lines added in ${range}: ${count(stats.addedLines)} by ${count(report.commits)} commit${report.commits === 1 ? "" : "s"}`,
    ...rows.map(([name, n, note]) => `  ${name.padEnd(8)}${count(n).padStart(width)}  ${percent(n, stats.addedLines).padStart(6)}${note === "" ? "" : `  ${note}`}`),
    `AI share: ${percent(stats.ai, stats.addedLines)}`,
    breakdown("By tool:  ", stats.byTool),
    breakdown("By model: ", stats.byModel),
    ...(report.truncated ? ["Only the newest commits of the range were read; narrow the range for complete figures."] : []),
  ].join("\n")}\n`;
}

/**
 * Registers `custody stats [RANGE]`. `sources` are the line-level evidence sources (notes, Agent Trace,
 * hooks); without them lines are attributed from commit trailers and identities alone.
 */
export function registerStats(program: Command, { io }: CommandContext, sources: readonly ClaimSource[] = []): void {
  const command = program
    .command("stats")
    .description("lines added in a range by contributor, AI tool and model; unknown is reported on its own")
    .argument("[range]", "BASE..HEAD, or one ref for all its history", "HEAD");
  addOptions(command, ["repo", "format", "output"]).action(async (range: string, flags: StatsFlags) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    const repo = await findRepoRoot(repoPath(io, flags.repo));
    const report = await computeStats(repo, range, sources);
    if (report.truncated) io.err(`custody: warning: ${range} holds more commits than stats reads; the figures cover the newest ${report.commits}\n`);
    await emit(io, format === "json" ? json(report) : renderStatsText(report), flags.output);
  });
}
