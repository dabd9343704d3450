// Secrets throughput on part of the SAST corpus (webpack's sources from the npm registry and Python's
// standard library; secretlint needs minutes for the whole corpus), in one run: Custody's secrets analyzer (the built CLI, a cold process), secretlint with
// its recommended preset, and ripgrep running Custody's own rule patterns without prefilter or
// validation (the cost of the regexes alone).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SECRET_RULES } from "../src/analyzers/secrets/index.js";
import { DEFAULT_FILE_LIMITS } from "../src/core/files.js";
import { measured } from "./measure.js";
import { CORPUS, ensureCorpus } from "./sast.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Folders of the SAST corpus every tool scans. */
const PARTS = ["webpack-5.97.1", "python-stdlib"];

export interface SecretsRun {
  name: string;
  ms: number;
  maxRssKiB: number | undefined;
  /** Findings (Custody, secretlint) or matching lines (ripgrep). */
  results: number;
  note?: string;
}

export interface SecretsBench {
  files: number;
  bytes: number;
  rules: number;
  runs: SecretsRun[];
}

function corpusSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const entries = PARTS.flatMap((part) => readdirSync(join(dir, part), { recursive: true, withFileTypes: true }));
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const size = statSync(join(entry.parentPath, entry.name)).size;
    if (size > DEFAULT_FILE_LIMITS.maxFileBytes) continue;
    files += 1;
    bytes += size;
  }
  return { files, bytes };
}

function runCustody(corpus: string): SecretsRun {
  const args = [join(ROOT, "bin", "custody.js"), "scan", ...PARTS, "--repo", corpus, "--analyzers", "secrets", "--format", "json", "--fail-on", "none"];
  const out = measured(process.execPath, args, [0], corpus);
  const report = JSON.parse(out.stdout) as { findings: unknown[] };
  return { name: "custody", ms: out.ms, maxRssKiB: out.maxRssKiB, results: report.findings.length };
}

function runSecretlint(corpus: string, work: string): SecretsRun | undefined {
  const cli = join(ROOT, "node_modules", ".bin", "secretlint");
  if (!existsSync(cli)) return undefined;
  const config = join(work, ".secretlintrc.json");
  writeFileSync(config, JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
  // Exit 1 means "secrets found". The unix format is one line per finding (the JSON one repeats
  // every file's whole content).
  const out = measured(cli, ["--secretlintrc", config, "--format", "unix", "--no-color", ...PARTS.map((part) => `${part}/**/*`)], [0, 1], corpus);
  const results = out.stdout.split("\n").filter((line) => /:\d+:\d+: /.test(line)).length;
  return { name: "secretlint", ms: out.ms, maxRssKiB: out.maxRssKiB, results };
}

/** Custody's patterns in PCRE2 syntax; the few PCRE2 cannot compile are left out and counted. */
function ripgrepPatterns(): { patterns: string[]; skipped: number } {
  const patterns: string[] = [];
  let skipped = 0;
  for (const rule of SECRET_RULES) {
    // (?J): JavaScript lets alternatives reuse a group name, PCRE2 only when told so.
    const source = `(?J)${rule.regex.flags.includes("i") ? "(?i)" : ""}${rule.regex.source}`;
    const check = spawnSync("rg", ["-P", "-e", source, "/dev/null"], { encoding: "utf8" });
    // 1 = no match (the pattern compiled); 2 = error.
    if (check.status === 1) patterns.push(source);
    else skipped += 1;
  }
  return { patterns, skipped };
}

/** Patterns per ripgrep process: PCRE2 refuses one alternation of all of them as too large. */
const RG_CHUNK = 40;

function runRipgrep(corpus: string, work: string): SecretsRun | undefined {
  if (spawnSync("rg", ["--version"]).status !== 0) return undefined;
  const { patterns, skipped } = ripgrepPatterns();
  let ms = 0;
  let maxRssKiB: number | undefined;
  let results = 0;
  for (let start = 0; start < patterns.length; start += RG_CHUNK) {
    const file = join(work, `patterns-${start}.txt`);
    writeFileSync(file, `${patterns.slice(start, start + RG_CHUNK).join("\n")}\n`);
    const out = measured("rg", ["-P", "--hidden", "--no-messages", "--max-filesize", "2M", "-c", "-f", file, ...PARTS], [0, 1], corpus);
    ms += out.ms;
    maxRssKiB = Math.max(maxRssKiB ?? 0, out.maxRssKiB ?? 0);
    results += out.stdout.split("\n").reduce((n, line) => n + Number(/:(\d+)$/.exec(line)?.[1] ?? 0), 0);
  }
  const passes = Math.ceil(patterns.length / RG_CHUNK);
  const note = `${patterns.length} patterns in ${passes} passes${skipped > 0 ? `, ${skipped} not PCRE2-compatible` : ""}`;
  return { name: "ripgrep", ms, maxRssKiB, results, note };
}

export function benchSecrets(): SecretsBench {
  if (!existsSync(join(ROOT, "dist", "cli", "bin.js"))) throw new Error("run `npm run build` before the benchmark");
  ensureCorpus(CORPUS);
  const work = mkdtempSync(join(tmpdir(), "custody-secrets-bench-"));
  try {
    const runs = [runCustody(CORPUS), runSecretlint(CORPUS, work), runRipgrep(CORPUS, work)].filter((r) => r !== undefined);
    return { ...corpusSize(CORPUS), rules: SECRET_RULES.length, runs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const mib = (bytes: number) => bytes / (1024 * 1024);

export function formatSecretsBench(result: SecretsBench): string {
  const lines = [`secrets, ${PARTS.join(" + ")}: ${result.files.toLocaleString("en-US")} files (${mib(result.bytes).toFixed(1)} MiB), custody with ${result.rules} rules:`];
  const custody = result.runs.find((r) => r.name === "custody");
  for (const r of result.runs) {
    const ratio = custody && r !== custody ? `, custody takes ${(custody.ms / r.ms).toFixed(2)}x its time` : "";
    const peak = r.maxRssKiB === undefined ? "?" : `${Math.round(r.maxRssKiB / 1024)} MiB`;
    lines.push(
      `  ${r.name.padEnd(10)} ${(r.ms / 1000).toFixed(2)} s = ${Math.round(result.files / (r.ms / 1000))} files/s, ${(mib(result.bytes) / (r.ms / 1000)).toFixed(2)} MiB/s, peak ${peak}, ${r.results} ${r.name === "ripgrep" ? "matching lines" : "findings"}${r.note ? ` (${r.note})` : ""}${ratio}`,
    );
  }
  return lines.join("\n");
}
