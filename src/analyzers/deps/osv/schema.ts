// The part of the OSV schema (https://ossf.github.io/osv-schema/) Custody reads. Unknown fields are
// dropped rather than rejected, because the schema grows; `null` is accepted wherever a field is
// optional, because some exporters write it for empty values.
import { z } from "zod";

// RFC 3339 as OSV requires; the date part is checked here so `Date.parse` never guesses at a format.
const Timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/, "must be an RFC 3339 timestamp")
  .refine((value) => !Number.isNaN(Date.parse(value)), "must be an RFC 3339 timestamp");

const SeveritySchema = z.object({ type: z.string(), score: z.string() });

const EVENT_KEYS = ["introduced", "fixed", "last_affected", "limit"] as const;

const EventSchema = z
  .object({
    introduced: z.string().min(1).optional(),
    fixed: z.string().min(1).optional(),
    last_affected: z.string().min(1).optional(),
    limit: z.string().min(1).optional(),
  })
  .refine((event) => EVENT_KEYS.filter((key) => event[key] !== undefined).length === 1, {
    message: "each event must have exactly one of introduced, fixed, last_affected, limit",
  });

const RangeSchema = z.object({
  type: z.string(),
  repo: z.string().nullish(),
  events: z.array(EventSchema).min(1),
});

const AffectedSchema = z.object({
  package: z
    .object({ ecosystem: z.string().min(1), name: z.string().min(1), purl: z.string().nullish() })
    .nullish(),
  severity: z.array(SeveritySchema).nullish(),
  ranges: z.array(RangeSchema).nullish(),
  versions: z.array(z.string()).nullish(),
});

export const OsvRecordSchema = z.object({
  id: z.string().min(1).max(256),
  modified: Timestamp,
  published: Timestamp.nullish(),
  withdrawn: Timestamp.nullish(),
  aliases: z.array(z.string()).nullish(),
  summary: z.string().nullish(),
  details: z.string().nullish(),
  severity: z.array(SeveritySchema).nullish(),
  affected: z.array(AffectedSchema).nullish(),
  references: z.array(z.object({ type: z.string(), url: z.string() })).nullish(),
  database_specific: z.record(z.string(), z.unknown()).nullish(),
});

export type OsvRecord = z.infer<typeof OsvRecordSchema>;
export type OsvAffected = z.infer<typeof AffectedSchema>;
export type OsvSeverityScore = z.infer<typeof SeveritySchema>;

/** The record, or a one-line reason naming the first field that is wrong. */
export function validateOsvRecord(value: unknown): { ok: true; record: OsvRecord } | { ok: false; message: string } {
  const result = OsvRecordSchema.safeParse(value);
  if (result.success) return { ok: true, record: result.data };
  const issue = result.error.issues[0];
  if (!issue) return { ok: false, message: "not an OSV record" };
  const path = issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("");
  return { ok: false, message: path ? `${path.replace(/^\./, "")}: ${issue.message}` : issue.message };
}
