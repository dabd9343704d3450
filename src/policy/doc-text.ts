// Words and Markdown helpers for the usage-policy document.

import type { Outcome } from "../core/types.js";
import type { BuiltinRuleName } from "./defaults.js";

/** When each built-in rule fires, in plain words. */
export const BUILTIN_SUMMARIES: Readonly<Record<BuiltinRuleName, string>> = {
  "critical-finding": "an analyzer reports a critical finding in the lines the change adds (SEC-001)",
  "secret-detected": "a secret (key, token, password) appears in the change",
  "critical-vulnerability": "the change brings in a dependency version with a published critical vulnerability",
  "high-severity-finding": "an analyzer reports a high-severity finding",
  "ai-in-critical-path": "AI-written lines are in a critical path (SEC-003)",
  "ai-auth-change": "AI-written lines touch authentication, login, session or password code",
  "unapproved-tool": "an AI tool that is not approved wrote code (TM-002)",
  "unapproved-model": "an AI model the model patterns do not allow wrote code",
  "classification-violation": "AI-written lines are in a path whose data class does not allow the tool or model (DP-001)",
  "agent-config-change": "the change touches a file that steers AI agents, such as `CLAUDE.md`, `.cursorrules` or `.mcp.json` (SEC-002)",
  "risky-dependency": "the change adds a malicious, non-existent (hallucinated) or typosquatted package",
};

const OUTCOME_TEXT: Readonly<Record<Outcome, string>> = {
  pass: "pass (listed only)",
  review: "review",
  escalate: "escalate",
  block: "**block**",
};

export function outcomeText(outcome: Outcome): string {
  return OUTCOME_TEXT[outcome];
}

/** Text safe inside a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** Inline code that survives any backticks and pipes in the text. */
export function code(text: string): string {
  const fence = "`".repeat(longestRun(text, "`") + 1);
  const padded = text.startsWith("`") || text.endsWith("`") ? ` ${text} ` : text;
  return `${fence}${padded.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")}${fence}`;
}

function longestRun(text: string, character: string): number {
  let longest = 0;
  let current = 0;
  for (const letter of text) {
    current = letter === character ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

/** `a, b and c`; more than `limit` items end in `and N more`. */
export function list(items: readonly string[], limit = Number.POSITIVE_INFINITY, conjunction = "and"): string {
  const shown = items.length > limit ? [...items.slice(0, limit), `${items.length - limit} more`] : [...items];
  if (shown.length <= 1) return shown[0] ?? "";
  return `${shown.slice(0, -1).join(", ")} ${conjunction} ${shown.at(-1) ?? ""}`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)];
}
