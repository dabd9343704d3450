// One table of shared options: flags, environment variables, defaults and help text come from here,
// and docs/cli.md is written from the same words.
import { Option, type Command } from "commander";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CustodyError } from "../core/errors.js";
import { SEVERITIES, type Severity } from "../core/types.js";
import type { Io } from "./io.js";

export const FORMATS = ["text", "json", "sarif", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

interface OptionSpec {
  flags: string;
  description: string;
  env?: string;
  choices?: readonly string[];
  default?: string;
}

export const OPTION_TABLE = {
  repo: { flags: "-C, --repo <path>", description: "repository (or directory) to work in", env: "CUSTODY_REPO" },
  format: { flags: "-f, --format <format>", description: "output format (default: text on a terminal, json otherwise)", choices: FORMATS },
  output: { flags: "-o, --output <file>", description: "write the report to this file instead of standard output" },
  base: { flags: "--base <ref>", description: "base of the change (default: origin/$GITHUB_BASE_REF in GitHub Actions, else HEAD~1)", env: "CUSTODY_BASE" },
  head: { flags: "--head <ref>", description: "head of the change", default: "HEAD", env: "CUSTODY_HEAD" },
  ledger: { flags: "--ledger <file|url>", description: "ledger: an SQLite file, or postgres://user@host:port/db[?schema=name] (default: .git/custody/ledger.db in the repository)", env: "CUSTODY_LEDGER" },
  ledgerKey: { flags: "--ledger-key <file>", description: "checkpoint signing key (default: beside a ledger file, .git/custody/ledger.key for a URL; created on first use)", env: "CUSTODY_LEDGER_KEY" },
  failOn: { flags: "--fail-on <severity>", description: "exit 1 when a finding is at or above this severity ('none' never fails)", choices: [...SEVERITIES, "none"], default: "high" },
  threads: { flags: "--threads <n>", description: "worker threads for scanning (default: number of cores)", env: "CUSTODY_THREADS" },
  policy: { flags: "--policy <file>", description: "use this policy file instead of the one at the base commit" },
  sarif: { flags: "--sarif <file>", description: "also write SARIF to this file" },
  markdown: { flags: "--markdown <file>", description: "also write the Markdown PR comment to this file" },
  label: { flags: "--label <name...>", description: "pull-request labels, visible to policy rules as `labels`" },
  noRecord: { flags: "--no-record", description: "do not append events to the ledger" },
  osvDb: { flags: "--osv-db <file>", description: "advisory database written by `custody db import` (default: ~/.cache/custody/osv.db)", env: "CUSTODY_OSV_DB" },
  offline: { flags: "--offline", description: "do not ask package registries whether new dependencies exist (the report says the check was skipped)" },
  licenseIndex: { flags: "--license-index <file>", description: "snippet index written by `custody license index` (default: ~/.cache/custody/license-index.db, when it exists)", env: "CUSTODY_LICENSE_INDEX" },
  policyOffline: { flags: "--offline", description: "use the cached copies of policies named by URL under extends: instead of fetching them" },
  reportFormat: { flags: "-f, --format <format>", description: "output format", choices: ["text", "json"], default: "text" },
} as const satisfies Record<string, OptionSpec>;

export type OptionName = keyof typeof OPTION_TABLE;

export function addOptions(command: Command, names: OptionName[]): Command {
  for (const name of names) {
    const spec: OptionSpec = OPTION_TABLE[name];
    const option = new Option(spec.flags, spec.description);
    if (spec.env) option.env(spec.env);
    if (spec.choices) option.choices(spec.choices);
    if (spec.default !== undefined) option.default(spec.default);
    command.addOption(option);
  }
  return command;
}

export function pickFormat(value: unknown, io: Io, allowed: readonly Format[] = FORMATS): Format {
  const format = typeof value === "string" ? (value as Format) : io.stdoutIsTTY ? "text" : "json";
  if (!allowed.includes(format)) {
    throw new CustodyError("usage", `--format ${format} is not available here; use one of: ${allowed.join(", ")}`);
  }
  return format;
}

export function parseThreads(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 256) {
    throw new CustodyError("usage", `--threads must be a whole number from 0 to 256, got ${JSON.stringify(value)}`);
  }
  return n;
}

export function parseFailOn(value: unknown): Severity | "none" {
  return (typeof value === "string" ? value : "high") as Severity | "none";
}

/** Writes a report to `--output` or standard output. */
export async function emit(io: Io, text: string, output: unknown): Promise<void> {
  if (typeof output === "string") {
    await writeFile(resolve(io.cwd, output), text);
    return;
  }
  io.out(text);
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
