import type { Command } from "commander";
import { findRepoRoot, readAddedLines, readCommits, resolveCommit } from "../../git/index.js";
import { attributeCommits, CLAIM_SOURCES, resolveAddedLines, toAgentTrace, toGitAiLog } from "../../provenance/index.js";
import { formatAgentTrace } from "../../provenance/sources/agent-trace.js";
import type { CommitAttribution, LineAttribution } from "../../core/types.js";
import { CustodyError } from "../../core/errors.js";
import type { Io } from "../io.js";
import { emit, json, OPTION_TABLE } from "../options.js";
import type { CommandContext } from "../run.js";
import { parseRange, repoPath } from "./common.js";

const PROVENANCE_FORMATS = ["text", "json", "agent-trace", "git-ai"] as const;
type ProvenanceFormat = (typeof PROVENANCE_FORMATS)[number];

interface ProvenanceFlags {
  repo?: string;
  format?: string;
  output?: string;
  lines?: boolean;
}

function describe(c: CommitAttribution): string {
  const a = c.attribution;
  const who = a.contributor === "ai" || a.contributor === "mixed" ? `${a.contributor} ${a.tool ?? "other"}${a.model ? ` ${a.model}` : ""}` : a.contributor;
  const evidence = a.evidence.map((e) => `${e.source}: ${e.detail}`).join("; ");
  return `${c.sha.slice(0, 12)}  ${who.padEnd(36)} ${c.subject}${evidence ? `\n              ${evidence}` : ""}`;
}

function describeLines(lines: LineAttribution[]): string[] {
  return lines.map((l) => {
    const a = l.attribution;
    const tool = a.tool ? ` ${a.tool}${a.model ? ` ${a.model}` : ""}` : "";
    return `      ${l.path}:${l.lines.start}-${l.lines.end}  ${a.contributor}${tool}`;
  });
}

function pickProvenanceFormat(io: Io, value: string | undefined): ProvenanceFormat {
  if (value === undefined) return io.stdoutIsTTY ? "text" : "json";
  const format = PROVENANCE_FORMATS.find((f) => f === value);
  if (!format) throw new CustodyError("usage", `--format ${value} is not available for provenance; use one of: ${PROVENANCE_FORMATS.join(", ")}`);
  return format;
}

/** Per commit, the lines it added with their resolved attribution (hooks, notes, Agent Trace, trailers). */
async function linesByCommit(repo: string, base: string | undefined, head: string, commits: CommitAttribution[]) {
  const log = await readAddedLines(repo, base, head);
  const lines = await resolveAddedLines(repo, log.commits, commits, CLAIM_SOURCES);
  const byCommit = new Map<string, LineAttribution[]>();
  for (const line of lines) byCommit.set(line.commit, [...(byCommit.get(line.commit) ?? []), line]);
  return { byCommit, parents: new Map(log.commits.map((c) => [c.commit.sha, c.commit.parents[0]])) };
}

export function registerProvenance(program: Command, { io }: CommandContext): void {
  program
    .command("provenance")
    .description("attribution of each commit (and with --lines, of each added line range): AI tool and model, human of record, evidence")
    .argument("[range]", "BASE..HEAD, or one ref for all its history", "HEAD")
    .option(OPTION_TABLE.repo.flags, OPTION_TABLE.repo.description)
    .option("-f, --format <format>", `output format: ${PROVENANCE_FORMATS.join(", ")} (default: text on a terminal, json otherwise)`)
    .option(OPTION_TABLE.output.flags, OPTION_TABLE.output.description)
    .option("--lines", "also attribute each range of added lines (json and text)")
    .action(async (range: string, flags: ProvenanceFlags) => {
      const format = pickProvenanceFormat(io, flags.format);
      const repo = await findRepoRoot(repoPath(io, flags.repo));
      const { base, head } = parseRange(range);
      const headSha = await resolveCommit(repo, head);
      const baseSha = base === undefined ? undefined : await resolveCommit(repo, base);
      const commits = attributeCommits(await readCommits(repo, baseSha, headSha));
      const wantLines = flags.lines === true || format === "agent-trace" || format === "git-ai";
      const lines = wantLines ? await linesByCommit(repo, baseSha, headSha, commits) : undefined;
      const of = (sha: string) => lines?.byCommit.get(sha) ?? [];
      let text: string;
      switch (format) {
        case "agent-trace":
          // JSON Lines: one Agent Trace record per line, as trace files hold them.
          text = commits
            .flatMap((c) => toAgentTrace(c.sha, of(c.sha), { timestamp: io.now().toISOString() }))
            .map((record) => `${JSON.stringify(JSON.parse(formatAgentTrace(record)))}\n`)
            .join("");
          break;
        case "git-ai":
          // One authorship log per commit, each introduced by the commit it belongs to.
          text = commits
            .map((c) => `commit ${c.sha}\n${toGitAiLog(c.sha, of(c.sha), { baseCommit: lines?.parents.get(c.sha) ?? c.sha })}`)
            .join("\n");
          break;
        case "json":
          text = json({ commits: commits.map((c) => (lines ? { ...c, lines: of(c.sha) } : c)) });
          break;
        default:
          text = `${commits.length === 0 ? "No commits in range." : commits.flatMap((c) => [describe(c), ...(lines ? describeLines(of(c.sha)) : [])]).join("\n")}\n`;
      }
      await emit(io, text, flags.output);
    });
}
