// How required approvals read in the gate's text and Markdown: per group who satisfied it or how many
// are still missing, rejects, and every approval that did not count with its reason.
import type { Decision, IgnoredApproval, RequiredApproval } from "../core/types.js";

/** What approvals did to a decision that needed them, for the headline ("" when they were not evaluated). */
export function approvalState(decision: Decision): string {
  if (decision.override) return " — OVERRIDDEN";
  if (decision.satisfied === undefined || decision.outcome === "pass") return "";
  return decision.satisfied ? " — approvals satisfied" : "";
}

/** "satisfied by alice@…, bob@… (2 of 2)" or "still open: 1 more from senior (1 of 2: alice@…)". */
export function requirementStatus(req: RequiredApproval): string {
  const have = req.satisfiedBy.length;
  const who = have > 0 ? `: ${req.satisfiedBy.join(", ")}` : "";
  const rejected = req.rejectedBy ?? [];
  if (rejected.length > 0) return `still open: rejected by ${rejected.join(", ")} (${have} of ${req.count} approved${who})`;
  if (have >= req.count) return `satisfied by ${req.satisfiedBy.join(", ")} (${have} of ${req.count})`;
  return `still open: ${req.count - have} more from ${req.group} (${have} of ${req.count}${who})`;
}

function ignoredLine(item: IgnoredApproval, showGroup = false): string {
  const where = item.entry === undefined ? "hypothetical" : `entry ${item.entry}`;
  const group = showGroup && item.group !== undefined ? `, for ${item.group}` : "";
  return `${item.reviewer} (${item.verdict}, ${where}${group}): ${item.reason}`;
}

function counted(req: RequiredApproval): string[] {
  return (req.counted ?? [])
    .filter((c) => c.signedBy !== c.reviewer || c.entry === undefined)
    .map((c) => (c.entry === undefined ? `${c.reviewer}: hypothetical approval, unsigned` : `${c.reviewer}: signed by delegate ${c.signedBy} (entry ${c.entry})`));
}

export function approvalText(decision: Decision): string[] {
  const out: string[] = [];
  if (decision.requiredApprovals.length > 0) {
    out.push("", "Approvals required:");
    for (const req of decision.requiredApprovals) {
      const rules = req.rules && req.rules.length > 0 ? `  [${req.rules.join(", ")}]` : "";
      out.push(`  ${req.group}: ${requirementStatus(req)}${rules}`);
      for (const line of counted(req)) out.push(`      + ${line}`);
      for (const item of req.ignored ?? []) out.push(`      - ignored ${ignoredLine(item)}`);
    }
  }
  if (decision.override) {
    const o = decision.override;
    out.push("", `Overridden by ${o.by} (entry ${o.entry}, ${o.time}): ${o.justification}`);
  }
  const ignored = decision.ignoredApprovals ?? [];
  if (ignored.length > 0) out.push("", "Ignored approvals:", ...ignored.map((item) => `  ${ignoredLine(item)}`));
  return out;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function approvalMarkdown(decision: Decision): string[] {
  const lines: string[] = [];
  if (decision.requiredApprovals.length > 0) {
    lines.push("", "**Approvals required**");
    for (const req of decision.requiredApprovals) {
      lines.push(`- \`${req.group}\`: ${cell(requirementStatus(req))}`);
      for (const line of counted(req)) lines.push(`  - ${cell(line)}`);
    }
  }
  if (decision.override) {
    const o = decision.override;
    lines.push("", `**Overridden** by ${cell(o.by)}: ${cell(o.justification)}`);
  }
  const ignored = [...(decision.ignoredApprovals ?? []), ...decision.requiredApprovals.flatMap((r) => r.ignored ?? [])];
  if (ignored.length > 0) {
    lines.push("", `<details><summary>Approvals that did not count (${ignored.length})</summary>`, "", ...ignored.map((item) => `- ${cell(ignoredLine(item, true))}`), "", "</details>");
  }
  return lines;
}
