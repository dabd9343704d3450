// Runs a locally installed Semgrep with local rules and reads its SARIF. Rules never come from the
// network (no registry configs, metrics off, no version check), and the run is time-bounded.
import { execFile } from "node:child_process";
import { access, constants, stat } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { CustodyError } from "../../core/errors.js";

export const SEMGREP_TIMEOUT_MS = 10 * 60 * 1000;
const MAX_OUTPUT = 256 * 1024 * 1024;
/** Past this many files the target list is replaced by the directory, to stay under argument limits. */
const MAX_TARGET_ARGS = 1000;

export interface SemgrepRun {
  /** The executable, as found on PATH. */
  command: string;
  /** Absolute path of a local rules file or directory. */
  config: string;
  timeoutMs?: number;
}

/** The first executable called `name` on a PATH value, or undefined. */
export async function findOnPath(name: string, pathValue: string | undefined): Promise<string | undefined> {
  for (const dir of (pathValue ?? "").split(delimiter).filter((d) => d !== "")) {
    const candidate = join(dir, name);
    const ok = await access(candidate, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (ok && (await stat(candidate)).isFile()) return candidate;
  }
  return undefined;
}

/** Refuses anything but an existing local path: `auto`, `p/…`, `r/…` and URLs would fetch rules. */
export async function checkSemgrepConfig(absolute: string, given: string): Promise<void> {
  if (/^(?:https?:\/\/|p\/|r\/|auto$)/i.test(given)) {
    throw new CustodyError("usage", `--semgrep-config ${given}: only a local rules file or directory is accepted, never rules from the network`);
  }
  const info = await stat(absolute).catch(() => undefined);
  if (!info) throw new CustodyError("file-unreadable", `--semgrep-config ${given}: no such file or directory; check the path`);
}

function firstLines(text: string): string {
  return text.split("\n").map((l) => l.trim()).filter((l) => l !== "").slice(0, 3).join(" / ");
}

/** Runs Semgrep in `cwd` on `targets` (relative paths) and returns its SARIF text. */
export function runSemgrep(run: SemgrepRun, cwd: string, targets: string[]): Promise<string> {
  const timeout = run.timeoutMs ?? SEMGREP_TIMEOUT_MS;
  const files = targets.length === 0 || targets.length > MAX_TARGET_ARGS ? ["."] : targets;
  const args = ["--sarif", "--config", run.config, "--metrics=off", "--disable-version-check", "--quiet", "--", ...files];
  return new Promise((resolve, reject) => {
    execFile(run.command, args, { cwd, timeout, maxBuffer: MAX_OUTPUT, encoding: "utf8" }, (error, stdout, stderr) => {
      if (!error) {
        resolve(stdout);
        return;
      }
      if ("code" in error && error.code === "ENOENT") {
        reject(new CustodyError("semgrep-unavailable", `cannot run ${run.command}; install Semgrep or drop --semgrep-config`));
        return;
      }
      if (error.killed) {
        reject(new CustodyError("semgrep-failed", `semgrep did not finish within ${Math.round(timeout / 1000)} s; narrow --semgrep-config or the paths scanned`));
        return;
      }
      // Semgrep exits 1 only with --error (findings present); with SARIF on stdout that is still a result.
      if (error.code === 1 && stdout.trim().startsWith("{")) {
        resolve(stdout);
        return;
      }
      const detail = firstLines(stderr) || error.message;
      reject(new CustodyError("semgrep-failed", `semgrep failed (exit ${String(error.code)}): ${detail}`));
    });
  });
}
