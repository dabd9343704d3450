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
import {
  createLedger,
  fitEventLists,
  isDatabaseUrl,
  loadOrCreateSigner,
  openLedgerStore,
  parseCheckpoint,
  parseNote,
} from "../../ledger/index.js";
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

/** The ledger `--ledger` names: a postgres:// URL as given, a file path resolved; default `.git/custody/ledger.db`. */
export async function ledgerLocation(io: Io, repo: string, flags: LedgerFlags): Promise<string> {
  if (flags.ledger === undefined) return join(await gitDir(repo), "custody", "ledger.db");
  return isDatabaseUrl(flags.ledger) ? flags.ledger : resolve(io.cwd, flags.ledger);
}

/**
 * Default: `.git/custody/ledger.db` and `.git/custody/ledger.key` of the repository (never committed).
 * A database URL has no directory to keep the key beside, so its key defaults to `.git/custody/ledger.key`.
 */
export async function ledgerPaths(io: Io, repo: string, flags: LedgerFlags): Promise<LedgerPaths> {
  const ledger = await ledgerLocation(io, repo, flags);
  if (flags.ledgerKey !== undefined) return { ledger, key: resolve(io.cwd, flags.ledgerKey) };
  const key = isDatabaseUrl(ledger) ? join(await gitDir(repo), "custody", "ledger.key") : join(ledger, "..", "ledger.key");
  return { ledger, key };
}

export function actorOf(io: Io): string {
  return `cli:${io.env.GITHUB_ACTOR ?? io.env.USER ?? "unknown"}`;
}

/** Where appended events landed, and a C2SP tlog-proof receipt per event, in the order given. */
export type RecordedEvents = LedgerRef & { receipts: string[] };

/** Appends events in one batch with a freshly signed checkpoint; returns where they landed. */
export async function appendEvents(paths: LedgerPaths, events: LedgerEvent[]): Promise<RecordedEvents> {
  if (!isDatabaseUrl(paths.ledger)) await mkdir(dirname(paths.ledger), { recursive: true });
  const store = await openLedgerStore(paths.ledger);
  try {
    // The origin names the log in every checkpoint; a new ledger gets a random one so two logs never share it.
    const stored = await store.getMeta("origin");
    const origin = stored ?? `custody.ledger/${randomBytes(8).toString("hex")}`;
    // Claimed before a key is created under its name: a run killed in between must not leave a key
    // named after an origin the ledger never recorded, which every later run would then refuse.
    if (stored === undefined) await store.setMeta("origin", origin);
    const signer = await loadOrCreateSigner(paths.key, origin);
    const ledger = await createLedger(store, { origin, signer });
    const appended = await ledger.append(events);
    const note = parseNote(appended.checkpoint);
    if ("ok" in note) throw new CustodyError("ledger-invalid", `the checkpoint just signed does not parse: ${note.message}`);
    const checkpoint = parseCheckpoint(note.text);
    return {
      path: store.location,
      indexes: appended.indexes,
      treeSize: checkpoint.size,
      rootHash: Buffer.from(checkpoint.rootHash).toString("base64"),
      receipts: appended.receipts,
    };
  } finally {
    await store.close();
  }
}

export async function recordEvents(io: Io, repo: string, flags: LedgerFlags, events: LedgerEvent[]): Promise<RecordedEvents> {
  return appendEvents(await ledgerPaths(io, repo, flags), events);
}

/**
 * The three events of a gate run. Payloads carry digests and summaries, never file contents or secrets.
 * Long lists keep their first items and their full count (`findingsTotal`, …) so every event fits in one
 * ledger entry; `findingsDigest` still covers every finding.
 */
export function gateEvents(io: Io, result: GateResult): LedgerEvent[] {
  const time = io.now().toISOString();
  const actor = actorOf(io);
  const subject = `change:${result.change.id}`;
  const [provenance, scan, decided] = rawGateEvents(result, time, actor, subject);
  return [
    fitEventLists(provenance, ["commits"]),
    fitEventLists(scan, ["findings", "suppressed", "baselined", "allowed", "imported"]),
    decided,
  ];
}

function rawGateEvents(result: GateResult, time: string, actor: string, subject: string): [LedgerEvent, LedgerEvent, LedgerEvent] {
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
        // The approvals a decision rests on, by ledger entry; the reasons others were ignored stay in the report.
        requiredApprovals: decision.requiredApprovals.map((a) => ({
          group: a.group,
          count: a.count,
          satisfiedBy: a.satisfiedBy,
          ...(a.rejectedBy && a.rejectedBy.length > 0 ? { rejectedBy: a.rejectedBy } : {}),
          ...(a.counted ? { entries: a.counted.flatMap((c) => (c.entry === undefined ? [] : [c.entry])) } : {}),
        })),
        ...(decision.satisfied !== undefined ? { satisfied: decision.satisfied } : {}),
        ...(decision.override ? { override: { by: decision.override.by, entry: decision.override.entry } } : {}),
        repo: change.repo,
        base: change.base,
        head: change.head,
        riskScore: decision.riskScore,
        policyDigest: decision.policyDigest,
        policySource: result.policySource,
        headTree: change.headTree,
        decisionDigest: digestOf(decision),
      },
    },
  ];
}
