// `custody ledger export|witness-key|witness|cosign`, and the parts of `ledger verify`
// that read an export or require witness cosignatures.
import type { Command } from "commander";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CustodyError } from "../../core/errors.js";
import {
  attachCosignatures,
  createWitnessKeyFile,
  exportLedger,
  loadWitnessSigner,
  openLedgerStore,
  parseVerifierKey,
  parseWitnessVerifier,
  requireWitnesses,
  verifyExport,
  witnessCheckpoint,
} from "../../ledger/index.js";
import type { VerifyReport, WitnessPolicy } from "../../ledger/index.js";
import type { Io } from "../io.js";
import { addOptions, emit, json, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";
import { repoPath } from "./common.js";
import { ledgerLocation, type LedgerFlags } from "./record.js";

/** A request or a witness's answer is a few kilobytes; anything near this is not one. */
const MAX_INPUT_BYTES = 1024 * 1024;
const KEY_SHAPE = /^[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/;

interface StoreFlags extends LedgerFlags {
  repo?: string;
  output?: string;
}

/** A key given inline (`name+id+base64`) or as a file holding it. */
export async function readKeyArgument(io: Io, value: string, flag: string): Promise<string> {
  if (KEY_SHAPE.test(value)) return value;
  return (await readInput(io, value, flag)).trim();
}

/** `--witness KEY…` and `--min-witnesses M` as a policy, or undefined when no witness is required. */
export async function readWitnessPolicy(io: Io, keys: readonly string[] | undefined, minimum: string | undefined): Promise<WitnessPolicy | undefined> {
  if (!keys || keys.length === 0) {
    if (minimum !== undefined) throw new CustodyError("usage", "--min-witnesses needs at least one --witness key");
    return undefined;
  }
  const witnesses = await Promise.all(keys.map(async (key) => parseWitnessVerifier(await readKeyArgument(io, key, "--witness"))));
  if (minimum === undefined) return { witnesses };
  const count = Number(minimum);
  if (!Number.isInteger(count) || count < 1 || count > witnesses.length) {
    throw new CustodyError("usage", `--min-witnesses must be a whole number from 1 to ${witnesses.length} (the witnesses given), got ${JSON.stringify(minimum)}`);
  }
  return { witnesses, minimum: count };
}

/** `ledger verify --from-export DIR`: the export's own checks, then the witness policy on its checkpoint. */
export async function verifyExportDirectory(
  io: Io,
  directory: string,
  key: string,
  trusted: string | undefined,
  policy: WitnessPolicy | undefined,
): Promise<{ shown: string; report: VerifyReport }> {
  const shown = resolve(io.cwd, directory);
  const report = await verifyExport(shown, key, trusted !== undefined ? { trustedCheckpoint: trusted } : {});
  if (!policy) return { shown, report };
  const note = await readFile(resolve(shown, "checkpoint"), "utf8").catch(() => undefined);
  return { shown, report: requireWitnesses(report, note, policy, "the export's checkpoint") };
}

export function registerLedgerExport(ledger: Command, { io, exit }: CommandContext): void {
  const exportCommand = ledger
    .command("export")
    .description("write the ledger as a static C2SP tlog-tiles directory (checkpoint, hash tiles, entry bundles) that ledger verify --from-export checks")
    .argument("<dir>", "a new or empty directory to write the export to")
    .option("--key <key|file>", "the log's verifier key (default: the key the ledger recorded when it was created)");
  addOptions(exportCommand, ["repo", "ledger", "format", "output"]).action(async (dir: string, flags: StoreFlags & { key?: string; format?: string }) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    const key = flags.key !== undefined ? parseVerifierKey(await readKeyArgument(io, flags.key, "--key")) : undefined;
    const store = await openLedgerStore(await ledgerLocation(io, repoPath(io, flags.repo), flags), { readonly: true });
    try {
      const result = await exportLedger(store, resolve(io.cwd, dir), key ? { verifierKey: key } : {});
      const text =
        `Exported ${result.size} entries of ledger ${store.location} to ${result.directory}: ` +
        `${result.tiles} hash tile(s), ${result.bundles} entry bundle(s), root ${result.rootHash}\n`;
      await emit(io, format === "json" ? json({ ledger: store.location, ...result }) : text, flags.output);
    } finally {
      await store.close();
    }
  });

  ledger
    .command("witness-key")
    .description("create a witness key: the private key in FILE (mode 0600, never overwritten), the cosignature verifier key in FILE.pub")
    .argument("<name>", "the witness's name, a schema-less URL such as witness.example.com/w1")
    .argument("<file>", "where to write the private key")
    .action(async (name: string, file: string) => {
      const verifier = await createWitnessKeyFile(resolve(io.cwd, file), name);
      io.out(`${verifier.verifierKey}\n`);
    });

  const witness = ledger
    .command("witness")
    .description("act as a C2SP witness: check an add-checkpoint request against the last checkpoint cosigned and print the cosignature; exit 1 with the reason when refused")
    .requiredOption("--witness-key <file>", "the witness's private key file (from ledger witness-key)")
    .requiredOption("--log-key <key|file>", "the verifier key of the log whose checkpoints are cosigned")
    .requiredOption("--state <file>", "the last checkpoint cosigned for this log; created on the first cosignature, replaced atomically")
    .option("--origin <origin>", "the log's origin (default: the name of the log key)")
    .option("--request <file>", "the add-checkpoint request (default: standard input)");
  addOptions(witness, ["output"]).action(async (flags: { witnessKey: string; logKey: string; state: string; origin?: string; request?: string; output?: string }) => {
    const log = parseVerifierKey(await readKeyArgument(io, flags.logKey, "--log-key"));
    const signer = await loadWitnessSigner(resolve(io.cwd, flags.witnessKey));
    const body = await readInput(io, flags.request ?? "-", "--request");
    const decision = await witnessCheckpoint({
      statePath: resolve(io.cwd, flags.state),
      body,
      origin: flags.origin ?? log.name,
      log,
      witness: signer,
      now: io.now(),
    });
    if (!decision.ok) {
      io.err(`custody: witness refused (${decision.reason}): ${decision.message}\n`);
      exit(1);
      return;
    }
    await emit(io, decision.cosignature, flags.output);
  });

  const cosign = ledger
    .command("cosign")
    .description("store a witness's cosignatures with the newest checkpoint, after checking them against the witness keys given")
    .requiredOption("--add <file>", "the witness's answer: its cosignature line(s) (- for standard input)")
    .requiredOption("--witness <key|file...>", "verifier key(s) of the witness(es) whose cosignatures to keep");
  addOptions(cosign, ["repo", "ledger", "format", "output"]).action(async (flags: StoreFlags & { add: string; witness: string[]; format?: string }) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    const policy = await readWitnessPolicy(io, flags.witness, undefined);
    const response = await readInput(io, flags.add, "--add");
    const store = await openLedgerStore(await ledgerLocation(io, repoPath(io, flags.repo), flags));
    try {
      const attached = await attachCosignatures(store, response, policy?.witnesses ?? []);
      const names = attached.added.map((c) => `${c.witness} (at ${new Date(c.timestamp * 1000).toISOString()})`).join(", ");
      const text = `Stored the cosignature(s) of ${names} with the checkpoint for size ${attached.size}\n`;
      await emit(io, format === "json" ? json({ ledger: store.location, ...attached }) : text, flags.output);
    } finally {
      await store.close();
    }
  });
}

/** A file's text, or standard input for "-". */
async function readInput(io: Io, file: string, flag: string): Promise<string> {
  if (file === "-") {
    try {
      return (await io.readStdin(MAX_INPUT_BYTES)).toString("utf8");
    } catch (error) {
      throw new CustodyError("input-too-large", `${flag}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  try {
    return await readFile(resolve(io.cwd, file), "utf8");
  } catch {
    throw new CustodyError("file-unreadable", `${flag} ${file} cannot be read; check the path`);
  }
}
