// Per-session memory between hook calls: the prompt reference and model of the session, the content of
// each file before the agent's tool ran, and the working tree before a shell command. One small file
// per item, so hooks running side by side do not overwrite each other's state.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { readJson, sha256, writeAtomic } from "./store.js";

const hash = z.string().regex(/^[0-9a-f]{64}$/);

const sessionSchema = z.object({ promptRef: hash.optional(), model: z.string().optional() });
const fileSchema = z.object({ path: z.string(), before: hash.nullable() });
const shellSchema = z.object({ files: z.record(z.string(), hash.nullable()), unreadable: z.array(z.string()) });

export type SessionState = z.infer<typeof sessionSchema>;
export type ShellState = z.infer<typeof shellSchema>;

export interface SessionStore {
  read(): Promise<SessionState>;
  write(state: SessionState): Promise<void>;
  /** The content hash before the tool ran: null = the file did not exist, undefined = not known. */
  fileBefore(path: string): Promise<string | null | undefined>;
  setFileBefore(path: string, before: string | null): Promise<void>;
  clearFile(path: string): Promise<void>;
  readShell(): Promise<ShellState | undefined>;
  writeShell(state: ShellState): Promise<void>;
  clearShell(): Promise<void>;
  /** Drops what a tool left behind without an after hook (a failed or denied call). */
  clearPending(): Promise<void>;
}

export function sessionStore(custody: string, sessionId: string | undefined): SessionStore {
  const dir = join(custody, "state", sha256(sessionId ?? "").slice(0, 32));
  const filePath = (path: string): string => join(dir, "files", `${sha256(path)}.json`);
  const shellPath = join(dir, "shell.json");
  return {
    async read() {
      const parsed = sessionSchema.safeParse(await readJson(join(dir, "session.json")));
      return parsed.success ? parsed.data : {};
    },
    write: (state) => writeAtomic(join(dir, "session.json"), JSON.stringify(state)),
    async fileBefore(path) {
      const parsed = fileSchema.safeParse(await readJson(filePath(path)));
      return parsed.success && parsed.data.path === path ? parsed.data.before : undefined;
    },
    setFileBefore: (path, before) => writeAtomic(filePath(path), JSON.stringify({ path, before })),
    clearFile: (path) => rm(filePath(path), { force: true }),
    async readShell() {
      const parsed = shellSchema.safeParse(await readJson(shellPath));
      return parsed.success ? parsed.data : undefined;
    },
    writeShell: (state) => writeAtomic(shellPath, JSON.stringify(state)),
    clearShell: () => rm(shellPath, { force: true }),
    async clearPending() {
      await rm(join(dir, "files"), { recursive: true, force: true });
      await rm(shellPath, { force: true });
    },
  };
}
