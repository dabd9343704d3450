import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

/** Runs a command under /usr/bin/time (when present) and returns its output, time and peak memory. */
export function measured(command: string, args: string[], okStatus: readonly number[], cwd?: string) {
  const timed = existsSync("/usr/bin/time");
  const start = process.hrtime.bigint();
  const child = spawnSync(timed ? "/usr/bin/time" : command, timed ? ["-f", "custody-maxrss=%M", command, ...args] : args, {
    encoding: "utf8",
    cwd,
    maxBuffer: 1024 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status === null || !okStatus.includes(child.status)) {
    throw new Error(`${command} ${args.join(" ")} exited with ${String(child.status)}: ${child.stderr.slice(-2000)}`);
  }
  const rss = /custody-maxrss=(\d+)/.exec(child.stderr)?.[1];
  return { stdout: child.stdout, stderr: child.stderr, ms, maxRssKiB: rss === undefined ? undefined : Number(rss) };
}
