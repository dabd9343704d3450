import type { AnalyzerId, LineRange, Location, Severity } from "../core/types.js";

/** A file handed to analyzers. `path` is repository-relative with forward slashes. */
export interface SourceFile {
  path: string;
  text: string;
  /** Lines added by the change under review; absent when the whole file is in scope. */
  addedLines?: LineRange[];
}

/** What a rule reports; the pipeline adds the analyzer id, the fingerprint and `aiAttributed`. */
export interface AnalyzerFinding {
  /** Full id: `<analyzer>/<rule-name>`. */
  ruleId: string;
  severity: Severity;
  cwe: string[];
  message: string;
  location: Location;
  /** Masked evidence safe to print and store. */
  evidence: string;
  /**
   * Text the fingerprint is derived from: the matched code (normalised) or, for secrets, a hash of
   * the secret. Never a line number, so the fingerprint survives code moving around.
   */
  fingerprintText: string;
}

export interface RuleMeta {
  /** Full id: `<analyzer>/<rule-name>`. */
  id: string;
  /** One line: what the rule finds. */
  title: string;
  severity: Severity;
  cwe: string[];
  owasp: string[];
  /** Why AI writes this and how to fix it; Markdown. */
  help: string;
}

export interface Analyzer {
  id: AnalyzerId;
  description: string;
  /** Capability flags. */
  needsNetwork: boolean;
  /** Whether this analyzer looks at a file with this path at all. */
  appliesTo(path: string): boolean;
  /** Must be pure and synchronous: it runs in worker threads. */
  analyzeFile(file: SourceFile): AnalyzerFinding[];
  rules(): RuleMeta[];
}

/** Keeps only findings that start on a line the change adds, when the file carries added lines. */
export function onAddedLines(file: SourceFile, findings: AnalyzerFinding[]): AnalyzerFinding[] {
  const ranges = file.addedLines;
  if (!ranges) return findings;
  return findings.filter((f) =>
    ranges.some((r) => f.location.startLine <= r.end && f.location.endLine >= r.start),
  );
}
