import type { Command } from "commander";
import { randomUUID } from "node:crypto";
import { basename, join } from "node:path";
import { parserFor } from "../../analyzers/deps/ecosystems/index.js";
import type { Dependency } from "../../analyzers/deps/types.js";
import { isCustodyError } from "../../core/errors.js";
import { readTextFile, walkFiles } from "../../core/files.js";
import { findRepoRoot, readAddedLines, resolveCommit, runGit, stripCredentials } from "../../git/index.js";
import { CLAIM_SOURCES } from "../../provenance/claim-sources.js";
import { attributeCommits, summarize } from "../../provenance/index.js";
import { resolveAddedLines } from "../../provenance/resolve.js";
import type { ClaimSource } from "../../provenance/sources/types.js";
import { sbomJson, type SbomAttribution, type SbomRepository } from "../../report/sbom.js";
import type { Io } from "../io.js";
import { addOptions, emit } from "../options.js";
import type { CommandContext } from "../run.js";
import { parseRange, repoPath } from "./common.js";

interface SbomFlags {
  repo?: string;
  output?: string;
  range: string;
  includeDev?: boolean;
}

/** Every dependency the repository's manifests and lockfiles list; a file that cannot be read or parsed is named on stderr and left out. */
export async function collectDependencies(root: string, io: Io): Promise<Dependency[]> {
  const { files } = await walkFiles(root, []);
  const dependencies: Dependency[] = [];
  for (const path of files) {
    const parser = parserFor(path);
    if (parser === undefined) continue;
    const read = await readTextFile(join(root, path));
    if (!read.ok) {
      io.err(`custody: warning: ${path} was not read (${read.reason}) and is left out of the SBOM\n`);
      continue;
    }
    try {
      dependencies.push(...parser.parse(path, read.text).dependencies);
    } catch (error) {
      if (!isCustodyError(error)) throw error;
      io.err(`custody: warning: ${error.message} (left out of the SBOM)\n`);
    }
  }
  return dependencies;
}

/** Lines added in the range and who wrote them: the same steps as `custody stats`, keeping the lines for per-file counts. */
export async function collectAttribution(repo: string, range: string, sources: readonly ClaimSource[]): Promise<SbomAttribution> {
  const { base, head } = parseRange(range);
  const headSha = await resolveCommit(repo, head);
  const baseSha = base === undefined ? undefined : await resolveCommit(repo, base);
  const log = await readAddedLines(repo, baseSha, headSha);
  const lines = await resolveAddedLines(repo, log.commits, attributeCommits(log.commits.map((c) => c.commit)), sources);
  return { stats: summarize(lines), lines, commits: log.commits.length, head: headSha, base: baseSha ?? null, truncated: log.truncated };
}

async function gitText(repo: string, args: string[]): Promise<string> {
  return (await runGit(repo, args, { allowExitCodes: [1, 128] })).toString("utf8").trim();
}

/** `git@host:owner/repo.git` as the equivalent ssh URL, so the SBOM can carry it as a reference. */
function remoteUrl(remote: string): string {
  if (remote.includes("://")) return remote;
  const scp = /^(?:([^@\s/]+)@)?([^:\s/]+):(\S+)$/.exec(remote);
  if (scp?.[2] === undefined || scp[3] === undefined) return remote;
  return `ssh://${scp[1] === undefined ? "" : `${scp[1]}@`}${scp[2]}/${scp[3].replace(/^\/+/, "")}`;
}

/** Name from the origin remote (its last path segment), else the directory; version from `git describe --always`. */
async function describeRepository(repo: string): Promise<SbomRepository> {
  const remote = stripCredentials(await gitText(repo, ["config", "--get", "remote.origin.url"]));
  const fromRemote = remote.replace(/\/+$/, "").split(/[/:]/).at(-1)?.replace(/\.git$/, "") ?? "";
  const head = await gitText(repo, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]);
  const version = head === "" ? "" : await gitText(repo, ["describe", "--always"]);
  return {
    name: fromRemote === "" ? basename(repo) : fromRemote,
    ...(version !== "" && { version }),
    ...(remote !== "" && { vcsUrl: remoteUrl(remote) }),
  };
}

/**
 * Registers `custody sbom`: a CycloneDX 1.6 JSON SBOM of the dependencies the repository's lockfiles and
 * manifests resolve, with the AI tools and models that wrote its code. Nothing from the repository is
 * run and nothing is fetched.
 */
export function registerSbom(program: Command, { io }: CommandContext, sources: readonly ClaimSource[] = CLAIM_SOURCES): void {
  const command = program
    .command("sbom")
    .description("CycloneDX 1.6 JSON SBOM of the resolved dependencies and of the AI tools and models that wrote the code")
    .option("--range <range>", "history the AI attribution covers: BASE..HEAD, or one ref for all its history", "HEAD")
    .option("--include-dev", "also list development dependencies (with scope optional)");
  addOptions(command, ["repo", "output"]).action(async (flags: SbomFlags) => {
    const repo = await findRepoRoot(repoPath(io, flags.repo));
    const [repository, dependencies] = await Promise.all([describeRepository(repo), collectDependencies(repo, io)]);
    // A repository without commits still has files to list; with the default range there is simply no history.
    const noHistory = flags.range === "HEAD" && repository.version === undefined;
    const attribution = noHistory ? undefined : await collectAttribution(repo, flags.range, sources);
    if (attribution?.truncated === true) {
      io.err(`custody: warning: ${flags.range} holds more commits than Custody reads; the AI figures cover the newest ${attribution.commits}\n`);
    }
    const text = sbomJson({
      repository,
      dependencies,
      includeDev: flags.includeDev === true,
      timestamp: io.now(),
      serialNumber: `urn:uuid:${randomUUID()}`,
      ...(attribution !== undefined && { attribution }),
    });
    await emit(io, text, flags.output);
  });
}
