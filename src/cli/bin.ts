import { processIo } from "./io.js";
import { run } from "./run.js";

/** The executable's entry: the only function that sets the process exit code. */
export function main(argv: string[]): void {
  run(argv, processIo()).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`custody: ${String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
