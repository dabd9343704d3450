// `custody stats` over a 10,000-commit history, as a cold process each time. The repository is built
// once with `git fast-import` and kept in bench/corpus/ (gitignored) for later runs.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { initRepo, runGit } from "../src/git/index.js";

const COMMITS = 10_000;
const FILES = 1_000;
const CORPUS = new URL("./corpus/", import.meta.url).pathname;
const REPO = join(CORPUS, `stats-${COMMITS}`);
/** Written last: a repository without it is a half-built one from an interrupted run. */
const DONE = join(REPO, ".git", "custody-bench-complete");

// Every other commit carries some AI marker, in the forms the attribution reads.
const TRAILERS = [
  "",
  "Co-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>",
  "",
  "Co-authored-by: Codex <noreply@openai.com>",
  "",
  "Co-authored-by: Cursor Agent <cursoragent@cursor.com>",
  "",
  "Assisted-by: Claude:claude-opus-4-1",
  "",
  "Co-authored-by: aider (openai/gpt-5) <aider@aider.chat>",
];
const AUTHORS = ["Ada Developer <ada@example.com>", "Grace Developer <grace@example.com>", "Linus Developer <linus@example.com>"];

export interface StatsBench {
  commits: number;
  /** Time to build the corpus in this run; 0 when it was already cached. */
  buildMs: number;
  runs: number[];
}

/** A deterministic stream of numbers, so every corpus built is the same. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state;
  };
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

/** The fast-import stream: each commit appends a few lines to one or two of FILES files. */
function importStream(): string {
  const next = generator(42);
  const files: string[][] = Array.from({ length: FILES }, () => []);
  const parts: string[] = [];
  const start = 1_700_000_000;
  for (let i = 1; i <= COMMITS; i++) {
    const author = AUTHORS[i % AUTHORS.length] ?? "";
    const time = `${start + i * 60} +0000`;
    const trailer = TRAILERS[i % TRAILERS.length] ?? "";
    const message = `Change ${i}${trailer === "" ? "" : `\n\n${trailer}`}`;
    parts.push(`commit refs/heads/main\nmark :${i}\nauthor ${author} ${time}\ncommitter ${author} ${time}\n${data(message)}`);
    if (i > 1) parts.push(`from :${i - 1}\n`);
    const touched = 1 + (next() % 2);
    for (let f = 0; f < touched; f++) {
      const index = next() % FILES;
      const lines = files[index] ?? [];
      const added = 3 + (next() % 10);
      for (let l = 0; l < added; l++) lines.push(`export const value_${i}_${f}_${l} = ${next() % 1000};`);
      files[index] = lines;
      parts.push(`M 100644 inline src/module${index}.ts\n${data(`${lines.join("\n")}\n`)}`);
    }
    parts.push("\n");
  }
  return parts.join("");
}

async function buildCorpus(): Promise<number> {
  if (existsSync(DONE)) return 0;
  const started = performance.now();
  const building = `${REPO}.building`;
  await rm(building, { recursive: true, force: true });
  await mkdir(CORPUS, { recursive: true });
  await initRepo(building);
  await runGit(building, ["fast-import", "--quiet"], { input: importStream() });
  await runGit(building, ["reset", "--hard", "--quiet", "main"]);
  await writeFile(join(building, ".git", "custody-bench-complete"), `${COMMITS}\n`);
  await rm(REPO, { recursive: true, force: true });
  await rename(building, REPO);
  return performance.now() - started;
}

export async function benchStats(runs = 5): Promise<StatsBench> {
  const bin = new URL("../bin/custody.js", import.meta.url).pathname;
  if (!existsSync(new URL("../dist/cli/bin.js", import.meta.url))) throw new Error("run `npm run build` before the benchmark");
  const buildMs = await buildCorpus();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, [bin, "stats", "--repo", REPO, "--format", "json"], { stdio: "pipe", maxBuffer: 64 * 1024 * 1024 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { commits: COMMITS, buildMs, runs: times };
}
