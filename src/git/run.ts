// The one place that starts `git`. Every invocation gets the same guarded configuration and
// environment, so that neither the scanned repository nor the caller's shell can make Custody run a
// program, open a pager, prompt for a password or print in another language.
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { CustodyError } from "../core/errors.js";

export interface GitRunOptions {
  /** Written to git's standard input. */
  input?: string | Buffer;
  /** Largest standard output accepted before git is stopped; default 256 MiB. */
  maxBytes?: number;
  /** Exit codes, besides 0, that mean success for this command (`git config --get` exits 1 when unset). */
  allowExitCodes?: number[];
  /** Extra environment for this call only (identity and dates when writing commits). */
  env?: Record<string, string>;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
const MAX_STDERR_BYTES = 64 * 1024;

// Overrides for settings a repository's own config could use to run programs or to change the shape of
// the output we parse. Commands also pass --no-ext-diff / --no-textconv where they take them.
const GUARDED_CONFIG = [
  "core.fsmonitor=false",
  "core.hooksPath=/dev/null",
  "core.pager=cat",
  "core.quotePath=false",
  "color.ui=false",
  "log.showSignature=false",
  "log.mailmap=false",
  "blame.ignoreRevsFile=",
  "trailer.separators=:",
  "i18n.logOutputEncoding=UTF-8",
  "gc.auto=0",
  "maintenance.auto=false",
];

const FIXED_ENV: Record<string, string> = {
  GIT_TERMINAL_PROMPT: "0",
  GIT_PAGER: "cat",
  PAGER: "cat",
  LC_ALL: "C",
  LANG: "C",
  GIT_OPTIONAL_LOCKS: "0",
  // Replacement refs would let a repository show a different history than the one it holds.
  GIT_NO_REPLACE_OBJECTS: "1",
  // Paths are always literal file names, never globs or pathspec magic.
  GIT_LITERAL_PATHSPECS: "1",
};

// Inherited GIT_* variables are dropped (a hook's GIT_DIR or GIT_INDEX_FILE would redirect every
// command) except these, which only say where git and the user's own configuration live.
const INHERITED_GIT_VARIABLES = new Set([
  "GIT_EXEC_PATH",
  "GIT_CONFIG_GLOBAL",
  "GIT_CONFIG_SYSTEM",
  "GIT_CONFIG_NOSYSTEM",
  "GIT_SSH",
  "GIT_SSH_COMMAND",
  "GIT_SSH_VARIANT",
]);

// Reading the parent environment is deliberate and confined here: git needs PATH and HOME (the user's
// global config holds safe.directory), and everything that could change git's behaviour is reset.
function childEnvironment(extra: Record<string, string> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (key.startsWith("GIT_") && !INHERITED_GIT_VARIABLES.has(key)) continue;
    if (key === "LANGUAGE" || key.startsWith("LC_")) continue;
    env[key] = value;
  }
  return { ...env, ...FIXED_ENV, ...extra };
}

// diff.external cannot be switched off by configuration (an empty value is run and fails), so the
// commands that would start an external diff or a textconv filter get the flags that forbid them.
const FORBID_PROGRAMS = new Map<string, string[]>([
  ["diff", ["--no-ext-diff", "--no-textconv"]],
  ["log", ["--no-ext-diff", "--no-textconv"]],
  ["show", ["--no-ext-diff", "--no-textconv"]],
  ["diff-tree", ["--no-ext-diff", "--no-textconv"]],
  ["blame", ["--no-textconv"]],
]);

const GLOBAL_OPTIONS_WITH_VALUE = new Set(["-c", "-C"]);

function subcommandIndex(args: string[]): number {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) i += 1;
    else if (!arg.startsWith("-")) return i;
  }
  return -1;
}

function subcommand(args: string[]): string {
  return args[subcommandIndex(args)] ?? "";
}

/** The full argument list git is started with: guards first, then the caller's arguments. */
export function gitArgs(args: string[]): string[] {
  const index = subcommandIndex(args);
  const forbid = FORBID_PROGRAMS.get(args[index] ?? "") ?? [];
  const guarded = index === -1 ? args : [...args.slice(0, index + 1), ...forbid, ...args.slice(index + 1)];
  return ["--no-pager", ...GUARDED_CONFIG.flatMap((setting) => ["-c", setting]), ...guarded];
}

interface SpawnRequest {
  input?: string | Buffer;
  env?: Record<string, string>;
  maxBytes: number;
  /** Past maxBytes: stop git and report `truncated` instead of failing. */
  keepPrefix: boolean;
  onStdout: (chunk: Buffer) => void;
}

interface SpawnResult {
  exitCode: number | null;
  stderr: string;
  truncated: boolean;
  overflow: boolean;
}

function spawnGit(dir: string, args: string[], request: SpawnRequest): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", gitArgs(args), {
      cwd: dir,
      env: childEnvironment(request.env),
      stdio: ["pipe", "pipe", "pipe"],
      windowsHide: true,
    });
    let received = 0;
    let stopped: "truncated" | "overflow" | undefined;
    const stderrChunks: Buffer[] = [];
    let stderrBytes = 0;

    child.stdout.on("data", (chunk: Buffer) => {
      if (stopped) return;
      const room = request.maxBytes - received;
      if (chunk.length <= room) {
        received += chunk.length;
        request.onStdout(chunk);
        return;
      }
      if (request.keepPrefix && room > 0) request.onStdout(chunk.subarray(0, room));
      received = request.maxBytes;
      stopped = request.keepPrefix ? "truncated" : "overflow";
      child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderrBytes >= MAX_STDERR_BYTES) return;
      stderrChunks.push(chunk);
      stderrBytes += chunk.length;
    });
    // git may exit (or be stopped) before reading all of its input; that is not our failure.
    child.stdin.on("error", () => undefined);
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({
        exitCode: code,
        stderr: Buffer.concat(stderrChunks).toString("utf8"),
        truncated: stopped === "truncated",
        overflow: stopped === "overflow",
      });
    });
    child.stdin.end(request.input ?? "");
  });
}

function firstLine(text: string): string {
  const line = text.split("\n").find((candidate) => candidate.trim() !== "");
  return line?.trim() ?? "no error message";
}

export function notARepository(path: string): CustodyError {
  return new CustodyError(
    "not-a-repository",
    `${path} is not inside a git repository; run custody from a repository or pass --repo`,
  );
}

async function spawnFailure(dir: string, error: unknown): Promise<CustodyError> {
  const exists = await stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!exists) return new CustodyError("not-a-repository", `${dir} does not exist or is not a directory; pass --repo with a repository path`);
  return new CustodyError("git-failed", "could not run the git executable; install git and make sure it is on PATH", {
    cause: error,
  });
}

/** The error for a git command that exited with a failure status. */
export function gitFailure(dir: string, args: string[], result: { exitCode: number | null; stderr: string }): CustodyError {
  const stderr = result.stderr;
  if (/not a git repository/i.test(stderr)) return notARepository(dir);
  const line = firstLine(stderr);
  if (/dubious ownership/i.test(stderr)) {
    return new CustodyError(
      "git-failed",
      `git refuses to read ${dir}: ${line}; if you trust it, run \`git config --global --add safe.directory ${dir}\``,
    );
  }
  return new CustodyError("git-failed", `git ${subcommand(args)} failed in ${dir} (exit ${String(result.exitCode)}): ${line}`, {
    cause: { exitCode: result.exitCode, stderr },
  });
}

async function execute(dir: string, args: string[], request: SpawnRequest): Promise<SpawnResult> {
  try {
    return await spawnGit(dir, args, request);
  } catch (error) {
    throw await spawnFailure(dir, error);
  }
}

/** Runs git in `repo` and returns its standard output; fails with a CustodyError on a failure status. */
export async function runGit(repo: string, args: string[], options: GitRunOptions = {}): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const chunks: Buffer[] = [];
  const result = await execute(repo, args, {
    input: options.input,
    env: options.env,
    maxBytes,
    keepPrefix: false,
    onStdout: (chunk) => chunks.push(chunk),
  });
  if (result.overflow) {
    throw new CustodyError(
      "input-too-large",
      `git ${subcommand(args)} in ${repo} produced more than ${maxBytes} bytes; narrow the range or raise the limit`,
    );
  }
  const allowed = result.exitCode === 0 || (result.exitCode !== null && (options.allowExitCodes ?? []).includes(result.exitCode));
  if (!allowed) throw gitFailure(repo, args, result);
  return Buffer.concat(chunks);
}

export interface StreamedGit {
  /** True when git was stopped because its output reached the byte budget. */
  truncated: boolean;
}

/**
 * Runs git and hands its output to `onChunk` as it arrives, stopping git once `maxBytes` have been
 * delivered. A stopped command is not a failure: the caller reports what it left out.
 */
export async function streamGit(
  repo: string,
  args: string[],
  maxBytes: number,
  onChunk: (chunk: Buffer) => void,
  env?: Record<string, string>,
): Promise<StreamedGit> {
  const result = await execute(repo, args, { env, maxBytes, keepPrefix: true, onStdout: onChunk });
  if (result.truncated) return { truncated: true };
  if (result.exitCode !== 0) throw gitFailure(repo, args, result);
  return { truncated: false };
}

/** Like runGit, but keeps the first `maxBytes` of output instead of failing when there is more. */
export async function runGitPrefix(
  repo: string,
  args: string[],
  maxBytes: number,
  env?: Record<string, string>,
): Promise<{ stdout: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  const { truncated } = await streamGit(repo, args, maxBytes, (chunk) => chunks.push(chunk), env);
  return { stdout: Buffer.concat(chunks), truncated };
}
