// What a reviewer signs: an in-toto Statement v1 (github.com/in-toto/attestation, spec/v1) whose
// subject is the change, named by its id and pinned by its git tree (`gitTree` is a digest name of
// the in-toto digest set), and whose predicate says who decided what about exactly that code.
// Delegations are statements too, about the delegate's key.
import { createHash } from "node:crypto";
import { z } from "zod";

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const APPROVAL_PREDICATE_TYPE = "https://custody.dev/attestations/approval/v1";
export const DELEGATION_PREDICATE_TYPE = "https://custody.dev/attestations/delegation/v1";

export const VERDICTS = ["approve", "reject", "override"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Long enough for any honest reason, short enough that an event stays small. */
export const MAX_JUSTIFICATION = 2000;

const GIT_OBJECT = z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, "a full git object id");
const SHA256_HEX = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 hex digest");
const TIME = z.iso.datetime({ offset: false });
const IDENTITY = z.string().min(1).max(320);

export const ApprovalPredicateSchema = z.strictObject({
  changeId: SHA256_HEX,
  repo: z.string().min(1),
  base: GIT_OBJECT,
  head: GIT_OBJECT,
  headTree: GIT_OBJECT,
  verdict: z.enum(VERDICTS),
  justification: z.string().max(MAX_JUSTIFICATION).optional(),
  reviewer: z.strictObject({ id: IDENTITY, onBehalfOf: IDENTITY.optional() }),
  time: TIME,
  policyDigest: SHA256_HEX.optional(),
});
export type ApprovalPredicate = z.output<typeof ApprovalPredicateSchema>;

export const DelegationPredicateSchema = z.strictObject({
  repo: z.string().min(1),
  delegator: z.strictObject({ id: IDENTITY }),
  delegate: z.strictObject({ id: IDENTITY, key: z.string().min(1) }),
  /** Empty: every group the delegator belongs to. */
  groups: z.array(z.string().min(1)),
  validFrom: TIME,
  validUntil: TIME,
  reason: z.string().max(MAX_JUSTIFICATION).optional(),
});
export type DelegationPredicate = z.output<typeof DelegationPredicateSchema>;

const SubjectSchema = z.strictObject({ name: z.string().min(1), digest: z.record(z.string(), z.string()) });

const StatementSchema = z.strictObject({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(SubjectSchema).length(1),
  predicateType: z.string(),
  predicate: z.unknown(),
});

export interface Statement<P> {
  _type: typeof STATEMENT_TYPE;
  subject: { name: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate: P;
}

export function approvalStatement(predicate: ApprovalPredicate): Statement<ApprovalPredicate> {
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: `change:${predicate.changeId}`, digest: { gitTree: predicate.headTree } }],
    predicateType: APPROVAL_PREDICATE_TYPE,
    predicate,
  };
}

/** The digest a delegation pins: SHA-256 of the delegate's raw 32-byte public key. */
export function delegateKeyDigest(raw: Uint8Array): string {
  return createHash("sha256").update(raw).digest("hex");
}

export function delegationStatement(predicate: DelegationPredicate, delegateKey: Uint8Array): Statement<DelegationPredicate> {
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: `delegate:${predicate.delegate.id}`, digest: { sha256: delegateKeyDigest(delegateKey) } }],
    predicateType: DELEGATION_PREDICATE_TYPE,
    predicate,
  };
}

export type ParsedStatement =
  | { ok: true; kind: "approval"; predicate: ApprovalPredicate }
  | { ok: true; kind: "delegation"; predicate: DelegationPredicate; subjectDigest: string }
  | { ok: false; reason: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses signed payload bytes; the reason says what is wrong in words a reviewer understands. */
export function parseStatement(body: Uint8Array): ParsedStatement {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(body));
  } catch {
    return { ok: false, reason: "the signed payload is not JSON" };
  }
  const statement = StatementSchema.safeParse(value);
  if (!statement.success) return { ok: false, reason: "the signed payload is not an in-toto Statement v1 with one subject" };
  const { subject, predicateType, predicate } = statement.data;
  const [only] = subject;
  if (!only) return { ok: false, reason: "the statement has no subject" };
  if (predicateType === APPROVAL_PREDICATE_TYPE) {
    const parsed = ApprovalPredicateSchema.safeParse(predicate);
    if (!parsed.success) return { ok: false, reason: `the approval predicate is malformed (${firstIssue(parsed.error)})` };
    if (only.name !== `change:${parsed.data.changeId}` || only.digest.gitTree !== parsed.data.headTree) {
      return { ok: false, reason: "the statement's subject does not match its predicate (change id or tree differ)" };
    }
    return { ok: true, kind: "approval", predicate: parsed.data };
  }
  if (predicateType === DELEGATION_PREDICATE_TYPE) {
    const parsed = DelegationPredicateSchema.safeParse(predicate);
    if (!parsed.success) return { ok: false, reason: `the delegation predicate is malformed (${firstIssue(parsed.error)})` };
    const digest = only.digest.sha256;
    if (only.name !== `delegate:${parsed.data.delegate.id}` || digest === undefined) {
      return { ok: false, reason: "the statement's subject does not match its predicate (delegate differs)" };
    }
    return { ok: true, kind: "delegation", predicate: parsed.data, subjectDigest: digest };
  }
  return { ok: false, reason: `unknown predicate type ${JSON.stringify(predicateType.slice(0, 100))}` };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  return `${issue.path.join(".") || "(predicate)"}: ${issue.message}`;
}
