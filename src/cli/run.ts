// Builds the command line from the command modules and runs it. Returns the exit status; never exits.
import { Command, CommanderError } from "commander";
import { isCustodyError } from "../core/errors.js";
import { VERSION } from "../core/version.js";
import { registerDemo } from "./commands/demo.js";
import { registerGate } from "./commands/gate.js";
import { registerLedger } from "./commands/ledger.js";
import { registerPolicy } from "./commands/policy.js";
import { registerProvenance } from "./commands/provenance.js";
import { registerRules } from "./commands/rules.js";
import { registerScan } from "./commands/scan.js";
import type { Io } from "./io.js";

export interface CommandContext {
  io: Io;
  /** Commands report their verdict here (0 ok, 1 not satisfied); usage and fatal errors throw. */
  exit: (status: number) => void;
}

export const EXIT = { ok: 0, failed: 1, error: 2 } as const;

function firstLine(text: string): string {
  return text.split("\n").find((l) => l.trim() !== "")?.trim() ?? text;
}

export function buildProgram(context: CommandContext): Command {
  const program = new Command("custody")
    .description("The chain of custody for AI-generated code.")
    .version(VERSION, "-V, --version")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (t) => {
        context.io.out(t);
      },
      // Commander's own errors are rewritten below as one line with our prefix.
      writeErr: () => undefined,
    });
  for (const register of [registerDemo, registerScan, registerGate, registerProvenance, registerPolicy, registerLedger, registerRules]) {
    register(program, context);
  }
  return program;
}

/** Runs `custody` with these arguments (without the node and script names). */
export async function run(argv: string[], io: Io): Promise<number> {
  let status: number = EXIT.ok;
  const context: CommandContext = {
    io,
    exit: (s) => {
      status = Math.max(status, s);
    },
  };
  const program = buildProgram(context);
  try {
    await program.parseAsync(argv, { from: "user" });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok; // --help, --version
      io.err(`custody: ${firstLine(error.message).replace(/^error: /, "")} (see 'custody --help')\n`);
      return EXIT.error;
    }
    if (isCustodyError(error)) {
      io.err(`custody: ${error.message} [${error.code}]\n`);
      return EXIT.error;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`custody: unexpected failure: ${firstLine(message)}\n`);
    return EXIT.error;
  }
}
