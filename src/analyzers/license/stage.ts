// The license parts the pipeline runs outside the worker threads: dependency licenses (on the
// dependency stage's data, with the policy) and snippet matching (with the index the caller opened).
import { DEFAULT_FILE_LIMITS, readTextFile, type FileLimits } from "../../core/files.js";
import type { LicensePolicy } from "../../policy/schema-licenses.js";
import type { Dependency } from "../deps/types.js";
import type { FileTask, TaggedFinding } from "../run.js";
import { checkDependencyLicenses, type DependencyLicenseSummary } from "./dependencies.js";
import { effectiveLicensePolicy } from "./evaluate.js";
import type { SnippetMatcher } from "./snippets.js";

export interface LicenseStageOptions {
  /** The policy's `licenses:` section; absent: the defaults. */
  policy?: LicensePolicy;
  /** The opened snippet index; absent: no snippet matching. */
  snippets?: SnippetMatcher;
}

export interface SnippetSummary {
  index: string;
  /** Files whose added code was compared with the index. */
  compared: number;
}

export interface LicenseSummary {
  /** Whether the policy has a `licenses:` section, or the defaults applied. */
  policy: "policy" | "default";
  dependencies?: DependencyLicenseSummary;
  snippets?: SnippetSummary;
}

export function dependencyLicenses(
  dependencies: readonly Dependency[],
  files: readonly { path: string; text: string }[],
  options: LicenseStageOptions = {},
): { findings: TaggedFinding[]; summary: DependencyLicenseSummary } {
  return checkDependencyLicenses(dependencies, new Map(files.map((f) => [f.path, f.text])), effectiveLicensePolicy(options.policy));
}

/** Compares each task's added lines (every line for whole files) with the index. */
export async function snippetMatches(
  tasks: readonly FileTask[],
  matcher: SnippetMatcher,
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): Promise<{ findings: TaggedFinding[]; summary: SnippetSummary; failures: { path: string; message: string }[] }> {
  const findings: TaggedFinding[] = [];
  const failures: { path: string; message: string }[] = [];
  let compared = 0;
  for (const task of tasks) {
    if (task.addedLines?.length === 0) continue;
    let text = task.text;
    if (text === undefined && task.absPath !== undefined) {
      const read = await readTextFile(task.absPath, limits);
      if (read.ok) text = read.text;
    }
    if (text === undefined) continue;
    compared += 1;
    try {
      findings.push(...matcher.match({ path: task.path, text, ...(task.addedLines ? { addedLines: task.addedLines } : {}) }));
    } catch (error) {
      failures.push({ path: task.path, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { findings, summary: { index: matcher.path, compared }, failures };
}
