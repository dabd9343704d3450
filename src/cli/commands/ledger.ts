import type { Command } from "commander";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CustodyError } from "../../core/errors.js";
import { openLedgerStore, requireWitnesses, verifyLedger, type VerifyReport } from "../../ledger/index.js";
import type { Io } from "../io.js";
import { addOptions, emit, json, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";
import { repoPath } from "./common.js";
import { readWitnessPolicy, registerLedgerExport, verifyExportDirectory } from "./ledger-export.js";
import { registerLedgerProof } from "./ledger-proof.js";
import { ledgerLocation, ledgerPaths, type LedgerFlags } from "./record.js";

interface VerifyFlags extends LedgerFlags {
  repo?: string;
  key?: string;
  checkpoint?: string;
  fromExport?: string;
  witness?: string[];
  minWitnesses?: string;
  format?: string;
  output?: string;
}

async function readText(io: Io, file: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, file), "utf8");
  } catch {
    throw new CustodyError("file-unreadable", `${what} ${file} cannot be read; check the path`);
  }
}

/** `--key` takes the verifier key itself (`name+hash+base64`) or a file holding it. */
async function verifierKey(io: Io, flags: VerifyFlags, keyFile: () => Promise<string>): Promise<{ key: string; from: string }> {
  if (flags.key !== undefined) {
    if (/^[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(flags.key)) return { key: flags.key, from: "--key" };
    return { key: (await readText(io, flags.key, "--key")).trim(), from: flags.key };
  }
  // Looked up only now: with --key, a database ledger can be verified outside any repository.
  const defaultKeyFile = await keyFile();
  try {
    return { key: (await readFile(`${defaultKeyFile}.pub`, "utf8")).trim(), from: `${defaultKeyFile}.pub` };
  } catch {
    throw new CustodyError(
      "ledger-key-missing",
      `no verifier key: ${defaultKeyFile}.pub does not exist; pass --key with the ledger's public key (name+hash+base64 or a file)`,
    );
  }
}

function verifyText(report: VerifyReport, ledger: string, keyFrom: string): string {
  const head = report.ok
    ? `OK: ledger ${ledger} verified: ${report.size} entries, ${report.checkedCheckpoints} signed checkpoint(s) checked (key from ${keyFrom})`
    : `FAILED: ledger ${ledger} does not verify (${report.size} entries; key from ${keyFrom})`;
  return `${[head, ...report.problems.map((p) => `  ${p.kind}: ${p.message}`)].join("\n")}\n`;
}

export function registerLedger(program: Command, { io, exit }: CommandContext): void {
  const ledger = program.command("ledger").description("the tamper-evident record of scans, decisions and approvals");
  const verify = ledger
    .command("verify")
    .description("recompute the Merkle tree and check every signed checkpoint; exit 1 naming the first bad entry")
    .option("--key <key|file>", "verifier key (name+hash+base64) or a file holding it (default: the .pub beside the ledger key)")
    .option("--checkpoint <file>", "a signed checkpoint kept from earlier: detects truncation even if checkpoints were deleted")
    .option("--from-export <dir>", "verify a C2SP tiles export (from ledger export) instead of a ledger database; needs only the directory and --key")
    .option("--witness <key|file...>", "require cosignatures on the newest checkpoint by these witness verifier keys")
    .option("--min-witnesses <n>", "how many of the --witness keys must have cosigned (default: all of them)");
  addOptions(verify, ["repo", "ledger", "ledgerKey", "format", "output"]).action(async (flags: VerifyFlags) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    const repo = repoPath(io, flags.repo);
    const key = await verifierKey(io, flags, async () => (await ledgerPaths(io, repo, flags)).key);
    const trusted = flags.checkpoint !== undefined ? await readText(io, flags.checkpoint, "--checkpoint") : undefined;
    const witnesses = await readWitnessPolicy(io, flags.witness, flags.minWitnesses);
    if (flags.fromExport !== undefined) {
      const { shown, report } = await verifyExportDirectory(io, flags.fromExport, key.key, trusted, witnesses);
      await emit(io, format === "json" ? json({ ledger: shown, ...report }) : verifyText(report, shown, key.from), flags.output);
      exit(report.ok ? 0 : 1);
      return;
    }
    const store = await openLedgerStore(await ledgerLocation(io, repo, flags), { readonly: true });
    const shown = store.location;
    let report: VerifyReport;
    try {
      report = await verifyLedger(store, key.key, trusted !== undefined ? { trustedCheckpoint: trusted } : {});
      if (witnesses) report = requireWitnesses(report, (await store.latestCheckpoint())?.note, witnesses, "the newest checkpoint");
    } finally {
      await store.close();
    }
    await emit(io, format === "json" ? json({ ledger: shown, ...report }) : verifyText(report, shown, key.from), flags.output);
    exit(report.ok ? 0 : 1);
  });
  const checkpoint = ledger.command("checkpoint").description("print the newest signed checkpoint; keep it to detect later truncation");
  addOptions(checkpoint, ["repo", "ledger", "output"]).action(async (flags: LedgerFlags & { repo?: string; output?: string }) => {
    const store = await openLedgerStore(await ledgerLocation(io, repoPath(io, flags.repo), flags), { readonly: true });
    try {
      const latest = await store.latestCheckpoint();
      if (!latest) throw new CustodyError("ledger-invalid", `ledger ${store.location} has no checkpoint yet; run custody gate first`);
      await emit(io, latest.note, flags.output);
    } finally {
      await store.close();
    }
  });
  registerLedgerProof(ledger, { io, exit });
  registerLedgerExport(ledger, { io, exit });
}
