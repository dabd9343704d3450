// Verification of a C2SP tlog-tiles export with nothing but the directory and the log's public key.
// The checkpoint's signature is checked first (signatures by unknown keys, such as witness
// cosignatures, are skipped). Then the export is walked once from left to right, holding one tile per
// level: every entry bundle must hash to its level-0 tile, every tile at level l+1 must hold the roots
// of the full tiles at level l, and the partial tiles of the right edge must fold to the signed root.
import { isCustodyError } from "../core/errors.js";
import { bytesEqual } from "./bytes.js";
import { parseCheckpoint } from "./checkpoint.js";
import type { Checkpoint } from "./checkpoint.js";
import { ExportFiles, TreeWalker } from "./export-walker.js";
import { parseVerifierKey } from "./note-keys.js";
import type { NoteVerifier } from "./note-keys.js";
import { openNote } from "./note.js";
import { verifyConsistency } from "./proof.js";
import { TileHashes } from "./tile-proof.js";
import { rootFromPartialTiles, splitTile, tilePath } from "./tiles.js";
import { readTrustedCheckpoint } from "./trusted-checkpoint.js";
import { ProblemList } from "./verify-report.js";
import type { VerifyReport } from "./verify-report.js";

export interface VerifyExportOptions {
  /** A signed checkpoint note the auditor kept from an earlier look at the log. */
  trustedCheckpoint?: string;
  /** Problems listed per kind before the rest are only counted (default 20). */
  problemLimit?: number;
}

/** Throws only when the directory cannot be read at all or the key is malformed; every finding about the export is in the report. */
export async function verifyExport(
  directory: string,
  verifierKey: string | NoteVerifier,
  options: VerifyExportOptions = {},
): Promise<VerifyReport> {
  const verifier = typeof verifierKey === "string" ? parseVerifierKey(verifierKey) : verifierKey;
  const problems = new ProblemList(options.problemLimit ?? 20);
  const files = new ExportFiles(directory);
  const note = await files.read("checkpoint");
  if (note === undefined) {
    await files.assertDirectory();
    problems.add({ kind: "checkpoint-invalid", tile: "checkpoint", message: `the export has no checkpoint file; it is not a complete export` });
    return report(0, 0, problems);
  }
  const checkpoint = readCheckpoint(note, verifier, problems);
  if (!checkpoint) return report(0, 0, problems);
  const trusted = readTrustedCheckpoint(options.trustedCheckpoint, verifier, checkpoint.origin, problems);
  const walker = new TreeWalker(files, checkpoint.size, problems);
  const entries = await walker.walk();
  const root = rootFromPartialTiles(checkpoint.size, walker.partials());
  // Without a root (tiles missing on the right edge) the missing files are the problems already listed.
  if (root ? !bytesEqual(root, checkpoint.rootHash) : problems.size === 0) {
    problems.add({
      kind: "root-mismatch",
      checkpointSize: checkpoint.size,
      message:
        `the tiles do not hash to the root of the signed checkpoint for size ${checkpoint.size}: ` +
        "entries and tiles were rewritten together, or the checkpoint belongs to another tree",
    });
  }
  if (trusted) await checkTrusted(files, checkpoint, trusted, problems);
  return report(entries, 1, problems);
}

function report(size: number, checkedCheckpoints: number, problems: ProblemList): VerifyReport {
  return { ok: problems.size === 0, size, checkedCheckpoints, problems: problems.list() };
}

function readCheckpoint(note: Uint8Array, verifier: NoteVerifier, problems: ProblemList): Checkpoint | undefined {
  const opened = openNote(note, [verifier]);
  if (!opened.ok) {
    const kind = opened.reason === "malformed" ? "checkpoint-invalid" : "checkpoint-unverified";
    problems.add({ kind, tile: "checkpoint", message: `the export's checkpoint is not valid: ${opened.message}` });
    return undefined;
  }
  try {
    return parseCheckpoint(opened.text);
  } catch (error) {
    if (!isCustodyError(error)) throw error;
    problems.add({ kind: "checkpoint-invalid", tile: "checkpoint", message: `the export's checkpoint: ${error.message}` });
    return undefined;
  }
}

/** The export must extend the kept checkpoint: a consistency proof computed from the tiles must verify. */
async function checkTrusted(files: ExportFiles, checkpoint: Checkpoint, trusted: Checkpoint, problems: ProblemList): Promise<void> {
  if (trusted.size > checkpoint.size) {
    const range = { first: checkpoint.size, last: trusted.size - 1 };
    problems.add({
      kind: "truncated",
      range,
      message: `the trusted checkpoint is for ${trusted.size} entries but the export's checkpoint signs ${checkpoint.size}: the log was truncated`,
    });
    return;
  }
  if (trusted.size === 0) return;
  const hashes = new TileHashes(checkpoint.size, async (level, index, width) => {
    const bytes = await files.read(tilePath(level, index, width));
    return bytes ? splitTile(bytes, width) : undefined;
  });
  const proof = await hashes.consistencyProof(trusted.size);
  if (!proof) {
    problems.add({ kind: "truncated", message: `the tiles needed to prove consistency with the trusted checkpoint for size ${trusted.size} are missing` });
    return;
  }
  if (verifyConsistency(trusted.size, checkpoint.size, trusted.rootHash, checkpoint.rootHash, proof)) return;
  problems.add({
    kind: "trusted-checkpoint-mismatch",
    checkpointSize: trusted.size,
    range: { first: 0, last: trusted.size - 1 },
    message:
      `the export does not extend the trusted checkpoint for size ${trusted.size}: ` +
      "the consistency proof computed from its tiles fails, so the log was rewritten or forked",
  });
}
