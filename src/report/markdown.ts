// A concise pull-request comment: the decision and why first, details folded away.
import type { Finding } from "../core/types.js";
import { VERSION } from "../core/version.js";
import { approvalMarkdown, approvalState } from "./approvals.js";
import { OUTCOME_LABEL, percent, short, type GateReport } from "./summary.js";

const ICON = { pass: "✅", review: "👀", escalate: "⚠️", block: "⛔" } as const;

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function findingsTable(findings: Finding[]): string[] {
  const rows = findings.map(
    (f) =>
      `| ${f.severity} | \`${f.ruleId}\` | \`${cell(f.location.path)}:${f.location.startLine}\`${f.commit === undefined ? "" : ` @ \`${f.commit.slice(0, 12)}\``} | ${f.aiAttributed ? "AI" : ""} | ${cell(f.message)} |`,
  );
  return ["| Severity | Rule | Location | Written by | Finding |", "|---|---|---|---|---|", ...rows];
}

export function gateMarkdown(report: GateReport): string {
  const { decision, stats } = report;
  const tools = Object.entries(stats.byTool)
    .map(([tool, n]) => `${tool} ${n}`)
    .join(", ");
  const lines = [
    `### ${ICON[decision.outcome]} Custody: ${OUTCOME_LABEL[decision.outcome]}${approvalState(decision)}`,
    "",
    `Risk **${decision.riskScore}/100** · ${report.change.commits.length} commit(s) · ${stats.addedLines} added line(s), ` +
      `${percent(stats.aiShare)} AI-written${tools ? ` (${tools})` : ""}, ${stats.unknown} of unknown origin · ` +
      `${report.findings.length} finding(s)`,
    "",
    "| Rule | Outcome | Why |",
    "|---|---|---|",
    ...decision.reasons.map((r) => {
      const evidence = r.evidence.length > 0 ? `<br><sub>${cell(r.evidence.slice(0, 5).join("; "))}</sub>` : "";
      return `| \`${r.ruleName}\` | ${r.outcome} | ${cell(r.explanation)}${evidence} |`;
    }),
  ];
  lines.push(...approvalMarkdown(decision));
  if (report.findings.length > 0) {
    lines.push("", `<details><summary>Findings (${report.findings.length})</summary>`, "", ...findingsTable(report.findings), "", "</details>");
  }
  lines.push(
    "",
    `<sub>change \`${short(decision.changeId)}\` · policy \`${short(decision.policyDigest)}\` (${cell(report.policySource)}) · custody ${VERSION}</sub>`,
  );
  return `${lines.join("\n")}\n`;
}

export function scanMarkdown(findings: Finding[], scannedFiles: number): string {
  if (findings.length === 0) return `### ✅ Custody scan: no findings in ${scannedFiles} file(s)\n`;
  return [`### Custody scan: ${findings.length} finding(s) in ${scannedFiles} file(s)`, "", ...findingsTable(findings), ""].join("\n");
}
