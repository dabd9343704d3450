// `custody delegate`: a member signs that, until a time, another person's key approves in their place.
import type { Command } from "commander";
import {
  delegationEvent,
  loadSigningKey,
  memberDirectory,
  ownersOf,
  readDelegations,
  readLedgerEvents,
  requirePublicKey,
  signDelegation,
  signedRecords,
  type DelegationPredicate,
  type SignedRecord,
} from "../../approvals/index.js";
import { CustodyError } from "../../core/errors.js";
import { loadPolicyAt, type LoadedPolicy } from "../../core/pipeline.js";
import { findRepoRoot, repoName } from "../../git/index.js";
import { approvalSettings } from "../../policy/schema-approvals.js";
import type { Io } from "../io.js";
import { addOptions, emit, json, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";
import { repoPath } from "./common.js";
import { loadPolicyFile } from "./gate.js";
import { actorOf, appendEvents, ledgerPaths, type LedgerFlags } from "./record.js";

interface DelegateFlags extends LedgerFlags {
  repo?: string;
  to: string;
  toKey: string;
  until: string;
  group?: string[];
  reason?: string;
  key: string;
  as?: string;
  policy?: string;
  format?: string;
  output?: string;
}

/** An ISO 8601 time, or a duration from now: `36h`, `7d`. */
export function parseUntil(text: string, now: Date): Date {
  const relative = /^(\d{1,4})([hd])$/.exec(text.trim());
  if (relative?.[1] !== undefined) {
    const hours = Number(relative[1]) * (relative[2] === "d" ? 24 : 1);
    return new Date(now.getTime() + hours * 3_600_000);
  }
  const millis = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(millis)) throw new CustodyError("usage", `--until ${JSON.stringify(text)} is neither an ISO 8601 time (2026-07-01T18:00:00Z) nor a duration such as 36h or 7d`);
  return new Date(millis);
}

export async function delegate(io: Io, flags: DelegateFlags) {
  const repo = await findRepoRoot(repoPath(io, flags.repo));
  const loaded: LoadedPolicy = flags.policy !== undefined ? await loadPolicyFile(io, flags.policy) : await loadPolicyAt(repo, "HEAD");
  const now = io.now();
  const until = parseUntil(flags.until, now);
  if (until.getTime() <= now.getTime()) throw new CustodyError("delegation-invalid", `--until ${until.toISOString()} is already past; a delegation must end in the future`);
  const delegateKey = requirePublicKey(flags.toKey, "--to-key");
  const key = await loadSigningKey(flags.key);
  const directory = memberDirectory(loaded.policy);
  const owners = ownersOf(directory, key.publicKey.fingerprint);
  const delegator = flags.as !== undefined ? owners.find((m) => m.id.toLowerCase() === flags.as?.toLowerCase()) : owners.length === 1 ? owners[0] : undefined;
  const paths = await ledgerPaths(io, repo, flags);
  const events = await readLedgerEvents(paths.ledger);
  const records = signedRecords(events);
  const settings = approvalSettings(loaded.policy);
  const name = await repoName(repo);
  if (!delegator) {
    const asDelegate = readDelegations(records, directory, name, settings.bots).valid.some((d) => d.delegateKey.fingerprint === key.publicKey.fingerprint);
    if (asDelegate) throw new CustodyError("delegation-invalid", "chained delegation: your key is a delegate's, and a delegate cannot delegate further");
    if (owners.length > 1) throw new CustodyError("delegation-invalid", `key ${key.publicKey.fingerprint} is listed for ${owners.map((m) => m.id).join(", ")}; say which with --as`);
    throw new CustodyError("delegation-invalid", `key ${key.publicKey.fingerprint} belongs to no member of the policy (${loaded.source})${flags.as !== undefined ? ` named ${flags.as}` : ""}; only members can delegate`);
  }
  const predicate: DelegationPredicate = {
    repo: name,
    delegator: { id: delegator.id },
    delegate: { id: flags.to, key: delegateKey.text },
    groups: [...new Set(flags.group ?? [])].sort(),
    validFrom: now.toISOString(),
    validUntil: until.toISOString(),
    ...(flags.reason !== undefined && flags.reason.trim() !== "" ? { reason: flags.reason.trim() } : {}),
  };
  const envelope = signDelegation(predicate, delegateKey, key);
  const event = delegationEvent(envelope, predicate, key.publicKey.fingerprint, { time: now.toISOString(), actor: actorOf(io) });
  // The same check the gate will make, so a delegation that would never count is refused now.
  const candidate: SignedRecord = { entry: events.length, type: "delegation.recorded", recordedAt: event.time, subject: event.subject, envelope };
  const check = readDelegations([...records, candidate], directory, name, settings.bots);
  const refused = check.rejected.find((r) => r.entry === candidate.entry);
  if (refused) throw new CustodyError("delegation-invalid", `this delegation would not count: ${refused.reason}`);
  const ledger = await appendEvents(paths, [event]);
  return { delegator: delegator.id, delegate: flags.to, delegateKey: delegateKey.fingerprint, groups: check.valid.find((d) => d.entry === candidate.entry)?.groups ?? [], validUntil: predicate.validUntil, ledger };
}

export function registerDelegate(program: Command, { io }: CommandContext): void {
  const command = program
    .command("delegate")
    .description("let another person's key approve in your place for some or all of your groups until a time (signed, recorded in the ledger)")
    .requiredOption("--to <identity>", "the delegate's identity (e-mail or login)")
    .requiredOption("--to-key <public-key>", "the delegate's public key: `ed25519:…` or an `ssh-ed25519 AAAA…` line")
    .requiredOption("--until <time>", "when the delegation ends: an ISO 8601 time or a duration such as 36h or 7d")
    .option("--group <name...>", "groups it covers (default: all of yours)")
    .option("--reason <text>", "why, for the record")
    .requiredOption("--key <file>", "your private key (the key the policy lists for you)")
    .option("--as <identity>", "the policy identity to sign as, when your key is listed for several")
    .option("--policy <file>", "use this policy file instead of the one at HEAD");
  addOptions(command, ["repo", "reportFormat", "output", "ledger", "ledgerKey"]);
  command.action(async (flags: DelegateFlags) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    const result = await delegate(io, flags);
    const text = `Recorded delegation from ${result.delegator} to ${result.delegate} (${result.delegateKey}) for ${result.groups.join(", ")} until ${result.validUntil}; ledger entry ${result.ledger.indexes.join(", ")}\n`;
    await emit(io, format === "json" ? json(result) : text, flags.output);
  });
}
