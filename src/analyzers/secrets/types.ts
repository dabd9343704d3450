import type { Location, Severity } from "../../core/types.js";

/**
 * A secrets rule is data: a keyword prefilter, a regex and optional validators. Regexes stay in
 * TypeScript rather than YAML because they are code and deserve the type checker and lint.
 */
export interface SecretRule {
  /** Full id: `secrets/<rule-name>`. */
  id: string;
  /** One line: what the rule finds. Also the start of every finding's message. */
  title: string;
  severity: Severity;
  cwe: string[];
  /**
   * Lower-case ASCII literals. The regex runs only on files that contain at least one of them
   * (compared case-insensitively), so adding rules does not slow down files they cannot match.
   */
  keywords: string[];
  /**
   * Anchored on token boundaries. The secret is the named group `secret`; a pattern with
   * alternatives may name further groups `secret2`, `secret3`… and the first that took part wins.
   */
  regex: RegExp;
  /** Minimum Shannon entropy of the secret, in bits per character. */
  minEntropy?: number;
  /** Format checks the regex cannot express: checksums, decodable structure, context. */
  validate?: (secret: string, groups: Readonly<Record<string, string | undefined>>) => boolean;
  /** A catch-all rule: its matches yield to any specific rule's match on overlapping text. */
  generic?: boolean;
  /** Characters of the secret shown in evidence; defaults to a short prefix that scales with length. */
  visiblePrefix?: number;
  /** Why AI writes this and how to fix it; Markdown. */
  help: string;
}

/** One validated secret in a text. Offsets are UTF-16 indexes into the scanned text. */
export interface SecretMatch {
  rule: SecretRule;
  /** The raw secret. Callers must mask it before it leaves the process. */
  secret: string;
  start: number;
  end: number;
  /** 1-based lines and columns counted in Unicode code points; `endColumn` is exclusive. */
  location: Omit<Location, "path">;
}
