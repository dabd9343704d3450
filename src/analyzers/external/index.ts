// The external analyzer: findings from other tools' SARIF logs, given as files or produced by running a
// local Semgrep. Imported findings go through the same pipeline as our own (fingerprints, AI
// attribution, added-line filtering, suppressions, baselines, the policy decision).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { TaggedFinding } from "../run.js";
import { importSarif, readSarifFile, type SarifImport } from "./sarif.js";
import { runSemgrep, type SemgrepRun } from "./semgrep.js";

export { artifactPath } from "./paths.js";
export { redactSecrets } from "./redact.js";
export { importSarif, MAX_SARIF_BYTES, readSarifFile, toolSlug, type SarifImport } from "./sarif.js";
export { checkSemgrepConfig, findOnPath, runSemgrep, SEMGREP_TIMEOUT_MS, type SemgrepRun } from "./semgrep.js";

export interface ExternalOptions {
  /** SARIF files: absolute `path`, and `source` as the user named it. */
  sarifFiles?: { path: string; source: string }[];
  semgrep?: SemgrepRun;
}

/** What one imported log contributed, for the report. */
export interface ImportSummary {
  source: string;
  tools: string[];
  results: number;
  unplaced: number;
}

export interface ExternalResult {
  findings: TaggedFinding[];
  imported: ImportSummary[];
}

/** Where Semgrep runs: files on disk under `root`, or file contents (a git revision) to lay out first. */
export type SemgrepTargets = { kind: "disk"; root: string; paths: string[] } | { kind: "texts"; files: { path: string; text: string }[] };

function summary(log: SarifImport): ImportSummary {
  return { source: log.source, tools: log.tools, results: log.findings.length, unplaced: log.unplaced };
}

async function semgrepOnTexts(run: SemgrepRun, files: { path: string; text: string }[]): Promise<SarifImport> {
  const dir = await mkdtemp(join(tmpdir(), "custody-semgrep-"));
  try {
    for (const file of files) {
      const target = join(dir, file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.text);
    }
    return importSarif(await runSemgrep(run, dir, files.map((f) => f.path)), "semgrep", dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function semgrepLog(run: SemgrepRun, targets: SemgrepTargets): Promise<SarifImport> {
  if (targets.kind === "texts") return semgrepOnTexts(run, targets.files);
  return importSarif(await runSemgrep(run, targets.root, targets.paths), "semgrep", targets.root);
}

/** Imports the SARIF files and runs Semgrep when asked; `root` is what imported paths are relative to. */
export async function collectExternal(options: ExternalOptions, root: string, targets: SemgrepTargets): Promise<ExternalResult> {
  const logs: SarifImport[] = [];
  for (const file of options.sarifFiles ?? []) logs.push(await readSarifFile(file.path, file.source, root));
  if (options.semgrep) logs.push(await semgrepLog(options.semgrep, targets));
  return { findings: logs.flatMap((l) => l.findings), imported: logs.map(summary) };
}
