// Runs analyzers over a batch of files. The same function runs in the main thread for small scans and
// inside worker threads for large ones, so both paths give identical results.
import { readTextFile, type FileLimits, type SkippedFile } from "../core/files.js";
import type { AnalyzerId, LineRange } from "../core/types.js";
import { FILE_ANALYZERS } from "./registry.js";
import type { AnalyzerFinding } from "./types.js";

export interface FileTask {
  /** Repository-relative path, as reported. */
  path: string;
  /** Content already in memory (a git blob), or… */
  text?: string;
  /** …an absolute path to read it from. */
  absPath?: string;
  addedLines?: LineRange[];
}

export interface BatchRequest {
  tasks: FileTask[];
  analyzers: AnalyzerId[];
  limits: FileLimits;
}

export interface TaggedFinding extends AnalyzerFinding {
  analyzer: AnalyzerId;
}

export interface AnalyzerFailure {
  path: string;
  analyzer: AnalyzerId;
  message: string;
}

export interface BatchResult {
  findings: TaggedFinding[];
  skipped: SkippedFile[];
  failures: AnalyzerFailure[];
  scannedFiles: number;
  scannedBytes: number;
}

export async function runBatch(request: BatchRequest): Promise<BatchResult> {
  const analyzers = FILE_ANALYZERS.filter((a) => request.analyzers.includes(a.id));
  const result: BatchResult = { findings: [], skipped: [], failures: [], scannedFiles: 0, scannedBytes: 0 };
  for (const task of request.tasks) {
    const applicable = analyzers.filter((a) => a.appliesTo(task.path));
    if (applicable.length === 0) continue;
    let text = task.text;
    if (text === undefined && task.absPath !== undefined) {
      const read = await readTextFile(task.absPath, request.limits);
      if (!read.ok) {
        result.skipped.push({ path: task.path, reason: read.reason });
        continue;
      }
      text = read.text;
    }
    if (text === undefined) continue;
    result.scannedFiles += 1;
    result.scannedBytes += Buffer.byteLength(text);
    const file = task.addedLines ? { path: task.path, text, addedLines: task.addedLines } : { path: task.path, text };
    const found: TaggedFinding[] = [];
    for (const analyzer of applicable) {
      try {
        for (const f of analyzer.analyzeFile(file)) found.push({ ...f, analyzer: analyzer.id });
      } catch (error) {
        // One analyzer failing on one odd file must not lose the rest of the scan; it is reported.
        result.failures.push({ path: task.path, analyzer: analyzer.id, message: String(error) });
      }
    }
    result.findings.push(...withoutRepeatedCredentials(found));
  }
  return result;
}

const CREDENTIAL_CWES = new Set(["CWE-798", "CWE-259", "CWE-321"]);

/**
 * A provider key written into code is found twice: by the secrets analyzer, which knows its format
 * (and can tell whether it is live), and by the SAST rule for credentials in code. Findings of one
 * file where a code rule's credential finding starts on a line a secret finding covers keep only
 * the secret, so one leaked key is one finding to triage.
 */
export function withoutRepeatedCredentials<F extends AnalyzerFinding>(findings: readonly F[]): F[] {
  const secretLines = findings.filter((f) => f.ruleId.startsWith("secrets/")).map((f) => f.location);
  if (secretLines.length === 0) return [...findings];
  return findings.filter(
    (f) =>
      f.ruleId.startsWith("secrets/") ||
      !f.cwe.some((c) => CREDENTIAL_CWES.has(c)) ||
      !secretLines.some((s) => s.path === f.location.path && s.startLine <= f.location.startLine && f.location.startLine <= s.endLine),
  );
}
