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
    for (const analyzer of applicable) {
      try {
        for (const f of analyzer.analyzeFile(file)) result.findings.push({ ...f, analyzer: analyzer.id });
      } catch (error) {
        // One analyzer failing on one odd file must not lose the rest of the scan; it is reported.
        result.failures.push({ path: task.path, analyzer: analyzer.id, message: String(error) });
      }
    }
  }
  return result;
}
