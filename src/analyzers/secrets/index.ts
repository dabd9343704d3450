// The secrets analyzer: provider rules with a keyword prefilter, checksums and structure checks,
// a generic entropy rule for secret-named keys, and masking of every reported value.
import { onAddedLines } from "../types.js";
import type { Analyzer, AnalyzerFinding, RuleMeta, SourceFile } from "../types.js";
import { createSecretScanner } from "./engine.js";
import type { SecretScanner } from "./engine.js";
import { maskSecret, sha256Hex } from "./mask.js";
import { SECRET_RULES } from "./rules/index.js";
import type { SecretMatch, SecretRule } from "./types.js";

const OWASP = ["A07:2021-Identification and Authentication Failures"];

let shared: SecretScanner | undefined;

/**
 * One scanner over the shipped rules for the whole process, built on first use: compiling 234 rules
 * costs tens of milliseconds, and commands that never look for secrets should not pay it.
 */
export function defaultSecretScanner(): SecretScanner {
  shared ??= createSecretScanner(SECRET_RULES);
  return shared;
}

function toFinding(path: string, match: SecretMatch): AnalyzerFinding {
  const { rule } = match;
  return {
    ruleId: rule.id,
    severity: rule.severity,
    cwe: [...rule.cwe],
    message: `${rule.title} in plain text. Revoke or rotate it, then load it from the environment or a secret manager.`,
    location: { path, ...match.location },
    evidence: maskSecret(match.secret, rule.visiblePrefix),
    fingerprintText: sha256Hex(match.secret),
  };
}

function toMeta(rule: SecretRule): RuleMeta {
  return { id: rule.id, title: rule.title, severity: rule.severity, cwe: [...rule.cwe], owasp: [...OWASP], help: rule.help };
}

export const secretsAnalyzer: Analyzer = {
  id: "secrets",
  description: "Hard-coded credentials: provider tokens, private keys, connection strings and secret-named assignments.",
  needsNetwork: false,
  // Binary and oversized files are filtered out before analyzers run; any text can hold a secret.
  appliesTo: () => true,
  analyzeFile(file: SourceFile): AnalyzerFinding[] {
    const findings = defaultSecretScanner().scan(file.text).map((match) => toFinding(file.path, match));
    return onAddedLines(file, findings);
  },
  rules: () => SECRET_RULES.map(toMeta),
};

export { createSecretScanner } from "./engine.js";
export type { SecretScanner } from "./engine.js";
export { maskSecret, sha256Hex } from "./mask.js";
export { SECRET_RULES } from "./rules/index.js";
export { MAX_SCANNED_LINE } from "./text.js";
export type { SecretMatch, SecretRule } from "./types.js";
export { base62Encode, hasValidCrc32Checksum, isDecodablePrivateKey, isJwtWithAlgorithm, shannonEntropy } from "./validators.js";
