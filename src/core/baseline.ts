// A baseline: findings a team has accepted, by fingerprint, so a scan reports only what is new. The
// rule id and path are there for the people reading the file; matching uses the fingerprint alone, and
// for secrets the fingerprint (derived from a hash of the secret) is all that is stored.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { CustodyError } from "./errors.js";
import type { Finding } from "./types.js";

export const BASELINE_VERSION = 1;

const entry = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{16,64}$/, "expected a hexadecimal fingerprint"),
  ruleId: z.string().min(1),
  path: z.string(),
});

const baselineFile = z.object({
  version: z.literal(BASELINE_VERSION, { error: `expected version ${BASELINE_VERSION}` }),
  findings: z.array(entry),
});

export type BaselineEntry = z.infer<typeof entry>;

export interface Baseline {
  version: typeof BASELINE_VERSION;
  findings: BaselineEntry[];
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("") || "(top level)";
}

/** Validates a baseline's text; `source` names the file in errors. */
export function parseBaseline(text: string, source: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CustodyError("baseline-invalid", `${source}: not valid JSON (${reason}); recreate it with --write-baseline`);
  }
  const parsed = baselineFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${fieldPath(issue.path)}: ${issue.message}` : "unexpected shape";
    throw new CustodyError("baseline-invalid", `${source}: not a Custody baseline at ${where}; recreate it with --write-baseline`);
  }
  return parsed.data;
}

export async function readBaseline(path: string, source: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new CustodyError("file-unreadable", `--baseline ${source}: cannot read the file; check the path, or create it with --write-baseline`);
  }
  return parseBaseline(text, source);
}

/** A baseline accepting these findings, sorted so the file diffs cleanly. */
export function createBaseline(findings: Finding[]): Baseline {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const f of findings) byFingerprint.set(f.fingerprint, { fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.location.path });
  const entries = [...byFingerprint.values()].sort(
    (a, b) => a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint),
  );
  return { version: BASELINE_VERSION, findings: entries };
}

export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Splits findings into new ones and those the baseline accepts. */
export function applyBaseline(findings: Finding[], baseline: Baseline | undefined): { findings: Finding[]; baselined: Finding[] } {
  if (!baseline) return { findings, baselined: [] };
  const accepted = new Set(baseline.findings.map((e) => e.fingerprint));
  return {
    findings: findings.filter((f) => !accepted.has(f.fingerprint)),
    baselined: findings.filter((f) => accepted.has(f.fingerprint)),
  };
}
