// The approve stage: reviewers' keys (OpenSSH and custody key files), approvals and delegations as
// in-toto statements in DSSE envelopes signed with Ed25519, their verification, and the evaluation of
// which distinct humans satisfy each approval a decision requires.
export { fingerprintOf, formatSshPublicKey, parsePublicKey, publicKeyFromRaw, requirePublicKey } from "./keys.js";
export type { KeyParse, PublicKey } from "./keys.js";
export { formatOpenSshPrivateKey, parseOpenSshPrivateKey } from "./openssh.js";
export { generateSigningKey, loadSigningKey, parseSigningKey, signingKeyFromSeed } from "./signing-key.js";
export type { GeneratedKey, SigningKey } from "./signing-key.js";
export { EnvelopeSchema, IN_TOTO_PAYLOAD_TYPE, pae, signEnvelope, verifyEnvelope } from "./dsse.js";
export type { Envelope } from "./dsse.js";
export {
  APPROVAL_PREDICATE_TYPE,
  DELEGATION_PREDICATE_TYPE,
  MAX_JUSTIFICATION,
  STATEMENT_TYPE,
  VERDICTS,
  approvalStatement,
  delegationStatement,
  parseStatement,
} from "./statement.js";
export type { ApprovalPredicate, DelegationPredicate, Verdict } from "./statement.js";
export { approvalEvent, delegationEvent, overrideNotification, signApproval, signDelegation, statementDigest } from "./sign.js";
export type { OverrideNotice } from "./sign.js";
export { authorMatch, botReason, changeAuthors, isSamePerson } from "./identity.js";
export { findMember, groupMembers, memberDirectory, ownersOf } from "./members.js";
export type { Directory, Member } from "./members.js";
export { outsidePeriod, readDelegations } from "./delegation.js";
export type { Delegation, Delegations, RejectedDelegation } from "./delegation.js";
export { SIGNED_EVENT_TYPES, concernsChange, signedRecords, statedApproval } from "./records.js";
export type { IndexedEvent, SignedRecord } from "./records.js";
export { personProblem, verifyApproval } from "./verify.js";
export type { Claim } from "./verify.js";
export { evaluateApprovals, isSatisfied, requirementRules, rulePaths } from "./evaluate.js";
export type { EvaluatedChange, Evaluation, EvaluationInput } from "./evaluate.js";
export { changedPathsBetween, changesSinceTrees, readLedgerEvents } from "./ledger-read.js";
export { reviewChange } from "./review.js";
export type { ReviewInput } from "./review.js";
export { resolveSigner } from "./signer.js";
export type { SignerIdentity, SignerOptions } from "./signer.js";
export { eligibility, satisfactionPlan } from "./simulate.js";
export type { Eligibility, RequirementPlan, SatisfactionPlan } from "./simulate.js";
