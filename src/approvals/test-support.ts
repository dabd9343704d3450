// Builders for approval tests: deterministic keys, statements and ledger records without git.
import type { Decision } from "../core/types.js";
import { toPolicy, type PolicyFile } from "../policy/schema.js";
import type { Policy } from "../policy/schema.js";
import type { EvaluatedChange } from "./evaluate.js";
import type { SignedRecord } from "./records.js";
import { signApproval, signDelegation } from "./sign.js";
import { signingKeyFromSeed, type SigningKey } from "./signing-key.js";
import type { ApprovalPredicate, DelegationPredicate } from "./statement.js";

/** A fixed key per number, so tests are reproducible. */
export function testKey(n: number): SigningKey {
  return signingKeyFromSeed(new Uint8Array(32).fill(n));
}

export const TREE = "a".repeat(40);
export const OLD_TREE = "b".repeat(40);

export function testChange(overrides: Partial<EvaluatedChange> = {}): EvaluatedChange {
  return {
    id: "c".repeat(64),
    repo: "example/repo",
    base: "1".repeat(40),
    head: "2".repeat(40),
    headTree: TREE,
    author: { name: "Dana Dev", email: "dana@example.com" },
    commits: [],
    ...overrides,
  };
}

export function approval(reviewer: string, overrides: Partial<ApprovalPredicate> = {}, change = testChange()): ApprovalPredicate {
  return {
    changeId: change.id,
    repo: change.repo,
    base: change.base,
    head: change.head,
    headTree: change.headTree,
    verdict: "approve",
    reviewer: { id: reviewer },
    time: "2026-03-01T10:00:00.000Z",
    ...overrides,
  };
}

export function record(entry: number, predicate: ApprovalPredicate, key: SigningKey, recordedAt = "2026-03-01T10:00:00.000Z"): SignedRecord {
  return {
    entry,
    type: predicate.verdict === "override" ? "override.recorded" : "approval.recorded",
    recordedAt,
    subject: `change:${predicate.changeId}`,
    envelope: signApproval(predicate, key),
  };
}

export function delegation(
  entry: number,
  delegator: string,
  delegate: string,
  delegateKey: SigningKey,
  signer: SigningKey,
  overrides: Partial<DelegationPredicate> = {},
): SignedRecord {
  const predicate: DelegationPredicate = {
    repo: "example/repo",
    delegator: { id: delegator },
    delegate: { id: delegate, key: delegateKey.publicKey.text },
    groups: [],
    validFrom: "2026-02-01T00:00:00.000Z",
    validUntil: "2026-04-01T00:00:00.000Z",
    ...overrides,
  };
  return {
    entry,
    type: "delegation.recorded",
    recordedAt: "2026-02-01T00:00:00.000Z",
    subject: `delegate:${delegate}`,
    envelope: signDelegation(predicate, delegateKey.publicKey, signer),
  };
}

/** A policy whose groups list these members with these keys. */
export function policyWith(groups: Record<string, [string, SigningKey[]][]>, extra: Partial<PolicyFile> = {}): Policy {
  return toPolicy({
    version: 1,
    groups: Object.fromEntries(
      Object.entries(groups).map(([name, members]) => [name, { members: members.map(([id, keys]) => ({ id, keys: keys.map((k) => k.publicKey.text) })) }]),
    ),
    ...extra,
  });
}

export function reviewDecision(requirements: [group: string, count: number][], rules: string[] = ["ai-in-critical-path"]): Decision {
  return {
    outcome: requirements.some(([g]) => g === "security") ? "escalate" : "review",
    reasons: rules.map((ruleName) => ({ ruleName, outcome: "review", explanation: "x", evidence: [] })),
    requiredApprovals: requirements.map(([group, count]) => ({ group, count, satisfiedBy: [] })),
    riskScore: 40,
    riskFactors: [],
    policyDigest: "d".repeat(64),
    changeId: "c".repeat(64),
  };
}
