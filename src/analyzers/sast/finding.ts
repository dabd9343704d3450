// How a match becomes a finding, shared by the syntax-tree engine and the text-rule engine so both
// kinds of rule report the same fields, masked and trimmed the same way.
import type { Location } from "../../core/types.js";
import type { AnalyzerFinding, RuleMeta } from "../types.js";
import { holdsCredential, maskStringLiterals } from "./mask.js";

const EVIDENCE_LIMIT = 200;
const MESSAGE_VALUE_LIMIT = 60;
const MESSAGE_METAVARIABLE = /\$(\$\$)?([A-Z_][A-Z0-9_]*)/g;
// Long runs of key-like characters with letters and digits: a rule may match a call that also
// carries a credential, and evidence is printed and stored.
const SECRET_LIKE = /[A-Za-z0-9+/_=-]{24,}/g;

function normalise(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function maskSecretLike(text: string): string {
  return text.replace(SECRET_LIKE, (token) =>
    /[A-Za-z]/.test(token) && /[0-9]/.test(token) ? `${token.slice(0, 4)}${"*".repeat(8)}` : token,
  );
}

/**
 * The message template with each `$NAME` (or `$$$NAME`) replaced by what `valueOf` says the match
 * bound to it; names it knows nothing of stay as written.
 */
export function fillMessage(template: string, valueOf: (name: string, multiple: boolean) => string | undefined): string {
  return template.replace(MESSAGE_METAVARIABLE, (whole, dollars: string | undefined, name: string) => {
    const text = valueOf(name, dollars !== undefined);
    return text === undefined ? whole : truncate(maskSecretLike(normalise(text)), MESSAGE_VALUE_LIMIT);
  });
}

/** The finding for `matched` text at `location`, with its evidence masked and its message filled. */
export function buildFinding(meta: RuleMeta, message: string, location: Location, matched: string): AnalyzerFinding {
  const text = normalise(matched);
  const credential = holdsCredential(meta.cwe);
  return {
    ruleId: meta.id,
    severity: meta.severity,
    cwe: [...meta.cwe],
    message: credential ? maskStringLiterals(message) : message,
    location,
    evidence: truncate(credential ? maskStringLiterals(text) : maskSecretLike(text), EVIDENCE_LIMIT),
    fingerprintText: text,
  };
}

export function compareFindings(a: AnalyzerFinding, b: AnalyzerFinding): number {
  return (
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.location.endLine - b.location.endLine ||
    a.location.endColumn - b.location.endColumn
  );
}
