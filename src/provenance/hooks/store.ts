// Files under `.git/custody/`: content-addressed snapshots, per-session state, pending edits and
// (only when the repository allows it) redacted prompts. Every write is a temp file and a rename, so a
// reader never sees half a file even when an agent runs several hooks at once.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gitDir } from "../../git/index.js";
import { pendingEditSchema, type PendingEdit } from "./pending.js";

const SHA256 = /^[0-9a-f]{64}$/;
// Any id a valid record holds is its file's name, so it may be removed; a separator would leave the folder.
const REMOVABLE_ID = /^[^/\\\0]+$/;

export function sha256(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

export async function custodyDir(repo: string): Promise<string> {
  return join(await gitDir(repo), "custody");
}

export async function writeAtomic(path: string, content: string | Buffer): Promise<void> {
  const dir = join(path, "..");
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.tmp-${randomBytes(6).toString("hex")}`);
  await writeFile(temp, content);
  await rename(temp, path);
}

/** Stores `content` under its sha256 and returns the hash. */
export async function writeSnapshot(dir: string, content: Buffer): Promise<string> {
  const hash = sha256(content);
  const path = join(dir, "snapshots", hash);
  const exists = await readFile(path).then(
    () => true,
    () => false,
  );
  if (!exists) await writeAtomic(path, content);
  return hash;
}

/** A snapshot's content, or undefined when there is none by that hash. */
export async function readSnapshot(repo: string, hash: string): Promise<Buffer | undefined> {
  if (!SHA256.test(hash)) return undefined;
  return readFile(join(await custodyDir(repo), "snapshots", hash)).catch(() => undefined);
}

export async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

/** `20250102T030405006Z`: sorts like the time it stands for. */
function compactTime(iso: string): string {
  return iso.replace(/[-:.]/g, "");
}

export function newPendingId(time: string): string {
  return `${compactTime(time)}-${randomBytes(6).toString("hex")}`;
}

export async function writePending(dir: string, edit: PendingEdit): Promise<void> {
  await writeAtomic(join(dir, "pending", `${edit.id}.json`), `${JSON.stringify(edit, null, 2)}\n`);
}

export interface PendingList {
  /** Valid records, oldest first (the order their edits were made). */
  edits: PendingEdit[];
  /** Files under `pending/` that are not valid records; left in place for a person to look at. */
  invalid: string[];
}

function byTime(a: PendingEdit, b: PendingEdit): number {
  const time = Date.parse(a.time) - Date.parse(b.time);
  return time !== 0 ? time : a.id.localeCompare(b.id);
}

/**
 * Every pending edit of the repository. A file that is not a valid record (unreadable, not the schema,
 * a time that is not a date, an id other than its name) is listed as invalid and never blocks a commit.
 */
export async function listPending(repo: string): Promise<PendingList> {
  const dir = join(await custodyDir(repo), "pending");
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
  const edits: PendingEdit[] = [];
  const invalid: string[] = [];
  for (const name of names) {
    const parsed = pendingEditSchema.safeParse(await readJson(join(dir, name)));
    if (parsed.success && `${parsed.data.id}.json` === name && !Number.isNaN(Date.parse(parsed.data.time))) edits.push(parsed.data);
    else invalid.push(name);
  }
  edits.sort(byTime);
  return { edits, invalid };
}

/** Deletes the records the commit step has turned into notes; unknown ids are ignored. */
export async function removePending(repo: string, ids: readonly string[]): Promise<void> {
  const dir = join(await custodyDir(repo), "pending");
  for (const id of ids) {
    if (REMOVABLE_ID.test(id)) await rm(join(dir, `${id}.json`), { force: true });
  }
}
