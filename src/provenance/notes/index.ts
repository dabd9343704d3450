// Custody notes: attached at commit from agent-hook records, rebuilt when history is rewritten, and
// found again after a host's squash or rebase merge.
export { CUSTODY_NOTES_REF, NOTE_SCHEMA, custodyNoteSchema, formatCustodyNote, parseCustodyNote } from "./format.js";
export type { CustodyNote, NoteRange } from "./format.js";
export { attachPending, type AttachOptions } from "./attach.js";
export { addAssistedByTrailers, assistedByValues, trailerEnabled, ASSISTED_BY, type TrailerOptions } from "./trailer.js";
export { installGitHooks, GIT_HOOKS, HOOK_MARKER, CHAINED_SUFFIX, type GitHookName, type InstallOptions, type InstallResult } from "./install.js";
export { parseRewritePairs, rewriteNotes, REWRITE_KINDS, type RewriteKind, type RewriteOptions, type RewritePair } from "./rewrite.js";
export { onPostCommit, onPostRewrite } from "./hook-actions.js";
export { custodyClaims, custodyClaimSource, reconcileCommit, type ReconciledNote, type ReconcileOptions } from "./reconcile.js";
export { custodyClaimsForCommits, type BatchReconcileOptions } from "./batch.js";
export { readCustodyNote } from "./store.js";
