// Ledger entries are events serialised as RFC 8785 canonical JSON in UTF-8, so that the same event
// always has the same bytes (and leaf hash) whoever writes it.
import { z } from "zod";
import { canonicalJson as canonicalize } from "../core/digest.js";
import { CustodyError } from "../core/errors.js";
import { EVENT_TYPES } from "../core/types.js";
import type { LedgerEvent } from "../core/types.js";

export const ledgerEventSchema = z.strictObject({
  type: z.enum(EVENT_TYPES),
  time: z.iso.datetime({ offset: false }),
  actor: z.string().min(1),
  subject: z.string(),
  payload: z.record(z.string(), z.unknown()),
});

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** Canonical JSON bytes of a valid event. Payload fields that JSON cannot hold (undefined, functions) are dropped. */
export function encodeEvent(event: LedgerEvent): Uint8Array {
  const parsed = ledgerEventSchema.safeParse(event);
  if (!parsed.success) throw invalidEvent("cannot record event", parsed.error);
  const text = canonicalJson(parsed.data);
  if (text === undefined) {
    throw new CustodyError(
      "ledger-event-invalid",
      "cannot record event: its payload holds a value JSON cannot represent (NaN, Infinity or a BigInt)",
    );
  }
  return encoder.encode(text);
}

/** Parses entry bytes back into an event; rejects anything that is not the canonical encoding of a valid event. */
export function decodeEvent(entry: Uint8Array): LedgerEvent {
  let text: string;
  let value: unknown;
  try {
    text = utf8.decode(entry);
    value = JSON.parse(text);
  } catch {
    throw new CustodyError("ledger-event-invalid", "entry is not UTF-8 JSON");
  }
  const parsed = ledgerEventSchema.safeParse(value);
  if (!parsed.success) throw invalidEvent("entry is not a valid event", parsed.error);
  if (canonicalJson(value) !== text) {
    throw new CustodyError("ledger-event-invalid", "entry is valid JSON but not in canonical (RFC 8785) form");
  }
  return parsed.data;
}

function canonicalJson(value: unknown): string | undefined {
  try {
    return canonicalize(value);
  } catch {
    return undefined;
  }
}

function invalidEvent(prefix: string, error: z.ZodError): CustodyError {
  const issues = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(event)"}: ${issue.message}`)
    .join("; ");
  return new CustodyError("ledger-event-invalid", `${prefix}: ${issues}`);
}
