import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { digestOf } from "../../core/digest.js";
import type { GateResult } from "../../core/pipeline.js";
import type { Finding } from "../../core/types.js";
import { MAX_ENTRY_BYTES, decodeEvent, encodeEvent } from "../../ledger/index.js";
import { bufferIo } from "../io.js";
import { gateEvents } from "./record.js";

function finding(i: number): Finding {
  return {
    ruleId: i % 2 === 0 ? "sast/js-sql-injection" : "secrets/generic-api-key",
    analyzer: i % 2 === 0 ? "sast" : "secrets",
    severity: "high",
    cwe: ["CWE-89"],
    message: "Query built from request input",
    location: { path: `src/generated/module-${i}/handler.ts`, startLine: i + 1, startColumn: 3, endLine: i + 1, endColumn: 40 },
    fingerprint: i.toString(16).padStart(32, "0"),
    aiAttributed: i % 3 === 0,
    evidence: "db.query(`SELECT … ${req.query.id}`)",
  };
}

/** A gate run over a generated change whose scan reported `count` findings. */
function gateResult(count: number): GateResult {
  const findings = Array.from({ length: count }, (_, i) => finding(i));
  return {
    change: {
      id: "a".repeat(64),
      repo: "example/app",
      base: "b".repeat(40),
      head: "c".repeat(40),
      headTree: "d".repeat(40),
      files: [],
      commits: [],
      author: { name: "Alice", email: "alice@example.com" },
      truncated: [],
    },
    commits: [{ sha: "c".repeat(40), subject: "generate handlers", attribution: { contributor: "ai", tool: "claude-code", evidence: [{ source: "trailer", detail: "Co-Authored-By" }], confidence: 0.9 } }],
    lines: [],
    stats: { addedLines: count, ai: count, human: 0, mixed: 0, unknown: 0, aiShare: 1, byTool: {}, byModel: {} },
    findings,
    scannedFiles: count,
    scannedBytes: count * 100,
    skipped: [],
    failures: [],
    suppressed: [],
    invalidSuppressions: [],
    baselined: findings.slice(0, 2_000),
    allowed: [],
    imported: [],
    decision: {
      outcome: "block",
      reasons: [{ ruleName: "critical-finding", outcome: "block", explanation: "…", evidence: [] }],
      requiredApprovals: [],
      riskScore: 100,
      riskFactors: [],
      policyDigest: "e".repeat(64),
      changeId: "a".repeat(64),
    },
    policySource: "built-in defaults",
  };
}

void describe("gateEvents", () => {
  void it("records a scan with 5,000 findings in entries that fit a C2SP entry bundle, honestly shortened", () => {
    const result = gateResult(5_000);
    const io = bufferIo({ now: () => new Date("2026-11-21T10:00:00Z"), env: { USER: "tester" } });
    const events = gateEvents(io, result);
    assert.deepEqual(events.map((e) => e.type), ["provenance.recorded", "scan.completed", "decision.made"]);
    for (const event of events) assert.ok(encodeEvent(event).byteLength <= MAX_ENTRY_BYTES);
    const scan = decodeEvent(encodeEvent(events[1] ?? assert.fail("no scan event")));
    const listed = scan.payload.findings as { fingerprint: string; path: string }[];
    assert.ok(listed.length > 0 && listed.length < 5_000, `listed ${listed.length} findings`);
    // The first findings, in order, with the count and a digest of all of them.
    assert.deepEqual(listed.map((f) => f.fingerprint), result.findings.slice(0, listed.length).map((f) => f.fingerprint));
    assert.equal(scan.payload.findingsTotal, 5_000);
    assert.equal(scan.payload.baselinedTotal, 2_000);
    assert.equal(scan.payload.findingsDigest, digestOf(result.findings));
  });

  void it("lists every finding of an ordinary scan", () => {
    const result = gateResult(12);
    const [, scan] = gateEvents(bufferIo(), result);
    assert.equal((scan?.payload.findings as unknown[]).length, 12);
    assert.equal(scan?.payload.findingsTotal, 12);
  });
});
