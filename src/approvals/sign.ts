// Making signed statements and the ledger events that carry them. The statement is serialised as
// RFC 8785 canonical JSON, so the same decision always signs the same bytes.
import { createHash } from "node:crypto";
import { canonicalJson } from "../core/digest.js";
import type { LedgerEvent } from "../core/types.js";
import { IN_TOTO_PAYLOAD_TYPE, signEnvelope, type Envelope } from "./dsse.js";
import type { PublicKey } from "./keys.js";
import type { SigningKey } from "./signing-key.js";
import { approvalStatement, delegationStatement, type ApprovalPredicate, type DelegationPredicate } from "./statement.js";

function statementBytes(statement: unknown): Uint8Array {
  return Buffer.from(canonicalJson(statement) ?? "null", "utf8");
}

export function signApproval(predicate: ApprovalPredicate, key: SigningKey): Envelope {
  return signEnvelope(IN_TOTO_PAYLOAD_TYPE, statementBytes(approvalStatement(predicate)), key);
}

export function signDelegation(predicate: DelegationPredicate, delegateKey: PublicKey, key: SigningKey): Envelope {
  return signEnvelope(IN_TOTO_PAYLOAD_TYPE, statementBytes(delegationStatement(predicate, delegateKey.raw)), key);
}

/** sha256 (hex) of the signed payload: how other events refer to a statement. */
export function statementDigest(envelope: Envelope): string {
  return createHash("sha256").update(Buffer.from(envelope.payload, "base64")).digest("hex");
}

interface EventMeta {
  time: string;
  actor: string;
}

export function approvalEvent(envelope: Envelope, predicate: ApprovalPredicate, keyid: string, meta: EventMeta): LedgerEvent {
  return {
    type: predicate.verdict === "override" ? "override.recorded" : "approval.recorded",
    time: meta.time,
    actor: meta.actor,
    subject: `change:${predicate.changeId}`,
    payload: {
      verdict: predicate.verdict,
      reviewer: predicate.reviewer.id,
      ...(predicate.reviewer.onBehalfOf !== undefined ? { onBehalfOf: predicate.reviewer.onBehalfOf } : {}),
      headTree: predicate.headTree,
      keyid,
      statementDigest: statementDigest(envelope),
      envelope,
    },
  };
}

export function delegationEvent(envelope: Envelope, predicate: DelegationPredicate, keyid: string, meta: EventMeta): LedgerEvent {
  return {
    type: "delegation.recorded",
    time: meta.time,
    actor: meta.actor,
    subject: `delegate:${predicate.delegate.id}`,
    payload: {
      delegator: predicate.delegator.id,
      delegate: predicate.delegate.id,
      groups: predicate.groups,
      validUntil: predicate.validUntil,
      keyid,
      statementDigest: statementDigest(envelope),
      envelope,
    },
  };
}

export interface OverrideNotice {
  group: string;
  recipients: string[];
  overriddenBy: string;
  justification: string;
  /** What the override lets through: the outcome and each open requirement or blocking rule. */
  outcome: string;
  bypassed: string[];
  statementDigest: string;
}

/** The escalation an override triggers: addressed to the override group, naming what it bypassed. */
export function overrideNotification(changeId: string, notice: OverrideNotice, meta: EventMeta): LedgerEvent {
  return {
    type: "notification.escalated",
    time: meta.time,
    actor: meta.actor,
    subject: `change:${changeId}`,
    payload: {
      reason: "override",
      to: `group:${notice.group}`,
      recipients: notice.recipients,
      overriddenBy: notice.overriddenBy,
      justification: notice.justification,
      outcome: notice.outcome,
      bypassed: notice.bypassed,
      statementDigest: notice.statementDigest,
    },
  };
}
