// One error type for every expected failure. `code` is stable kebab-case (documented in docs/errors.md);
// `message` tells the user what went wrong and what to do about it.

export const ERROR_CODES = [
  "usage",
  "not-a-repository",
  "unknown-ref",
  "shallow-clone",
  "git-failed",
  "policy-invalid",
  "policy-not-found",
  "policy-unreachable",
  "rule-invalid",
  "ledger-invalid",
  "ledger-key-missing",
  "file-unreadable",
  "input-too-large",
  "ledger-key-invalid",
  "ledger-conflict",
  "ledger-unreachable",
  "ledger-denied",
  "ledger-event-invalid",
  "checkpoint-invalid",
  "note-invalid",
  "receipt-invalid",
  "export-invalid",
  "witness-request-invalid",
  "witness-state-invalid",
  "parser-unavailable",
  "blame-invalid",
  "trace-invalid",
  "pending-invalid",
  "hook-payload-invalid",
  "hook-config-invalid",
  "baseline-invalid",
  "sarif-invalid",
  "semgrep-unavailable",
  "semgrep-failed",
  "fixtures-missing",
  "lockfile-invalid",
  "approval-key-invalid",
  "approval-refused",
  "change-not-found",
  "delegation-invalid",
  "license-index-invalid",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class CustodyError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CustodyError";
    this.code = code;
  }
}

export function isCustodyError(value: unknown): value is CustodyError {
  return value instanceof CustodyError;
}
