import assert from "node:assert/strict";
import { it } from "node:test";
import type { FileTask } from "../analyzers/run.js";
import { finalizeFindings } from "./findings.js";
import { scanTasks } from "./scan.js";

it("a large scan spread over worker threads finds exactly what the in-process scan finds", async () => {
  const tasks: FileTask[] = Array.from({ length: 150 }, (_, i) => ({
    path: `pkg${i % 7}/mod${i}.${i % 2 === 0 ? "py" : "js"}`,
    text: i % 2 === 0 ? `import pickle\n\ndef load(b):\n    return pickle.loads(b)  # ${i}\n` : `export function run(code) {\n  return eval(code + ${i});\n}\n`,
  }));
  const analyzers = ["sast" as const, "secrets" as const];
  let batches = 0;
  const parallel = await scanTasks(tasks, { analyzers, threads: 2, onProgress: (done) => (batches = done) });
  const serial = await scanTasks(tasks, { analyzers, threads: 1 });
  assert.equal(parallel.scannedFiles, 150);
  assert.ok(batches > 1, "the work was split into batches");
  assert.deepEqual(finalizeFindings(parallel.findings), finalizeFindings(serial.findings));
  assert.equal(finalizeFindings(parallel.findings).length, 150);
});
