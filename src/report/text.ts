// Plain terminal output: what a developer reads after `custody gate` or `custody scan`.
import type { SkippedFile } from "../core/files.js";
import type { Finding } from "../core/types.js";
import { approvalState, approvalText } from "./approvals.js";
import { OUTCOME_LABEL, percent, short, type GateReport } from "./summary.js";

function findingLines(findings: Finding[]): string[] {
  return findings.map((f) => {
    const ai = f.aiAttributed ? " [AI-written]" : "";
    const commit = f.commit === undefined ? "" : ` (added in ${short(f.commit)})`;
    return `  ${f.location.path}:${f.location.startLine}:${f.location.startColumn}  ${f.severity.padEnd(8)} ${f.ruleId}${ai}${commit}\n      ${f.message}${f.evidence ? `\n      evidence: ${f.evidence}` : ""}`;
  });
}

export function gateText(report: GateReport): string {
  const { decision, stats, change } = report;
  const out = [
    `Decision: ${OUTCOME_LABEL[decision.outcome]}${approvalState(decision)}   risk ${decision.riskScore}/100`,
    `Change ${short(change.id)}  ${short(change.base)}..${short(change.head)}  ${change.commits.length} commit(s), ${change.files.length} file(s)`,
    `Added lines: ${stats.addedLines}  AI ${stats.ai} (${percent(stats.aiShare)})  human ${stats.human}  mixed ${stats.mixed}  unknown ${stats.unknown}`,
    `Policy: ${report.policySource}`,
    "",
    "Why:",
    ...decision.reasons.flatMap((r) => [
      `  [${r.outcome}] ${r.ruleName}: ${r.explanation}`,
      ...r.evidence.slice(0, 10).map((e) => `      - ${e}`),
    ]),
  ];
  out.push(...approvalText(decision));
  out.push("", `Findings: ${report.findings.length}`, ...findingLines(report.findings));
  if (change.truncated.length > 0) out.push("", "Not scanned (limits reached):", ...change.truncated.map((t) => `  ${t}`));
  if (report.skipped.length > 0) out.push("", "Skipped files:", ...report.skipped.map((s) => `  ${s.path} (${s.reason})`));
  if (report.ledger) {
    out.push("", `Recorded in ledger ${report.ledger.path} (entries ${report.ledger.indexes.join(", ")}; tree size ${report.ledger.treeSize})`);
  }
  return `${out.join("\n")}\n`;
}

export function scanText(findings: Finding[], scannedFiles: number, skipped: SkippedFile[] = []): string {
  const out =
    findings.length === 0
      ? [`No findings in ${scannedFiles} file(s).`]
      : [`${findings.length} finding(s) in ${scannedFiles} file(s):`, ...findingLines(findings)];
  if (skipped.length > 0) out.push(`Skipped ${skipped.length} file(s):`, ...skipped.slice(0, 20).map((s) => `  ${s.path} (${s.reason})`));
  if (skipped.length > 20) out.push(`  … and ${skipped.length - 20} more (see --format json)`);
  return `${out.join("\n")}\n`;
}
