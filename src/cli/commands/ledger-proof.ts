// `custody ledger proof` (a receipt for one entry, or a consistency proof from an older tree size, both
// against the newest checkpoint) and `custody ledger verify-receipt` (checks a receipt offline with
// nothing but the log's public key).
import type { Command } from "commander";
import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { canonicalJson } from "../../core/digest.js";
import { CustodyError, isCustodyError } from "../../core/errors.js";
import type { LedgerEvent } from "../../core/types.js";
import { consistencyFor, decodeEvent, encodeBase64, openLedgerStore, receiptFor, verifyReceipt } from "../../ledger/index.js";
import type { ReceiptFailure, VerifiedReceipt } from "../../ledger/index.js";
import type { Io } from "../io.js";
import { addOptions, emit, json, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";
import { repoPath } from "./common.js";
import { readKeyArgument } from "./ledger-export.js";
import { ledgerLocation, type LedgerFlags } from "./record.js";

/** A receipt carries at most a 64 KiB entry in base64 and a checkpoint: anything near this is not one. */
const MAX_INPUT_BYTES = 1024 * 1024;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

interface ProofFlags extends LedgerFlags {
  repo?: string;
  output?: string;
  index?: string;
  from?: string;
}

interface VerifyReceiptFlags {
  key: string;
  entry?: string;
  format?: string;
  output?: string;
}

export function registerLedgerProof(ledger: Command, { io, exit }: CommandContext): void {
  const proof = ledger
    .command("proof")
    .description("print a receipt for one entry, or a consistency proof from an older tree size, against the newest checkpoint")
    .option("--index <n>", "entry to prove: prints its receipt (c2sp.org/tlog-proof, with the entry on its extra line)")
    .option("--from <size>", "older tree size: prints the consistency proof to the newest checkpoint (a c2sp.org/tlog-witness request body)");
  addOptions(proof, ["repo", "ledger", "output"]).action(async (flags: ProofFlags) => {
    if ((flags.index === undefined) === (flags.from === undefined)) {
      throw new CustodyError("usage", "give exactly one of --index N (a receipt for entry N) or --from SIZE (a consistency proof)");
    }
    const store = await openLedgerStore(await ledgerLocation(io, repoPath(io, flags.repo), flags), { readonly: true });
    try {
      const text =
        flags.index !== undefined
          ? await receiptFor(store, wholeNumber(flags.index, "--index"))
          : await consistencyFor(store, wholeNumber(flags.from ?? "", "--from"));
      await emit(io, text, flags.output);
    } finally {
      await store.close();
    }
  });

  const verify = ledger
    .command("verify-receipt")
    .description("check a receipt offline: the checkpoint's signature, and that its entry is included under the signed root; exit 1 if not")
    .argument("<file>", "the receipt (as ledger proof --index printed it), or - for standard input")
    .requiredOption("--key <key|file>", "the log's verifier key (name+hash+base64) or a file holding it")
    .option("--entry <file>", "the entry (JSON event) the receipt must prove; needed when the receipt does not carry its entry");
  addOptions(verify, ["format", "output"]).action(async (file: string, flags: VerifyReceiptFlags) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    const key = await readKeyArgument(io, flags.key, "--key");
    const receipt = (await readBytes(io, file, "receipt")).toString("utf8");
    const entry = flags.entry !== undefined ? entryBytes(await readBytes(io, flags.entry, "--entry")) : undefined;
    const checked = verifyReceipt(receipt, key, entry !== undefined ? { entry } : {});
    await emit(io, format === "json" ? json(receiptJson(checked)) : receiptText(checked), flags.output);
    exit(checked.ok ? 0 : 1);
  });
}

function wholeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!DECIMAL.test(value) || !Number.isSafeInteger(n)) {
    throw new CustodyError("usage", `${flag} must be a whole number (0, 1, 2, …), got ${JSON.stringify(value)}`);
  }
  return n;
}

/** An entry file as recorded (canonical JSON); a reformatted copy of the same event is brought back to that form. */
function entryBytes(bytes: Buffer): Uint8Array {
  try {
    const canonical = canonicalJson(JSON.parse(bytes.toString("utf8")));
    if (canonical !== undefined) return Buffer.from(canonical, "utf8");
  } catch {
    // Not JSON: checked as it is, and it will not match.
  }
  return bytes;
}

function eventOf(entry: Uint8Array): LedgerEvent | undefined {
  try {
    return decodeEvent(entry);
  } catch (error) {
    if (isCustodyError(error)) return undefined;
    throw error;
  }
}

function receiptText(checked: VerifiedReceipt | ReceiptFailure): string {
  if (!checked.ok) return `FAILED: ${checked.reason}: ${checked.message}\n`;
  const lines = [
    `OK: entry ${checked.index} is in log ${checked.origin} at tree size ${checked.treeSize} ` +
      `(checkpoint signed by ${checked.verifiedBy.join(", ")})`,
  ];
  const event = eventOf(checked.entry);
  if (event) lines.push(`  ${event.type} ${event.subject} at ${event.time} by ${event.actor}`);
  return `${lines.join("\n")}\n`;
}

function receiptJson(checked: VerifiedReceipt | ReceiptFailure): unknown {
  if (!checked.ok) return checked;
  return {
    ok: true,
    index: checked.index,
    treeSize: checked.treeSize,
    rootHash: encodeBase64(checked.rootHash),
    origin: checked.origin,
    leafHash: encodeBase64(checked.leafHash),
    verifiedBy: checked.verifiedBy,
    event: eventOf(checked.entry) ?? null,
  };
}

async function readBytes(io: Io, file: string, what: string): Promise<Buffer> {
  if (file === "-") {
    try {
      return await io.readStdin(MAX_INPUT_BYTES);
    } catch (error) {
      throw new CustodyError("input-too-large", `${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const path = resolve(io.cwd, file);
  try {
    if ((await stat(path)).size > MAX_INPUT_BYTES) {
      throw new CustodyError("input-too-large", `${what} ${file} is larger than ${MAX_INPUT_BYTES} bytes; it is not a receipt or an entry`);
    }
    return await readFile(path);
  } catch (error) {
    if (isCustodyError(error)) throw error;
    throw new CustodyError("file-unreadable", `${what} ${file} cannot be read; check the path`);
  }
}
