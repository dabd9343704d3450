// The checkpoint an auditor kept from an earlier look at the log, read the same way by both verifiers
// (from the store and from an export): it must be signed by the log key and name the same log.
import { isCustodyError } from "../core/errors.js";
import { parseCheckpoint, type Checkpoint } from "./checkpoint.js";
import type { NoteVerifier } from "./note-keys.js";
import { openNote } from "./note.js";
import type { ProblemList } from "./verify-report.js";

/** The kept checkpoint, or undefined with the reason added to `problems`; `origin` undefined accepts any log. */
export function readTrustedCheckpoint(
  note: string | undefined,
  verifier: NoteVerifier,
  origin: string | undefined,
  problems: ProblemList,
): Checkpoint | undefined {
  if (note === undefined) return undefined;
  const opened = openNote(note, [verifier]);
  if (!opened.ok) {
    problems.add({ kind: "trusted-checkpoint-invalid", message: `the trusted checkpoint is not valid: ${opened.message}` });
    return undefined;
  }
  try {
    const checkpoint = parseCheckpoint(opened.text);
    if (origin === undefined || checkpoint.origin === origin) return checkpoint;
    problems.add({ kind: "trusted-checkpoint-invalid", message: `the trusted checkpoint is for log "${checkpoint.origin}", not "${origin}"` });
  } catch (error) {
    if (!isCustodyError(error)) throw error;
    problems.add({ kind: "trusted-checkpoint-invalid", message: `the trusted checkpoint: ${error.message}` });
  }
  return undefined;
}
