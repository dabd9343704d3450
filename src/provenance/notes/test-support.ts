// Writing agent-hook records straight into a repository, as the agent hooks do, for the tests.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gitDir } from "../../git/index.js";
import { PENDING_SCHEMA, type PendingEdit } from "../hooks/pending.js";

const execFileAsync = promisify(execFile);

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Stores `content` as a snapshot and returns its name. */
export async function writeSnapshot(repo: string, content: string): Promise<string> {
  const dir = join(await gitDir(repo), "custody", "snapshots");
  await mkdir(dir, { recursive: true });
  const name = sha256(content);
  await writeFile(join(dir, name), content);
  return name;
}

export interface EditSpec {
  id: string;
  time: string;
  path: string;
  before?: string;
  after: string;
  aiLines: { start: number; end: number }[];
  tool?: PendingEdit["tool"];
  model?: string;
  sessionId?: string;
}

export async function writePendingEdit(repo: string, spec: EditSpec): Promise<void> {
  const dir = join(await gitDir(repo), "custody", "pending");
  await mkdir(dir, { recursive: true });
  const edit: PendingEdit = {
    schema: PENDING_SCHEMA,
    id: spec.id,
    time: spec.time,
    tool: spec.tool ?? "claude-code",
    event: "PostToolUse:Edit",
    path: spec.path,
    after: await writeSnapshot(repo, spec.after),
    aiLines: spec.aiLines,
  };
  if (spec.model !== undefined) edit.model = spec.model;
  if (spec.sessionId !== undefined) edit.sessionId = spec.sessionId;
  if (spec.before !== undefined) edit.before = await writeSnapshot(repo, spec.before);
  await writeFile(join(dir, `${spec.id}.json`), JSON.stringify(edit));
}

export async function pendingIds(repo: string): Promise<string[]> {
  const names = await readdir(join(await gitDir(repo), "custody", "pending")).catch(() => []);
  return names.map((n) => n.replace(/\.json$/, "")).sort();
}

export function lines(...items: string[]): string {
  return items.map((item) => `${item}\n`).join("");
}

const ROOT = new URL("../../../", import.meta.url);

/** A shell command that runs this checkout's `custody` from its sources, written into `dir`; hooks call it. */
export async function hookCommand(dir: string): Promise<string> {
  const script = join(dir, "custody.mts");
  const bin = new URL("src/cli/bin.ts", ROOT).href;
  await writeFile(script, `import { main } from ${JSON.stringify(bin)};\nmain(process.argv.slice(2));\n`);
  const tsx = fileURLToPath(new URL("node_modules/.bin/tsx", ROOT));
  return `"${tsx}" "${script}"`;
}

/**
 * Runs git the way a person does: the repository's hooks run. Returns standard output; a failure status
 * throws with git's standard error.
 */
export async function gitWithHooks(repo: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const hooksPath = join(await gitDir(repo), "hooks");
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith("GIT_")) clean[key] = value;
  const { stdout } = await execFileAsync("git", ["-c", `core.hooksPath=${hooksPath}`, ...args], {
    cwd: repo,
    env: { ...clean, GIT_EDITOR: "true", LC_ALL: "C", ...env },
  });
  return stdout;
}
