// The analyze stage's scheduler: small scans run in-process (a worker costs more to start than it
// saves), large ones are split into batches over one worker per core.
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { runBatch, type BatchRequest, type BatchResult, type FileTask } from "../analyzers/run.js";
import type { AnalyzerId } from "./types.js";
import { mapLimit } from "./concurrency.js";
import { DEFAULT_FILE_LIMITS, type FileLimits } from "./files.js";

export interface ScanOptions {
  analyzers: AnalyzerId[];
  limits?: FileLimits;
  /** Worker threads to use; 0 or 1 scans in-process. Defaults to the number of cores. */
  threads?: number;
  /** Called as batches complete, for progress display. */
  onProgress?: (done: number, total: number) => void;
}

/** Below this many tasks the scan stays in the main thread. */
const IN_PROCESS_MAX_TASKS = 64;
const BATCH_SIZE = 48;
/** A batch closes at this many bytes, so one worker does not get a directory of huge files alone. */
const BATCH_BYTES = 512 * 1024;

function emptyResult(): BatchResult {
  return { findings: [], skipped: [], failures: [], scannedFiles: 0, scannedBytes: 0 };
}

function merge(into: BatchResult, part: BatchResult): void {
  into.findings.push(...part.findings);
  into.skipped.push(...part.skipped);
  into.failures.push(...part.failures);
  into.scannedFiles += part.scannedFiles;
  into.scannedBytes += part.scannedBytes;
}

function createWorker(): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("../analyzers/worker.js", import.meta.url));
  // Running from the TypeScript sources (tests, development): workers do not inherit tsx's loader, so
  // the bootstrap registers it before importing the worker module.
  const source = new URL("../analyzers/worker.ts", import.meta.url).href;
  const api = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true });
}

interface WorkerReply {
  id: number;
  result?: BatchResult;
  error?: string;
}

async function runInWorkers(batches: BatchRequest[], threads: number, onProgress?: ScanOptions["onProgress"]) {
  const total = emptyResult();
  let next = 0;
  let done = 0;
  const workers = Array.from({ length: Math.min(threads, batches.length) }, () => createWorker());
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              const id = next++;
              const request = batches[id];
              if (!request) {
                resolve();
                return;
              }
              worker.postMessage({ id, request });
            };
            worker.on("message", (reply: WorkerReply) => {
              if (reply.error !== undefined || !reply.result) {
                reject(new Error(`scan worker failed: ${reply.error ?? "no result"}`));
                return;
              }
              merge(total, reply.result);
              done += 1;
              onProgress?.(done, batches.length);
              feed();
            });
            worker.on("error", reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return total;
}

async function sizeOf(task: FileTask): Promise<number> {
  if (task.text !== undefined) return task.text.length;
  if (task.absPath === undefined) return 0;
  return (await stat(task.absPath).catch(() => undefined))?.size ?? 0;
}

/**
 * Splits tasks into batches, largest files first, each closed at BATCH_SIZE files or BATCH_BYTES.
 * Workers take the next batch when they finish one, so handing out the expensive work first keeps
 * one worker from being left with a few huge files after the others have run out.
 */
async function sizedBatches(tasks: readonly FileTask[]): Promise<FileTask[][]> {
  const sizes = await mapLimit(tasks, 64, sizeOf);
  const order = tasks.map((task, index) => ({ task, size: sizes[index] ?? 0 }));
  order.sort((a, b) => b.size - a.size || a.task.path.localeCompare(b.task.path));
  const batches: FileTask[][] = [];
  let current: FileTask[] = [];
  let bytes = 0;
  for (const { task, size } of order) {
    if (current.length > 0 && (current.length >= BATCH_SIZE || bytes + size > BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(task);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Runs the selected analyzers over the tasks and returns raw findings (unsorted, not yet fingerprinted). */
export async function scanTasks(tasks: FileTask[], options: ScanOptions): Promise<BatchResult> {
  const limits = options.limits ?? DEFAULT_FILE_LIMITS;
  const threads = options.threads ?? availableParallelism();
  if (tasks.length <= IN_PROCESS_MAX_TASKS || threads <= 1) {
    const result = await runBatch({ tasks, analyzers: options.analyzers, limits });
    options.onProgress?.(1, 1);
    return result;
  }
  const batches = (await sizedBatches(tasks)).map((batch) => ({ tasks: batch, analyzers: options.analyzers, limits }));
  const result = await runInWorkers(batches, threads, options.onProgress);
  // Batches finish in any order; the diagnostics come back in path order every time.
  result.skipped.sort((a, b) => a.path.localeCompare(b.path));
  result.failures.sort((a, b) => a.path.localeCompare(b.path) || a.analyzer.localeCompare(b.analyzer));
  return result;
}
