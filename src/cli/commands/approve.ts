// `custody approve CHANGE --verdict …`: signs an in-toto approval statement for the exact tree of a
// change with the reviewer's key and appends it to the ledger; an override also escalates.
import type { Command } from "commander";
import { Option } from "commander";
import { z } from "zod";
import {
  MAX_JUSTIFICATION,
  VERDICTS,
  approvalEvent,
  changeAuthors,
  groupMembers,
  loadSigningKey,
  memberDirectory,
  overrideNotification,
  personProblem,
  readDelegations,
  readLedgerEvents,
  resolveSigner,
  signApproval,
  signedRecords,
  statementDigest,
  type ApprovalPredicate,
  type Envelope,
  type IndexedEvent,
  type Verdict,
} from "../../approvals/index.js";
import { CustodyError } from "../../core/errors.js";
import { loadPolicyAt, type LoadedPolicy } from "../../core/pipeline.js";
import type { Change, LedgerEvent } from "../../core/types.js";
import { collectChange, findRepoRoot } from "../../git/index.js";
import { policyDigest } from "../../policy/index.js";
import { approvalSettings } from "../../policy/schema-approvals.js";
import type { LedgerRef } from "../../report/index.js";
import type { Io } from "../io.js";
import { addOptions, emit, json, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";
import { parseRange, repoPath } from "./common.js";
import { loadPolicyFile } from "./gate.js";
import { actorOf, appendEvents, ledgerPaths, type LedgerFlags } from "./record.js";

interface ApproveFlags extends LedgerFlags {
  repo?: string;
  verdict: Verdict;
  justification?: string;
  key: string;
  as?: string;
  onBehalfOf?: string;
  policy?: string;
  format?: string;
  output?: string;
}

export interface ApproveResult {
  verdict: Verdict;
  reviewer: string;
  onBehalfOf?: string;
  keyid: string;
  changeId: string;
  headTree: string;
  statementDigest: string;
  /** The signed statement as recorded, for the reviewer's own records. */
  envelope: Envelope;
  /** Where the override notification went, for an override. */
  escalatedTo?: { group: string; recipients: string[]; bypassed: string[] };
  ledger: LedgerRef;
}

const ChangePayload = z.looseObject({ base: z.string(), head: z.string() });

/** The change a CHANGE argument names: a `BASE..HEAD` range, or a change id (or a unique prefix) the ledger knows. */
async function resolveChange(repo: string, argument: string, events: readonly IndexedEvent[]): Promise<Change> {
  if (argument.includes("..")) {
    const range = parseRange(argument);
    return collectChange(repo, range.base ?? "HEAD~1", range.head);
  }
  if (!/^[0-9a-f]{8,64}$/.test(argument)) {
    throw new CustodyError("usage", `CHANGE must be a change id (8 to 64 hex digits, as \`custody gate\` prints it) or a BASE..HEAD range, got ${JSON.stringify(argument)}`);
  }
  const found = new Map<string, { base: string; head: string }>();
  for (const { event } of events) {
    if ((event.type !== "decision.made" && event.type !== "provenance.recorded") || !event.subject.startsWith(`change:${argument}`)) continue;
    const payload = ChangePayload.safeParse(event.payload);
    if (payload.success) found.set(event.subject.slice("change:".length), { base: payload.data.base, head: payload.data.head });
  }
  if (found.size > 1) throw new CustodyError("usage", `change id ${argument} is ambiguous (${[...found.keys()].map((id) => id.slice(0, 16)).join(", ")}); give more digits`);
  const [entry] = [...found.entries()];
  if (!entry) {
    throw new CustodyError("change-not-found", `no gate run for change ${argument} is recorded in the ledger; run \`custody gate\` on it first, or pass BASE..HEAD`);
  }
  const [id, { base, head }] = entry;
  const change = await collectChange(repo, base, head);
  if (change.id !== id) {
    throw new CustodyError("change-not-found", `change ${id.slice(0, 12)} was recorded for ${base.slice(0, 12)}..${head.slice(0, 12)}, which now gives change ${change.id.slice(0, 12)}; pass BASE..HEAD`);
  }
  return change;
}

/** What an override lets through, from the newest decision the ledger holds for the change. */
function bypassedBy(events: readonly IndexedEvent[], changeId: string): { outcome: string; bypassed: string[] } {
  const Decision = z.looseObject({
    outcome: z.string(),
    reasons: z.array(z.looseObject({ ruleName: z.string(), outcome: z.string() })),
    requiredApprovals: z.array(z.looseObject({ group: z.string(), count: z.number(), satisfiedBy: z.array(z.string()) })),
  });
  const latest = [...events].reverse().find(({ event }) => event.type === "decision.made" && event.subject === `change:${changeId}`);
  const parsed = latest ? Decision.safeParse(latest.event.payload) : undefined;
  if (!parsed?.success) return { outcome: "unknown", bypassed: ["no gate decision is recorded for this change; the override lets any outcome through"] };
  const blocks = parsed.data.reasons.filter((r) => r.outcome === "block").map((r) => `rule ${r.ruleName} (block)`);
  const open = parsed.data.requiredApprovals
    .filter((a) => a.satisfiedBy.length < a.count)
    .map((a) => `${a.count - a.satisfiedBy.length} more approval(s) from ${a.group} (${a.satisfiedBy.length} of ${a.count})`);
  return { outcome: parsed.data.outcome, bypassed: [...blocks, ...open] };
}

export async function approve(io: Io, argument: string, flags: ApproveFlags): Promise<ApproveResult> {
  const repo = await findRepoRoot(repoPath(io, flags.repo));
  const paths = await ledgerPaths(io, repo, flags);
  const events = await readLedgerEvents(paths.ledger);
  const change = await resolveChange(repo, argument, events);
  const loaded: LoadedPolicy = flags.policy !== undefined ? await loadPolicyFile(io, flags.policy) : await loadPolicyAt(repo, change.base);
  const settings = approvalSettings(loaded.policy);
  const justification = flags.justification?.trim() ?? "";
  if (flags.verdict === "override" && justification === "") {
    throw new CustodyError("approval-refused", "an override needs --justification saying why the policy's requirements are bypassed; it is sent to the override group");
  }
  if (justification.length > MAX_JUSTIFICATION) {
    throw new CustodyError("usage", `--justification is ${justification.length} characters; keep it under ${MAX_JUSTIFICATION} and link to details`);
  }
  const key = await loadSigningKey(flags.key);
  const directory = memberDirectory(loaded.policy);
  const records = signedRecords(events);
  const delegations = readDelegations(records, directory, change.repo, settings.bots);
  const now = io.now().toISOString();
  const signer = resolveSigner(directory, key.publicKey, delegations.valid, {
    ...(flags.as !== undefined ? { as: flags.as } : {}),
    ...(flags.onBehalfOf !== undefined ? { onBehalfOf: flags.onBehalfOf } : {}),
    policySource: loaded.source,
    now,
    nextEntry: events.length,
  });
  const problem = personProblem(signer.person, signer.reviewer, { authors: changeAuthors(change), bots: settings.bots });
  if (problem !== undefined) throw new CustodyError("approval-refused", `${signer.reviewer} cannot ${flags.verdict} this change: ${problem}`);
  if (flags.verdict === "override") {
    if (signer.delegation) throw new CustodyError("approval-refused", "an override cannot be signed under a delegation; the member must sign it with their own key");
    if (!signer.person.groups.includes(settings.overrideGroup)) {
      throw new CustodyError("approval-refused", `${signer.person.id} is no member of the override group ${settings.overrideGroup}, so an override by them would not count`);
    }
  }
  const predicate: ApprovalPredicate = {
    changeId: change.id,
    repo: change.repo,
    base: change.base,
    head: change.head,
    headTree: change.headTree,
    verdict: flags.verdict,
    ...(justification !== "" ? { justification } : {}),
    reviewer: { id: signer.reviewer, ...(signer.delegation ? { onBehalfOf: signer.person.id } : {}) },
    time: now,
    policyDigest: policyDigest(loaded.policy),
  };
  const envelope = signApproval(predicate, key);
  const meta = { time: now, actor: actorOf(io) };
  const toRecord: LedgerEvent[] = [approvalEvent(envelope, predicate, key.publicKey.fingerprint, meta)];
  let escalatedTo: ApproveResult["escalatedTo"];
  if (flags.verdict === "override") {
    const recipients = groupMembers(directory, settings.overrideGroup).map((m) => m.id);
    const { outcome, bypassed } = bypassedBy(events, change.id);
    const notice = { group: settings.overrideGroup, recipients, overriddenBy: signer.person.id, justification, outcome, bypassed, statementDigest: statementDigest(envelope) };
    toRecord.push(overrideNotification(change.id, notice, meta));
    escalatedTo = { group: settings.overrideGroup, recipients, bypassed };
  }
  const ledger = await appendEvents(paths, toRecord);
  return {
    verdict: flags.verdict,
    reviewer: signer.reviewer,
    ...(signer.delegation ? { onBehalfOf: signer.person.id } : {}),
    keyid: key.publicKey.fingerprint,
    changeId: change.id,
    headTree: change.headTree,
    statementDigest: statementDigest(envelope),
    envelope,
    ...(escalatedTo ? { escalatedTo } : {}),
    ledger,
  };
}

function render(result: ApproveResult): string {
  const who = result.onBehalfOf !== undefined ? `${result.reviewer} for ${result.onBehalfOf}` : result.reviewer;
  const lines = [
    `Recorded ${result.verdict} by ${who} of change ${result.changeId.slice(0, 12)} (tree ${result.headTree.slice(0, 12)})`,
    `  signed with ${result.keyid}; ledger entry ${result.ledger.indexes.join(", ")} (tree size ${result.ledger.treeSize})`,
  ];
  if (result.escalatedTo) {
    const to = result.escalatedTo;
    lines.push(`  escalated to group ${to.group}${to.recipients.length > 0 ? ` (${to.recipients.join(", ")})` : " (which has no members)"}; bypassed:`);
    lines.push(...to.bypassed.map((b) => `    - ${b}`));
  }
  return `${lines.join("\n")}\n`;
}

export function registerApprove(program: Command, { io }: CommandContext): void {
  const command = program
    .command("approve")
    .description("sign an approval, reject or override of a change's exact tree with your key and record it in the ledger")
    .argument("<change>", "change id as `custody gate` prints it (or a unique prefix), or BASE..HEAD")
    .addOption(new Option("--verdict <verdict>", "what you decide").choices(VERDICTS).makeOptionMandatory())
    .option("--justification <text>", "why (required for an override, which is escalated to the override group)")
    .requiredOption("--key <file>", "your private key: a `custody keygen` key or an unencrypted OpenSSH ed25519 key")
    .option("--as <identity>", "the policy identity to sign as, when your key is listed for several")
    .option("--on-behalf-of <identity>", "sign as a delegate of this member (see `custody delegate`)");
  addOptions(command, ["repo", "policy", "reportFormat", "output", "ledger", "ledgerKey"]);
  command.action(async (argument: string, flags: ApproveFlags) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    const result = await approve(io, argument, flags);
    await emit(io, format === "json" ? json(result) : render(result), flags.output);
  });
}
