// The ledger: an append-only RFC 6962 Merkle log of canonical JSON events, with C2SP checkpoints
// signed as C2SP signed notes (Ed25519), stored in SQLite behind the LedgerStore interface, and
// verifiable offline with only the store and the log's verifier key.
export { bytesEqual, decodeBase64Strict, encodeBase64, toHex } from "./bytes.js";
export { formatCheckpoint, parseCheckpoint } from "./checkpoint.js";
export type { Checkpoint } from "./checkpoint.js";
export { decodeEvent, encodeEvent, ledgerEventSchema } from "./events.js";
export { loadOrCreateSigner, loadSigner } from "./key-file.js";
export { createLedger, openLedger } from "./ledger.js";
export type { AppendResult, Ledger, LedgerOptions, OpenLedgerOptions } from "./ledger.js";
export { HASH_SIZE, MerkleBuilder, emptyRoot, leafHash, nodeHash, rootHash } from "./merkle.js";
export {
  computeKeyId,
  formatKeyId,
  generateSigner,
  isValidKeyName,
  parseSignerKey,
  parseVerifierKey,
} from "./note-keys.js";
export type { GeneratedKeys, NoteSigner, NoteVerifier } from "./note-keys.js";
export { openNote, parseNote, signNote } from "./note.js";
export type { NoteFailure, NoteFailureReason, NoteSignature, OpenedNote } from "./note.js";
export { openSqliteStore } from "./sqlite-store.js";
export type { SqliteStoreOptions } from "./sqlite-store.js";
export { LEDGER_META_KEYS } from "./store.js";
export type {
  CheckpointRecord,
  LedgerMetaKey,
  LedgerStore,
  NewEntry,
  ReadEntriesOptions,
  StoredEntry,
} from "./store.js";
export { verifyLedger } from "./verify.js";
export type { VerifyOptions } from "./verify.js";
export { VERIFY_PROBLEM_KINDS } from "./verify-report.js";
export type { EntryRange, VerifyProblem, VerifyProblemKind, VerifyReport } from "./verify-report.js";
