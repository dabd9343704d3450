import type { Command } from "commander";
import { findRepoRoot, readCommits, resolveCommit } from "../../git/index.js";
import { attributeCommits } from "../../provenance/index.js";
import type { CommitAttribution } from "../../core/types.js";
import { addOptions, emit, json, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";
import { parseRange, repoPath } from "./common.js";

interface ProvenanceFlags {
  repo?: string;
  format?: string;
  output?: string;
}

function describe(c: CommitAttribution): string {
  const a = c.attribution;
  const who = a.contributor === "ai" || a.contributor === "mixed" ? `${a.contributor} ${a.tool ?? "other"}${a.model ? ` ${a.model}` : ""}` : a.contributor;
  const evidence = a.evidence.map((e) => `${e.source}: ${e.detail}`).join("; ");
  return `${c.sha.slice(0, 12)}  ${who.padEnd(36)} ${c.subject}${evidence ? `\n              ${evidence}` : ""}`;
}

export function registerProvenance(program: Command, { io }: CommandContext): void {
  const command = program
    .command("provenance")
    .description("attribution of each commit: AI tool and model, human of record, evidence")
    .argument("[range]", "BASE..HEAD, or one ref for all its history", "HEAD");
  addOptions(command, ["repo", "format", "output"]).action(async (range: string, flags: ProvenanceFlags) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    const repo = await findRepoRoot(repoPath(io, flags.repo));
    const { base, head } = parseRange(range);
    const headSha = await resolveCommit(repo, head);
    const baseSha = base === undefined ? undefined : await resolveCommit(repo, base);
    const commits = attributeCommits(await readCommits(repo, baseSha, headSha));
    const text =
      format === "json"
        ? json({ commits })
        : `${commits.length === 0 ? "No commits in range." : commits.map(describe).join("\n")}\n`;
    await emit(io, text, flags.output);
  });
}
