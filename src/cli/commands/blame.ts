import type { Command } from "commander";
import { realpath } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { defaultSecretScanner, maskSecret } from "../../analyzers/secrets/index.js";
import { CustodyError } from "../../core/errors.js";
import type { Commit, LineAttribution } from "../../core/types.js";
import { blameRanges, expandBlameRanges, findRepoRoot, readBlob, readCommit, resolveCommit, runGit } from "../../git/index.js";
import { attributeCommits } from "../../provenance/index.js";
import { isHeuristicOnly } from "../../provenance/heuristic.js";
import { resolveLines } from "../../provenance/resolve.js";
import type { ClaimSource } from "../../provenance/sources/types.js";
import { addOptions, emit, json, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";
import { repoPath } from "./common.js";

interface BlameFlags {
  repo?: string;
  rev?: string;
  format?: string;
  output?: string;
  heuristics?: boolean;
}

/** Larger files are refused: a line map of them would not be read by anyone. */
const MAX_BLAME_FILE_BYTES = 16 * 1024 * 1024;
const READ_CONCURRENCY = 8;

export interface BlameJsonLine {
  line: number;
  contributor: string;
  tool: string | null;
  model: string | null;
  commit: string;
  confidence: number;
  evidence: { source: string; detail: string }[];
}

/**
 * FILE as a path inside the repository: relative to the current directory when custody found the
 * repository from there, relative to the repository root when --repo named it.
 */
async function pathInRepo(root: string, file: string, cwd: string, repoGiven: boolean): Promise<string> {
  let inRepo: string;
  if (isAbsolute(file)) {
    // The directory is resolved (the root git reports is), the file itself is not: it may be a symlink.
    const dir = await realpath(dirname(file)).catch(() => dirname(file));
    inRepo = relative(root, join(dir, basename(file)));
  } else if (repoGiven) {
    inRepo = file;
  } else {
    const prefix = (await runGit(cwd, ["rev-parse", "--show-prefix"])).toString("utf8").replace(/\n$/, "");
    inRepo = posix.join(prefix, file.split(sep).join("/"));
  }
  const normalized = posix.normalize(inRepo.split(sep).join("/")).replace(/^\.\//, "");
  if (normalized === "" || normalized === "." || normalized.startsWith("../") || normalized === "..") {
    throw new CustodyError("usage", `${file} is not a file inside the repository ${root}; pass a path inside it`);
  }
  return normalized;
}

async function readCommitsOf(repo: string, shas: string[]): Promise<Commit[]> {
  const queue = [...shas];
  const commits: Commit[] = [];
  const workers = Array.from({ length: Math.min(READ_CONCURRENCY, queue.length) }, async () => {
    for (let sha = queue.pop(); sha !== undefined; sha = queue.pop()) commits.push(await readCommit(repo, sha));
  });
  await Promise.all(workers);
  return commits.sort((a, b) => (a.sha < b.sha ? -1 : 1));
}

/** The file's lines with every secret the scanner recognises masked, line breaks kept in place. */
function maskedLines(text: string): string[] {
  let masked = text;
  const matches = defaultSecretScanner().scan(text);
  for (const match of [...matches].sort((a, b) => b.start - a.start)) {
    const replacement = match.secret
      .split("\n")
      .map((part) => (part === "" ? part : maskSecret(part, match.rule.visiblePrefix)))
      .join("\n");
    masked = masked.slice(0, match.start) + replacement + masked.slice(match.end);
  }
  const lines = masked.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

function perLine(ranges: LineAttribution[]): Map<number, LineAttribution> {
  const byLine = new Map<number, LineAttribution>();
  for (const range of ranges) {
    for (let line = range.lines.start; line <= range.lines.end; line++) byLine.set(line, range);
  }
  return byLine;
}

function jsonLines(ranges: LineAttribution[]): BlameJsonLine[] {
  return [...perLine(ranges)].map(([line, { commit, attribution: a }]) => ({
    line,
    contributor: a.contributor,
    tool: a.tool ?? null,
    model: a.model ?? null,
    commit,
    confidence: a.confidence,
    evidence: a.evidence,
  }));
}

function contributorCell(range: LineAttribution): string {
  const a = range.attribution;
  return isHeuristicOnly(a) ? `${a.contributor} (unverified hint)` : a.contributor;
}

// Control characters other than tab would let file content move the cursor or recolour the terminal.
function printable(line: string): string {
  let out = "";
  for (const char of line) {
    const code = char.charCodeAt(0);
    const control = (code < 0x20 && code !== 0x09) || code === 0x7f || code === 0x9b;
    out += control ? "\uFFFD" : char;
  }
  return out;
}

function renderText(path: string, ranges: LineAttribution[], text: string): string {
  const lines = maskedLines(text);
  const byLine = perLine(ranges);
  const width = String(lines.length).length;
  const rows = lines.map((content, index) => {
    const range = byLine.get(index + 1);
    const cells = range === undefined ? ["unknown", "-", "-", "-"] : [contributorCell(range), range.attribution.tool ?? "-", range.attribution.model ?? "-", range.commit.slice(0, 8)];
    return { number: String(index + 1).padStart(width), cells, content: printable(content) };
  });
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r.cells[i] ?? "").length)));
  const body = rows.map((r) => `${r.number}  ${r.cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")}  ${r.content}`);
  const hinted = ranges.some((r) => isHeuristicOnly(r.attribution));
  const legend = hinted ? ["", "unverified hint: guessed from commit-message patterns (--heuristics); not evidence, never counted for approvals"] : [];
  return `${[path, ...body, ...legend].join("\n")}\n`;
}

/**
 * Registers `custody blame FILE`. `sources` are the line-level evidence sources (notes, Agent Trace,
 * hooks); without them lines are attributed from commit trailers and identities alone.
 */
export function registerBlame(program: Command, { io }: CommandContext, sources: readonly ClaimSource[] = []): void {
  const command = program
    .command("blame")
    .description("who wrote each line of a file: AI tool and model or human, with the commit and evidence")
    .argument("<file>", "file to blame (relative to the current directory, or to --repo when given)")
    .option("--rev <rev>", "revision to blame the file at", "HEAD")
    .option("--heuristics", "add unverified hints from commit-message patterns to lines nothing else attributes");
  addOptions(command, ["repo", "format", "output"]).action(async (file: string, flags: BlameFlags) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    const repo = await findRepoRoot(repoPath(io, flags.repo));
    const rev = flags.rev ?? "HEAD";
    const sha = await resolveCommit(repo, rev);
    const path = await pathInRepo(repo, file, resolve(io.cwd), flags.repo !== undefined);
    const content = await readBlob(repo, sha, path, MAX_BLAME_FILE_BYTES);
    if (content === undefined) {
      throw new CustodyError("usage", `${path} is not a file at ${rev}; name a file that exists in that revision (see --rev)`);
    }
    const blamed = expandBlameRanges(await blameRanges(repo, sha, path)).map((line) => ({ path, ...line }));
    const commits = await readCommitsOf(repo, [...new Set(blamed.map((l) => l.commit))]);
    const ranges = await resolveLines(repo, blamed, attributeCommits(commits), sources, {
      heuristics: flags.heuristics === true,
      commits,
    });
    const text = format === "json" ? json({ path, rev: sha, lines: jsonLines(ranges) }) : renderText(path, ranges, content.toString("utf8"));
    await emit(io, text, flags.output);
  });
}
