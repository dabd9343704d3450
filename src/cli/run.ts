// Builds the command line from the command modules and runs it. Returns the exit status; never exits.
import { Command, CommanderError } from "commander";
import { isCustodyError } from "../core/errors.js";
import { VERSION } from "../core/version.js";
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

type Register = (program: Command, context: CommandContext) => void;

/**
 * Every command, in help order, loaded on demand: a command pulls in only the stages it uses, so
 * `custody hook` (run on every agent edit) does not pay for the analyzers, CEL or SQLite.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  demo: async () => (await import("./commands/demo.js")).registerDemo,
  init: async () => (await import("./commands/init.js")).registerInit,
  scan: async () => (await import("./commands/scan.js")).registerScan,
  gate: async () => (await import("./commands/gate.js")).registerGate,
  provenance: async () => (await import("./commands/provenance.js")).registerProvenance,
  blame: async () => {
    const [{ registerBlame }, { CLAIM_SOURCES }] = await Promise.all([import("./commands/blame.js"), import("../provenance/claim-sources.js")]);
    return (program, context) => {
      registerBlame(program, context, CLAIM_SOURCES);
    };
  },
  stats: async () => {
    const [{ registerStats }, { CLAIM_SOURCES }] = await Promise.all([import("./commands/stats.js"), import("../provenance/claim-sources.js")]);
    return (program, context) => {
      registerStats(program, context, CLAIM_SOURCES);
    };
  },
  sbom: async () => (await import("./commands/sbom.js")).registerSbom,
  hook: async () => (await import("./commands/hook.js")).registerHook,
  approve: async () => (await import("./commands/approve.js")).registerApprove,
  delegate: async () => (await import("./commands/delegate.js")).registerDelegate,
  keygen: async () => (await import("./commands/keygen.js")).registerKeygen,
  policy: async () => (await import("./commands/policy.js")).registerPolicy,
  ledger: async () => (await import("./commands/ledger.js")).registerLedger,
  rules: async () => (await import("./commands/rules.js")).registerRules,
  db: async () => (await import("./commands/db.js")).registerDb,
  license: async () => (await import("./commands/license.js")).registerLicense,
  "git-hook": async () => (await import("./commands/git-hooks.js")).registerGitHooks,
};

/** Builds the command line; with `argv`, only the command it names is loaded (all of them for help or an unknown name). */
export async function buildProgram(context: CommandContext, argv?: readonly string[]): Promise<Command> {
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
  const named = argv?.[0];
  const versionOnly = named === "-V" || named === "--version";
  const names = versionOnly ? [] : named !== undefined && named in COMMANDS ? [named] : Object.keys(COMMANDS);
  const registers = await Promise.all(names.flatMap((name) => COMMANDS[name]?.() ?? []));
  for (const register of registers) register(program, context);
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
  const program = await buildProgram(context, argv);
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
