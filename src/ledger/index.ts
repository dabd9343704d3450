// The ledger: an append-only RFC 6962 Merkle log of canonical JSON events, with C2SP checkpoints
// signed as C2SP signed notes (Ed25519), stored in SQLite or PostgreSQL behind the LedgerStore
// interface, and verifiable offline with only the store and the log's verifier key.
export { bytesEqual, decodeBase64Strict, encodeBase64, toHex } from "./bytes.js";
export { formatCheckpoint, parseCheckpoint } from "./checkpoint.js";
export type { Checkpoint } from "./checkpoint.js";
export { MAX_ENTRY_BYTES, decodeEvent, encodeEvent, fitEventLists, ledgerEventSchema } from "./events.js";
export { loadOrCreateSigner, loadSigner } from "./key-file.js";
export { createLedger, openLedger } from "./ledger.js";
export type { AppendResult, Ledger, LedgerOptions, OpenLedgerOptions } from "./ledger.js";
export { HASH_SIZE, MerkleBuilder, NODE_LEVEL_STEP, emptyRoot, leafHash, nodeHash, rootHash } from "./merkle.js";
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
export { consistencyRanges, inclusionRanges, memoryTree, verifyConsistency, verifyInclusion } from "./proof.js";
export type { LeafRange, SubtreeId } from "./proof.js";
export { proveConsistency, proveInclusion, rootAt } from "./proof-store.js";
export { RECEIPT_HEADER, formatReceipt, parseReceipt, verifyReceipt } from "./receipt.js";
export type { Receipt, ReceiptFailure, ReceiptFailureReason, VerifiedReceipt, VerifyReceiptOptions } from "./receipt.js";
export { consistencyFor, receiptFor } from "./receipt-ledger.js";
export type { NoteFailure, NoteFailureReason, NoteSignature, OpenedNote } from "./note.js";
export { ledgerExists, openLedgerStore } from "./open-store.js";
export type { OpenLedgerStoreOptions } from "./open-store.js";
export { POSTGRES_LEDGER_FORMAT, postgresWriterGrants } from "./postgres-schema.js";
// openPostgresStore itself is left out so that importing the ledger does not load the PostgreSQL
// client; openLedgerStore loads it for a URL (or import ./postgres-store.js directly).
export type { PostgresStoreOptions } from "./postgres-store.js";
export { DEFAULT_LEDGER_SCHEMA, describeDatabaseUrl, isDatabaseUrl } from "./postgres-url.js";
export { openSqliteStore } from "./sqlite-store.js";
export type { SqliteStoreOptions } from "./sqlite-store.js";
export { LEDGER_META_KEYS } from "./store.js";
export type {
  CheckpointRecord,
  LedgerMetaKey,
  LedgerStore,
  NewEntry,
  NodeRecord,
  ReadEntriesOptions,
  StoredEntry,
} from "./store.js";
export { attachCosignatures } from "./cosignatures.js";
export type { AttachedCosignatures } from "./cosignatures.js";
export { exportLedger } from "./export.js";
export type { ExportOptions, ExportResult } from "./export.js";
export { TILE_WIDTH, encodeBundle, encodeTileIndex, parseBundle, tilePath } from "./tiles.js";
export { verifyExport } from "./verify-export.js";
export type { VerifyExportOptions } from "./verify-export.js";
export {
  addCheckpoint,
  checkCosignatures,
  cosign,
  formatAddCheckpointRequest,
  parseAddCheckpointRequest,
  requireWitnesses,
  witnessProblems,
} from "./witness.js";
export type { AddCheckpointRequest, Cosignature, WitnessDecision, WitnessPolicy, WitnessRefusal, WitnessState } from "./witness.js";
export {
  createWitnessKeyFile,
  generateWitnessKey,
  loadWitnessSigner,
  parseWitnessSigner,
  parseWitnessVerifier,
} from "./witness-keys.js";
export type { WitnessSigner, WitnessVerifier } from "./witness-keys.js";
export { loadWitnessState, witnessCheckpoint } from "./witness-state.js";
export { verifyLedger } from "./verify.js";
export type { VerifyOptions } from "./verify.js";
export { VERIFY_PROBLEM_KINDS } from "./verify-report.js";
export type { EntryRange, VerifyProblem, VerifyProblemKind, VerifyReport } from "./verify-report.js";
