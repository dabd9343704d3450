// Full-repository SAST throughput: `custody scan --analyzers sast` (the built CLI, a cold process)
// against the ast-grep CLI running the same rules on the same files. The corpus is real code from the
// npm registry (fetched once with `npm pack`, no install scripts) plus the Python standard library.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import csharp from "@ast-grep/lang-csharp";
import go from "@ast-grep/lang-go";
import java from "@ast-grep/lang-java";
import php from "@ast-grep/lang-php";
import python from "@ast-grep/lang-python";
import ruby from "@ast-grep/lang-ruby";
import { stringify } from "yaml";
import { defaultRules, languageForPath, type SastLanguage, type SastRule } from "../src/analyzers/sast/index.js";
import { DEFAULT_FILE_LIMITS } from "../src/core/files.js";
import { measured } from "./measure.js";
import type { Severity } from "../src/core/types.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const CORPUS = join(ROOT, "bench", "corpus", "sast");
/** Large, real JavaScript and TypeScript code bases; pinned so runs stay comparable. */
const PACKAGES = ["three@0.170.0", "rxjs@7.8.1", "webpack@5.97.1"];

const BUILT_IN: Partial<Record<SastLanguage, string>> = { javascript: "JavaScript", typescript: "TypeScript", tsx: "Tsx" };
const DYNAMIC = { python, java, go, csharp, php, ruby } as const;
const SEVERITY: Record<Severity, string> = { critical: "error", high: "error", medium: "warning", low: "info", info: "hint" };

export interface SastRun {
  ms: number;
  /** Peak resident memory of the process in KiB, when /usr/bin/time is available. */
  maxRssKiB: number | undefined;
  findings: number;
  /** Findings per rule name (without the `sast/` prefix). */
  byRule: Map<string, number>;
  files: number | undefined;
}

export interface SastBench {
  corpus: string;
  files: number;
  bytes: number;
  rules: number;
  custody: SastRun;
  /** Undefined when the ast-grep CLI is not installed; `astGrepMissing` says where it was looked for. */
  astGrep: SastRun | undefined;
  astGrepMissing?: string;
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

/** Downloads and unpacks the corpus on first use; nothing from it is ever executed. */
export function ensureCorpus(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true });
  for (const spec of PACKAGES) {
    const tarball = run("npm", ["pack", spec, "--silent", "--pack-destination", dir], dir).trim().split("\n").pop() ?? "";
    const target = join(dir, tarball.replace(/\.tgz$/, ""));
    mkdirSync(target);
    run("tar", ["-xzf", join(dir, tarball), "-C", target, "--strip-components=1"], dir);
    rmSync(join(dir, tarball));
  }
  const stdlib = spawnSync("python3", ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: "utf8" });
  const lib = stdlib.status === 0 ? stdlib.stdout.trim() : "";
  if (lib === "" || !existsSync(lib)) return;
  cpSync(lib, join(dir, "python-stdlib"), {
    recursive: true,
    filter: (path) => {
      const rel = relative(lib, path);
      if (/^(site-packages|test|lib2to3\/tests|idlelib\/idle_test)(\/|$)/.test(rel) || rel.includes("__pycache__")) return false;
      return statSync(path).isDirectory() || path.endsWith(".py");
    },
  });
}

function corpusSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || languageForPath(entry.name) === undefined) continue;
    const size = statSync(join(entry.parentPath, entry.name)).size;
    if (size > DEFAULT_FILE_LIMITS.maxFileBytes) continue;
    files += 1;
    bytes += size;
  }
  return { files, bytes };
}

function tally(names: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function runCustody(bin: string, corpus: string, threads: number | undefined): SastRun {
  const args = [bin, "scan", corpus, "--analyzers", "sast", "--format", "json", ...(threads === undefined ? [] : ["--threads", String(threads)])];
  // Exit 1 is the verdict "findings at or above --fail-on", expected on real code.
  const out = measured(process.execPath, args, [0, 1]);
  const report = JSON.parse(out.stdout) as { findings: { ruleId: string }[]; scannedFiles: number };
  return {
    ms: out.ms,
    maxRssKiB: out.maxRssKiB,
    findings: report.findings.length,
    byRule: tally(report.findings.map((f) => f.ruleId.replace(/^sast\//, ""))),
    files: report.scannedFiles,
  };
}

function astGrepLanguage(language: SastLanguage): string {
  return BUILT_IN[language] ?? `custody${language}`;
}

/** Our rules as an ast-grep project: one rule file per rule and file language, metadata dropped. */
export function writeAstGrepProject(rules: readonly SastRule[], dir: string): string {
  const ruleDir = join(dir, "rules");
  mkdirSync(ruleDir, { recursive: true });
  for (const rule of rules) {
    const name = rule.meta.id.replace(/^sast\//, "");
    for (const target of rule.targets) {
      const { rule: matcher, constraints, utils } = rule.config;
      const file = {
        id: `${name}.${target}`,
        language: astGrepLanguage(target),
        severity: SEVERITY[rule.meta.severity],
        message: rule.message,
        rule: matcher,
        ...(constraints ? { constraints } : {}),
        ...(utils ? { utils } : {}),
      };
      writeFileSync(join(ruleDir, `${name}.${target}.yml`), stringify(file));
    }
  }
  const customLanguages = Object.fromEntries(
    Object.entries(DYNAMIC).map(([name, pkg]) => [
      `custody${name}`,
      { libraryPath: pkg.libraryPath, extensions: pkg.extensions, expandoChar: pkg.expandoChar, languageSymbol: pkg.languageSymbol },
    ]),
  );
  const config = join(dir, "sgconfig.yml");
  writeFileSync(config, stringify({ ruleDirs: ["rules"], customLanguages }));
  return config;
}

function runAstGrep(cli: string, rules: readonly SastRule[], corpus: string, threads: number | undefined): SastRun {
  const dir = mkdtempSync(join(tmpdir(), "custody-bench-sg-"));
  try {
    const config = writeAstGrepProject(rules, dir);
    // Custody honours only the scanned root's .gitignore; ast-grep is told to ignore nothing either,
    // so both read the same files (the corpus itself sits in a git-ignored folder).
    const noIgnore = ["hidden", "dot", "exclude", "global", "parent", "vcs"].flatMap((kind) => ["--no-ignore", kind]);
    const args = ["scan", "--config", config, "--custom-languages", "allow", "--json=stream", "--inspect", "summary", ...noIgnore];
    if (threads !== undefined) args.push("--threads", String(threads));
    const out = measured(cli, [...args, corpus], [0, 1]);
    const ids = out.stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => (JSON.parse(line) as { ruleId: string }).ruleId.replace(/\.[a-z]+$/, ""));
    const scanned = /scannedFileCount=(\d+)/.exec(out.stderr)?.[1];
    return { ms: out.ms, maxRssKiB: out.maxRssKiB, findings: ids.length, byRule: tally(ids), files: scanned === undefined ? undefined : Number(scanned) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SastBenchOptions {
  corpus?: string;
  /** The custody entry point; defaults to the built bin/custody.js. */
  bin?: string;
  /** The ast-grep executable; defaults to node_modules/.bin/ast-grep. */
  astGrep?: string;
  /** Threads for both tools; defaults to each tool's own choice (the number of cores). */
  threads?: number;
}

export function benchSast(options: SastBenchOptions = {}): SastBench {
  const corpus = options.corpus ?? CORPUS;
  const bin = options.bin ?? join(ROOT, "bin", "custody.js");
  if (options.bin === undefined && !existsSync(join(ROOT, "dist", "cli", "bin.js"))) throw new Error("run `npm run build` before the benchmark");
  ensureCorpus(corpus);
  const rules = defaultRules();
  const size = corpusSize(corpus);
  const custody = runCustody(bin, corpus, options.threads);
  const cli = options.astGrep ?? join(ROOT, "node_modules", ".bin", "ast-grep");
  const astGrep = existsSync(cli) ? runAstGrep(cli, rules, corpus, options.threads) : undefined;
  return { corpus: relative(ROOT, corpus) || corpus, ...size, rules: rules.length, custody, astGrep, ...(astGrep ? {} : { astGrepMissing: cli }) };
}

const mib = (bytes: number) => bytes / (1024 * 1024);

/** The report `npm run bench` prints. */
export function formatSastBench(result: SastBench): string {
  const lines = [`sast, full scan of ${result.files.toLocaleString("en-US")} files (${mib(result.bytes).toFixed(1)} MiB) with ${result.rules} rules, ${result.corpus}:`];
  const describe = (name: string, r: SastRun) =>
    `  ${name.padEnd(9)} ${(r.ms / 1000).toFixed(2)} s = ${Math.round(result.files / (r.ms / 1000))} files/s, ` +
    `${(mib(result.bytes) / (r.ms / 1000)).toFixed(2)} MiB/s, peak ${r.maxRssKiB === undefined ? "?" : `${Math.round(r.maxRssKiB / 1024)} MiB`}, ` +
    `${r.findings} findings in ${r.files ?? "?"} files`;
  lines.push(describe("custody", result.custody));
  if (!result.astGrep) {
    lines.push(`  ast-grep  not installed (looked for ${result.astGrepMissing ?? "?"}); add @ast-grep/cli as a devDependency`);
    return lines.join("\n");
  }
  lines.push(describe("ast-grep", result.astGrep));
  lines.push(`  time ratio custody / ast-grep: ${(result.custody.ms / result.astGrep.ms).toFixed(2)}x (target ≤ 1.5x)`);
  const differing = [...new Set([...result.custody.byRule.keys(), ...result.astGrep.byRule.keys()])]
    .sort()
    .filter((name) => (result.custody.byRule.get(name) ?? 0) !== (result.astGrep?.byRule.get(name) ?? 0));
  lines.push(
    differing.length === 0
      ? "  same number of findings for every rule"
      : `  findings differ: ${differing.map((n) => `${n} ${result.custody.byRule.get(n) ?? 0} vs ${result.astGrep?.byRule.get(n) ?? 0}`).join(", ")}`,
  );
  return lines.join("\n");
}
