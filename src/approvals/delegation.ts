// Delegations: a member signs that, for a period, a named person's key approves in their place for
// some or all of their groups. A delegation is valid only when a member's own key signed it (so a
// delegate cannot delegate further), it names someone else, and it covers only the member's groups.
import { IN_TOTO_PAYLOAD_TYPE, envelopeBody, verifyEnvelope } from "./dsse.js";
import { botReason } from "./identity.js";
import { parsePublicKey, type PublicKey } from "./keys.js";
import { allMemberKeys, findMember, memberKey, ownersOf, type Directory, type Member } from "./members.js";
import type { SignedRecord } from "./records.js";
import { delegateKeyDigest, parseStatement } from "./statement.js";

export interface Delegation {
  entry: number;
  recordedAt: string;
  delegator: Member;
  delegateId: string;
  delegateKey: PublicKey;
  /** The groups it covers: those named, or all of the delegator's. */
  groups: string[];
  validFrom: string;
  validUntil: string;
}

export interface RejectedDelegation {
  entry: number;
  delegator: string;
  delegate: string;
  reason: string;
  /** The key it would have let approve, when it names a usable one. */
  delegateKey?: PublicKey;
}

export interface Delegations {
  valid: Delegation[];
  rejected: RejectedDelegation[];
}

/** Reads every delegation record in ledger order; each is valid or rejected with its reason. */
export function readDelegations(records: readonly SignedRecord[], directory: Directory, repo: string, bots: readonly string[] = []): Delegations {
  const result: Delegations = { valid: [], rejected: [] };
  const memberKeys = allMemberKeys(directory);
  for (const record of records) {
    if (record.type !== "delegation.recorded") continue;
    const outcome = checkDelegation(record, directory, memberKeys, result.valid, repo, bots);
    if ("reason" in outcome) result.rejected.push(outcome);
    else result.valid.push(outcome);
  }
  return result;
}

function checkDelegation(
  record: SignedRecord,
  directory: Directory,
  memberKeys: PublicKey[],
  earlier: readonly Delegation[],
  repo: string,
  bots: readonly string[],
): Delegation | RejectedDelegation {
  const reject = (reason: string, delegator = "unknown", delegate = "unknown"): RejectedDelegation => ({ entry: record.entry, delegator, delegate, reason });
  const envelope = record.envelope;
  if (!envelope || envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return reject("the event holds no signed in-toto statement");
  const body = envelopeBody(envelope);
  const statement = body ? parseStatement(body) : undefined;
  if (!statement?.ok) return reject(statement?.reason ?? "the payload is not base64");
  if (statement.kind !== "delegation") return reject("the signed statement is not a delegation");
  const p = statement.predicate;
  const named = parsePublicKey(p.delegate.key);
  const fail = (reason: string): RejectedDelegation => ({
    ...reject(reason, p.delegator.id, p.delegate.id),
    ...(named.ok ? { delegateKey: named.key } : {}),
  });
  if (p.repo !== repo) return fail(`it is for repository ${p.repo}, not ${repo}`);
  const [signer] = verifyEnvelope(envelope, memberKeys);
  if (!signer) {
    const chained = earlier.find((d) => verifyEnvelope(envelope, [d.delegateKey]).length > 0);
    if (chained) {
      return fail(`chained delegation: ${chained.delegateId} is a delegate of ${chained.delegator.id}, and a delegate cannot delegate further`);
    }
    if (!findMember(directory, p.delegator.id)) return fail(`delegation by ${p.delegator.id}, who is no member of any group in the policy`);
    return fail(`the signature does not verify under any key of ${p.delegator.id}`);
  }
  const owners = ownersOf(directory, signer.fingerprint);
  const delegator = owners.find((m) => memberKey(m.id) === memberKey(p.delegator.id));
  if (!delegator) return fail(`signed with a key of ${owners.map((m) => m.id).join(", ")}, not of ${p.delegator.id}, whom it names as delegator`);
  const key = named;
  if (!key.ok) return fail(`the delegate's key is not usable: ${key.message}`);
  if (delegateKeyDigest(key.key.raw) !== statement.subjectDigest) return fail("the statement's subject does not pin the delegate's key");
  if (memberKey(p.delegate.id) === memberKey(delegator.id) || delegator.keys.some((k) => k.fingerprint === key.key.fingerprint)) {
    return fail("self-delegation: the delegate is the delegator");
  }
  const bot = botReason(p.delegate.id, bots);
  if (bot !== undefined) return fail(`the delegate ${p.delegate.id} is a bot identity (${bot})`);
  const foreign = p.groups.filter((g) => !delegator.groups.includes(g));
  if (foreign.length > 0) return fail(`${delegator.id} is no member of ${foreign.map((g) => `group ${g}`).join(", ")}, so cannot delegate it`);
  if (Date.parse(p.validUntil) <= Date.parse(p.validFrom)) return fail("it ends before it starts");
  return {
    entry: record.entry,
    recordedAt: record.recordedAt,
    delegator,
    delegateId: p.delegate.id,
    delegateKey: key.key,
    groups: p.groups.length > 0 ? [...p.groups] : [...delegator.groups],
    validFrom: p.validFrom,
    validUntil: p.validUntil,
  };
}

/** Why a delegation does not cover an act at these times, or undefined when it does. */
export function outsidePeriod(delegation: Delegation, signedAt: string, recordedAt: string, entry: number): string | undefined {
  const from = Date.parse(delegation.validFrom);
  const until = Date.parse(delegation.validUntil);
  const times = [Date.parse(signedAt), Date.parse(recordedAt)];
  if (entry < delegation.entry || times.some((t) => t < from)) {
    return `made before the delegation from ${delegation.delegator.id} to ${delegation.delegateId} started`;
  }
  if (times.some((t) => t > until)) {
    return `expired delegation: ${delegation.delegator.id} delegated to ${delegation.delegateId} until ${delegation.validUntil}`;
  }
  return undefined;
}
