// From a recorded approval to a claim that can count: the envelope's signature verifies under a key
// of the member the statement names (or of a delegate acting for them within the delegation's period),
// the statement is about this change, and the person is neither a bot nor one of the change's authors.
import type { IgnoredApproval, Person } from "../core/types.js";
import { outsidePeriod, type Delegation, type RejectedDelegation } from "./delegation.js";
import { IN_TOTO_PAYLOAD_TYPE, envelopeBody, verifyEnvelope } from "./dsse.js";
import { authorMatch, botReason } from "./identity.js";
import type { PublicKey } from "./keys.js";
import { findMember, memberKey, ownersOf, type Directory, type Member } from "./members.js";
import type { SignedRecord } from "./records.js";
import { parseStatement, type ApprovalPredicate } from "./statement.js";

export interface Claim {
  entry: number;
  recordedAt: string;
  /** The member the statement counts as. */
  person: Member;
  /** Who signed (the member, or a delegate). */
  signer: string;
  keyid: string;
  predicate: ApprovalPredicate;
  delegation?: Delegation;
  /** An unsigned what-if approval (`policy simulate --approve`), never recorded. */
  hypothetical?: boolean;
}

export interface VerifyContext {
  directory: Directory;
  /** Every member key and every valid delegate key. */
  keys: PublicKey[];
  delegations: readonly Delegation[];
  /** Delegations refused, to say why a delegate's signature does not count. */
  rejectedDelegations: readonly RejectedDelegation[];
  change: { id: string; repo: string; base: string };
  authors: readonly Person[];
  bots: readonly string[];
}

export type Verified = { ok: true; claim: Claim } | { ok: false; ignored: IgnoredApproval };

export function short(id: string): string {
  return id.slice(0, 12);
}

export function verifyApproval(record: SignedRecord, context: VerifyContext): Verified {
  const keyid = record.envelope?.signatures[0]?.keyid;
  const verdictOf = record.type === "override.recorded" ? "override" : "approve";
  const ignore = (reason: string, reviewer = "unknown", verdict: string = verdictOf): Verified => ({
    ok: false,
    ignored: { reviewer, verdict, entry: record.entry, ...(keyid !== undefined ? { keyid } : {}), reason },
  });
  const envelope = record.envelope;
  if (!envelope) return ignore("the event holds no DSSE envelope");
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return ignore(`payload type ${envelope.payloadType} is not an in-toto statement`);
  const body = envelopeBody(envelope);
  const statement = body ? parseStatement(body) : undefined;
  if (!statement?.ok) return ignore(statement?.reason ?? "the payload is not base64");
  if (statement.kind !== "approval") return ignore("the signed statement is not an approval");
  const p = statement.predicate;
  const fail = (reason: string) => ignore(reason, p.reviewer.id, p.verdict);
  const [signer] = verifyEnvelope(envelope, context.keys);
  if (!signer) {
    const refused = context.rejectedDelegations.find((d) => d.delegateKey !== undefined && verifyEnvelope(envelope, [d.delegateKey]).length > 0);
    if (refused) return fail(`signed by ${refused.delegate} under a delegation that does not count (entry ${refused.entry}: ${refused.reason})`);
    const known = keyid !== undefined && context.keys.some((k) => k.fingerprint === keyid);
    return fail(
      known
        ? "signature does not verify: the statement was changed after it was signed"
        : `signature does not verify under any key in the policy${keyid !== undefined ? ` (key ${keyid} is unknown)` : ""}`,
    );
  }
  if ((record.type === "override.recorded") !== (p.verdict === "override")) {
    return fail(`a ${p.verdict} statement recorded as ${record.type}`);
  }
  if (p.repo !== context.change.repo || p.base !== context.change.base) {
    return fail(`approves another change (${short(p.changeId)}: repository ${p.repo}, base ${short(p.base)})`);
  }
  const who = identify(p, signer, context, record);
  if ("reason" in who) return fail(who.reason);
  const { person, delegation } = who;
  const problem = personProblem(person, p.reviewer.id, context);
  if (problem !== undefined) return fail(problem);
  const claim: Claim = { entry: record.entry, recordedAt: record.recordedAt, person, signer: p.reviewer.id, keyid: signer.fingerprint, predicate: p };
  if (delegation) claim.delegation = delegation;
  return { ok: true, claim };
}

/** Why a person (signing in person, or through `signerId` as delegate) can never count here, if so. */
export function personProblem(person: Member, signerId: string, context: Pick<VerifyContext, "authors" | "bots">): string | undefined {
  for (const identity of [signerId, person.id, person.email].filter((v): v is string => v !== undefined)) {
    const bot = botReason(identity, context.bots);
    if (bot !== undefined) return `bot identity: ${identity} is ${bot}`;
  }
  const wrote = authorMatch(person, context.authors) ?? authorMatch({ id: signerId }, context.authors);
  if (wrote) return `author of the change: ${wrote.email} wrote part of it`;
  return undefined;
}

function identify(
  p: ApprovalPredicate,
  signer: PublicKey,
  context: VerifyContext,
  record: SignedRecord,
): { person: Member; delegation?: Delegation } | { reason: string } {
  if (p.reviewer.onBehalfOf === undefined) {
    const owners = ownersOf(context.directory, signer.fingerprint);
    const person = owners.find((m) => memberKey(m.id) === memberKey(p.reviewer.id));
    if (person) return { person };
    if (owners.length === 0) return { reason: `key ${signer.fingerprint} belongs to no member of the policy` };
    return { reason: `signed with a key of ${owners.map((m) => m.id).join(", ")}, not of ${p.reviewer.id}, whom the statement names` };
  }
  const delegator = findMember(context.directory, p.reviewer.onBehalfOf);
  if (!delegator) return { reason: `signed on behalf of ${p.reviewer.onBehalfOf}, who is no member of the policy` };
  const matching = context.delegations.filter(
    (d) => d.delegator === delegator && memberKey(d.delegateId) === memberKey(p.reviewer.id) && d.delegateKey.fingerprint === signer.fingerprint,
  );
  if (matching.length === 0) {
    return { reason: `no valid delegation from ${delegator.id} to ${p.reviewer.id} with key ${signer.fingerprint} is recorded` };
  }
  const inPeriod = matching.find((d) => outsidePeriod(d, p.time, record.recordedAt, record.entry) === undefined);
  if (!inPeriod) {
    const newest = matching[matching.length - 1];
    return { reason: newest ? (outsidePeriod(newest, p.time, record.recordedAt, record.entry) ?? "outside the delegation") : "outside the delegation" };
  }
  return { person: delegator, delegation: inPeriod };
}
