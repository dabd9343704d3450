import { resolve } from "node:path";
import { CustodyError } from "../../core/errors.js";
import { severityRank, type Finding, type Severity } from "../../core/types.js";
import type { Io } from "../io.js";

export function repoPath(io: Io, value: unknown): string {
  return typeof value === "string" ? resolve(io.cwd, value) : io.cwd;
}

/** Splits `A..B` (or `A...B`) into its ends; a single ref has no base. */
export function parseRange(range: string): { base?: string; head: string } {
  const match = /^(.*?)\.{2,3}(.*)$/.exec(range);
  if (!match) return { head: range };
  const base = match[1] ?? "";
  const head = match[2] || "HEAD";
  if (base === "") throw new CustodyError("usage", `range '${range}' has no base; write it as BASE..HEAD`);
  return { base, head };
}

export function failsOn(findings: Finding[], threshold: Severity | "none"): boolean {
  if (threshold === "none") return false;
  return findings.some((f) => severityRank(f.severity) >= severityRank(threshold));
}

/** A progress line on standard error, only when a person is watching and the work is long. */
export function progressReporter(io: Io, label: string): ((done: number, total: number) => void) | undefined {
  if (!io.stdoutIsTTY) return undefined;
  return (done, total) => {
    if (total > 1) io.err(`\r${label}: ${done}/${total}${done === total ? "\n" : ""}`);
  };
}
