// Ledger entries are events serialised as RFC 8785 canonical JSON in UTF-8, so that the same event
// always has the same bytes (and leaf hash) whoever writes it. An entry is at most 65,535 bytes: C2SP
// entry bundles (c2sp.org/tlog-tiles) prefix each entry with a big-endian uint16 length, and a log that
// cannot be exported in that form cannot be checked by the tools built for it.
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

/** The largest entry a C2SP entry bundle can carry. */
export const MAX_ENTRY_BYTES = 0xffff;

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
  const bytes = encoder.encode(text);
  if (bytes.byteLength > MAX_ENTRY_BYTES) {
    throw new CustodyError(
      "ledger-event-invalid",
      `cannot record event ${parsed.data.type}: it is ${bytes.byteLength.toLocaleString("en-US")} bytes and a ledger ` +
        `entry holds at most ${MAX_ENTRY_BYTES.toLocaleString("en-US")}: record digests and the first items of long ` +
        "lists, not whole lists",
    );
  }
  return bytes;
}

/**
 * Shortens the named array fields of an event's payload until its entry fits in MAX_ENTRY_BYTES, keeping
 * the first items of each list (the same number from every list that is long enough). Each list's full
 * length is recorded beside it as `<name>Total`, so a reader of the entry can tell a shortened list
 * from a complete one; callers record a digest of the full data where its content must stay provable.
 * The event is returned unchanged apart from the totals when it already fits.
 */
export function fitEventLists(event: LedgerEvent, lists: readonly string[], maxBytes: number = MAX_ENTRY_BYTES): LedgerEvent {
  const full = new Map<string, unknown[]>();
  for (const name of lists) {
    const value = event.payload[name];
    if (Array.isArray(value)) full.set(name, value);
  }
  const withCap = (cap: number): LedgerEvent => {
    const payload: Record<string, unknown> = { ...event.payload };
    for (const [name, items] of full) {
      payload[name] = items.length > cap ? items.slice(0, cap) : items;
      payload[`${name}Total`] = items.length;
    }
    return { ...event, payload };
  };
  const longest = Math.max(0, ...[...full.values()].map((items) => items.length));
  const whole = withCap(longest);
  if (entrySize(whole) <= maxBytes) return whole;
  // The largest cap that fits: sizes grow with the cap, so a binary search needs O(log n) encodings.
  let fits = 0;
  let tooBig = longest;
  while (tooBig - fits > 1) {
    const middle = Math.floor((fits + tooBig) / 2);
    if (entrySize(withCap(middle)) <= maxBytes) fits = middle;
    else tooBig = middle;
  }
  return withCap(fits);
}

/** Bytes of the canonical encoding, or Infinity when the event cannot be encoded. */
function entrySize(event: LedgerEvent): number {
  const text = canonicalJson(event);
  return text === undefined ? Number.POSITIVE_INFINITY : Buffer.byteLength(text, "utf8");
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
