// Where the CLI keeps the ledger and its key, and the events a gate run appends.
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { digestOf } from "../../core/digest.js";
import { CustodyError } from "../../core/errors.js";
import type { GateResult } from "../../core/pipeline.js";
import type { LedgerEvent } from "../../core/types.js";
import { VERSION } from "../../core/version.js";
import { gitDir } from "../../git/index.js";
import { createLedger, loadOrCreateSigner, openSqliteStore, parseCheckpoint, parseNote } from "../../ledger/index.js";
import type { LedgerRef } from "../../report/index.js";
import type { Io } from "../io.js";

export interface LedgerFlags {
  ledger?: string;
  ledgerKey?: string;
}

export interface LedgerPaths {
  ledger: string;
  key: string;
}

/** Default: `.git/custody/ledger.db` and `.git/custody/ledger.key` of the repository (never committed). */
export async function ledgerPaths(io: Io, repo: string, flags: LedgerFlags): Promise<LedgerPaths> {
  const ledger = flags.ledger !== undefined ? resolve(io.cwd, flags.ledger) : join(await gitDir(repo), "custody", "ledger.db");
  const key = flags.ledgerKey !== undefined ? resolve(io.cwd, flags.ledgerKey) : join(ledger, "..", "ledger.key");
  return { ledger, key };
}

export function actorOf(io: Io): string {
  return `cli:${io.env.GITHUB_ACTOR ?? io.env.USER ?? "unknown"}`;
}

/** Appends events in one batch with a freshly signed checkpoint; returns where they landed. */
export async function appendEvents(paths: LedgerPaths, events: LedgerEvent[]): Promise<LedgerRef> {
  await mkdir(dirname(paths.ledger), { recursive: true });
  const store = openSqliteStore(paths.ledger);
  try {
    // The origin names the log in every checkpoint; a new ledger gets a random one so two logs never share it.
    const origin = (await store.getMeta("origin")) ?? `custody.ledger/${randomBytes(8).toString("hex")}`;
    const signer = await loadOrCreateSigner(paths.key, origin);
    const ledger = await createLedger(store, { origin, signer });
    const appended = await ledger.append(events);
    const note = parseNote(appended.checkpoint);
    if ("ok" in note) throw new CustodyError("ledger-invalid", `the checkpoint just signed does not parse: ${note.message}`);
    const checkpoint = parseCheckpoint(note.text);
    return {
      path: paths.ledger,
      indexes: appended.indexes,
      treeSize: checkpoint.size,
      rootHash: Buffer.from(checkpoint.rootHash).toString("base64"),
    };
  } finally {
    await store.close();
  }
}

export async function recordEvents(io: Io, repo: string, flags: LedgerFlags, events: LedgerEvent[]): Promise<LedgerRef> {
  return appendEvents(await ledgerPaths(io, repo, flags), events);
}

/** The three events of a gate run. Payloads carry digests and summaries, never file contents or secrets. */
export function gateEvents(io: Io, result: GateResult): LedgerEvent[] {
  const time = io.now().toISOString();
  const actor = actorOf(io);
  const subject = `change:${result.change.id}`;
  const { change, decision } = result;
  return [
    {
      type: "provenance.recorded",
      time,
      actor,
      subject,
      payload: {
        repo: change.repo,
        base: change.base,
        head: change.head,
        headTree: change.headTree,
        commits: result.commits.map((c) => ({
          sha: c.sha,
          contributor: c.attribution.contributor,
          tool: c.attribution.tool ?? null,
          model: c.attribution.model ?? null,
          confidence: c.attribution.confidence,
          evidence: c.attribution.evidence.map((e) => e.source),
        })),
        stats: result.stats,
      },
    },
    {
      type: "scan.completed",
      time,
      actor,
      subject,
      payload: {
        tool: `custody ${VERSION}`,
        scannedFiles: result.scannedFiles,
        findings: result.findings.map((f) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          fingerprint: f.fingerprint,
          path: f.location.path,
          line: f.location.startLine,
          aiAttributed: f.aiAttributed,
        })),
        findingsDigest: digestOf(result.findings),
        // Each accepted finding stays on record: who accepted what, where, and why.
        suppressed: result.suppressed.map((s) => ({
          ruleId: s.ruleId,
          severity: s.severity,
          path: s.path,
          line: s.line,
          reason: s.reason,
          fingerprint: s.fingerprint,
        })),
        baselined: result.baselined.map((f) => ({ ruleId: f.ruleId, fingerprint: f.fingerprint, path: f.location.path })),
        allowed: result.allowed.map((a) => ({ ruleId: a.ruleId, fingerprint: a.fingerprint, path: a.path, line: a.line, reason: a.reason })),
        imported: result.imported.map((i) => ({ source: i.source, tools: i.tools, results: i.results })),
      },
    },
    {
      type: "decision.made",
      time,
      actor,
      subject,
      payload: {
        outcome: decision.outcome,
        reasons: decision.reasons.map((r) => ({ ruleName: r.ruleName, outcome: r.outcome })),
        requiredApprovals: decision.requiredApprovals,
        riskScore: decision.riskScore,
        policyDigest: decision.policyDigest,
        policySource: result.policySource,
        headTree: change.headTree,
        decisionDigest: digestOf(decision),
      },
    },
  ];
}
