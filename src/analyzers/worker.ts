// Worker-thread entry: receives batches, answers with their results.
import { parentPort } from "node:worker_threads";
import { runBatch, type BatchRequest } from "./run.js";

const port = parentPort;
if (port) {
  port.on("message", (message: { id: number; request: BatchRequest }) => {
    runBatch(message.request).then(
      (result) => {
        port.postMessage({ id: message.id, result });
      },
      (error: unknown) => {
        port.postMessage({ id: message.id, error: String(error) });
      },
    );
  });
}
