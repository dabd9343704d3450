// Signed statements as the ledger holds them: an `approval.recorded`, `override.recorded` or
// `delegation.recorded` event whose payload carries the DSSE envelope. The other payload fields are
// for people reading the log; only the envelope is trusted, after its signature is checked.
import type { LedgerEvent } from "../core/types.js";
import { EnvelopeSchema, envelopeBody, IN_TOTO_PAYLOAD_TYPE, type Envelope } from "./dsse.js";
import { parseStatement, type ApprovalPredicate } from "./statement.js";

export const SIGNED_EVENT_TYPES = ["approval.recorded", "override.recorded", "delegation.recorded"] as const;
export type SignedEventType = (typeof SIGNED_EVENT_TYPES)[number];

export interface IndexedEvent {
  index: number;
  event: LedgerEvent;
}

export interface SignedRecord {
  /** Ledger index: the order the log fixed, which clocks cannot change. */
  entry: number;
  type: SignedEventType;
  /** The event's time as the ledger recorded it. */
  recordedAt: string;
  subject: string;
  /** Undefined when the payload holds no well-formed envelope. */
  envelope: Envelope | undefined;
}

function isSignedType(type: string): type is SignedEventType {
  return (SIGNED_EVENT_TYPES as readonly string[]).includes(type);
}

export function signedRecords(events: readonly IndexedEvent[]): SignedRecord[] {
  const records: SignedRecord[] = [];
  for (const { index, event } of events) {
    if (!isSignedType(event.type)) continue;
    const parsed = EnvelopeSchema.safeParse(event.payload.envelope);
    records.push({ entry: index, type: event.type, recordedAt: event.time, subject: event.subject, envelope: parsed.success ? parsed.data : undefined });
  }
  return records.sort((a, b) => a.entry - b.entry);
}

/** The approval a record's envelope states, read without checking its signature (for routing only). */
export function statedApproval(record: SignedRecord): ApprovalPredicate | undefined {
  if (!record.envelope || record.envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) return undefined;
  const body = envelopeBody(record.envelope);
  const statement = body ? parseStatement(body) : undefined;
  return statement?.ok === true && statement.kind === "approval" ? statement.predicate : undefined;
}

/**
 * Whether an approval record may concern this change: recorded under its subject, or (signature not
 * yet checked) naming the same repository and base, as approvals of the change's earlier trees do.
 * Records about other changes are left out of a gate's report altogether.
 */
export function concernsChange(record: SignedRecord, change: { id: string; repo: string; base: string }): boolean {
  if (record.type === "delegation.recorded") return false;
  if (record.subject === `change:${change.id}`) return true;
  const stated = statedApproval(record);
  return stated !== undefined && stated.repo === change.repo && stated.base === change.base;
}
