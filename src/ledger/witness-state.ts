// A witness's memory of one log: the last checkpoint it cosigned, kept as the signed note itself so the
// file proves its own content. Checking a request against it and replacing it happen under a lock
// file, and the replacement is written beside it and renamed over it, so two concurrent requests can
// never roll the state back (c2sp.org/tlog-witness) and a crash never leaves half a file.
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { CustodyError } from "../core/errors.js";
import { parseCheckpoint } from "./checkpoint.js";
import type { NoteVerifier } from "./note-keys.js";
import { openNote } from "./note.js";
import { addCheckpoint, parseAddCheckpointRequest } from "./witness.js";
import type { WitnessDecision, WitnessState } from "./witness.js";
import type { WitnessSigner } from "./witness-keys.js";

export interface WitnessRun {
  /** The state file; absent means this witness never cosigned for the log. */
  statePath: string;
  /** The add-checkpoint request body. */
  body: string;
  origin: string;
  log: NoteVerifier;
  witness: WitnessSigner;
  now: Date;
}

/** Checks a request against the state file and, when the checkpoint is cosigned, makes it the new state. */
export async function witnessCheckpoint(run: WitnessRun): Promise<WitnessDecision> {
  const request = parseAddCheckpointRequest(run.body);
  return withLock(run.statePath, async () => {
    const state = await loadWitnessState(run.statePath, run.log, run.origin);
    const decision = addCheckpoint({ request, origin: run.origin, log: run.log, witness: run.witness, state, now: run.now });
    if (decision.ok) await replaceFile(run.statePath, request.note);
    return decision;
  });
}

/** The last cosigned checkpoint, or undefined when the file does not exist. */
export async function loadWitnessState(path: string, log: NoteVerifier, origin: string): Promise<WitnessState | undefined> {
  let note: string;
  try {
    note = await readFile(path, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw stateError(path, `it cannot be read (${describe(error)})`, error);
  }
  const opened = openNote(note, [log]);
  if (!opened.ok) throw stateError(path, `it is not a checkpoint signed by the log key ${log.name} (${opened.message})`);
  let checkpoint;
  try {
    checkpoint = parseCheckpoint(opened.text);
  } catch (error) {
    throw stateError(path, describe(error), error);
  }
  if (checkpoint.origin !== origin) throw stateError(path, `it holds a checkpoint of "${checkpoint.origin}", not "${origin}"; use one state file per log`);
  return { checkpoint };
}

async function withLock<T>(statePath: string, work: () => Promise<T>): Promise<T> {
  const lockPath = `${statePath}.lock`;
  let lock;
  try {
    await mkdir(dirname(statePath), { recursive: true });
    lock = await open(lockPath, "wx", 0o600);
  } catch (error) {
    if (errorCode(error) === "EEXIST") {
      throw stateError(statePath, `another witness run holds ${lockPath}; if none is running, a crashed one left it: remove it and retry`);
    }
    throw stateError(statePath, `cannot create ${lockPath} (${describe(error)})`, error);
  }
  try {
    await lock.writeFile(`${process.pid}\n`);
    return await work();
  } finally {
    await lock.close();
    await unlink(lockPath).catch(() => undefined);
  }
}

/** Writes `text` to a new file beside `path`, flushes it to disk, then renames it over `path`. */
async function replaceFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const file = await open(temporary, "wx", 0o644);
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw stateError(path, `it cannot be written (${describe(error)})`, error);
  }
}

function stateError(path: string, why: string, cause?: unknown): CustodyError {
  return new CustodyError("witness-state-invalid", `witness state ${path}: ${why}`, cause === undefined ? undefined : { cause });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
