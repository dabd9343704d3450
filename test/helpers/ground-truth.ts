// Precision and recall of an analyzer against independently written ground truth. The sample
// applications under test/fixtures/sast-apps mark each real vulnerability with a comment
// `expect: <category>` on the line above it. Categories name vulnerability classes, not rules, so
// the annotations do not depend on how (or whether) a rule reports them. A finding matches an
// expected vulnerability when it shares a CWE with the category and lies within LINE_SLACK lines of
// the annotated line: one flaw spans its configuration and its use (an XML parser set up to resolve
// entities, then fed a request body), and the annotation marks one of them.
import type { Tally } from "../../src/analyzers/tester.js";
import type { AnalyzerFinding } from "../../src/analyzers/types.js";

/** Each vulnerability class and the CWEs a finding of that class may carry. */
export const CATEGORY_CWES: Readonly<Record<string, readonly string[]>> = {
  "sql-injection": ["CWE-89", "CWE-564"],
  "nosql-injection": ["CWE-943"],
  "command-injection": ["CWE-78", "CWE-77", "CWE-88"],
  "code-injection": ["CWE-94", "CWE-95", "CWE-1336", "CWE-917", "CWE-98"],
  "path-traversal": ["CWE-22", "CWE-23", "CWE-73", "CWE-98"],
  xss: ["CWE-79", "CWE-80"],
  ssrf: ["CWE-918"],
  "open-redirect": ["CWE-601"],
  "insecure-deserialization": ["CWE-502"],
  xxe: ["CWE-611", "CWE-776"],
  "weak-hash": ["CWE-327", "CWE-328", "CWE-916", "CWE-759"],
  "weak-cipher": ["CWE-327", "CWE-326", "CWE-329", "CWE-1204"],
  "insecure-randomness": ["CWE-330", "CWE-338"],
  "jwt-misuse": ["CWE-347"],
  "tls-verification-disabled": ["CWE-295", "CWE-297"],
  "permissive-cors": ["CWE-942", "CWE-346"],
  "missing-authentication": ["CWE-306", "CWE-862"],
  "debug-mode": ["CWE-489", "CWE-215"],
  "hardcoded-credentials": ["CWE-798", "CWE-259", "CWE-321"],
  "mass-assignment": ["CWE-915"],
  "prototype-pollution": ["CWE-1321"],
  "log-injection": ["CWE-117"],
  "regex-injection": ["CWE-1333", "CWE-730", "CWE-625", "CWE-400"],
};

export const LINE_SLACK = 3;

/** Categories matched by analyzer rather than by CWE: any finding of that analyzer's rules counts. */
const ANALYZER_CATEGORIES: Readonly<Record<string, string>> = { secret: "secrets/", "agent-config": "agent-config/" };

const IN_SCOPE_CWES = new Set(Object.values(CATEGORY_CWES).flat());

function inScope(finding: AnalyzerFinding): boolean {
  return finding.cwe.some((c) => IN_SCOPE_CWES.has(c)) || Object.values(ANALYZER_CATEGORIES).some((prefix) => finding.ruleId.startsWith(prefix));
}

export interface Expectation {
  path: string;
  /** 1-based line the annotation points at. */
  line: number;
  category: string;
}

// In JSON, which has no comments, the annotation is a string: `"//": "expect: secret",`.
const EXPECT = /(?:\/\/|#|--|<!--|\/\*|\{\{--|@\*|<%#|")\s*expect:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)/;

/** The `expect:` annotations of one file; each applies to the next non-blank line. */
export function parseExpectations(path: string, text: string): Expectation[] {
  const lines = text.split("\n");
  const found: Expectation[] = [];
  let pending: string[] = [];
  lines.forEach((line, index) => {
    const match = EXPECT.exec(line);
    if (match?.[1]) {
      pending.push(...match[1].split(",").map((c) => c.trim()));
      return;
    }
    if (pending.length === 0 || line.trim() === "") return;
    for (const category of pending) found.push({ path, line: index + 1, category });
    pending = [];
  });
  return found;
}

export function unknownCategories(expectations: readonly Expectation[]): string[] {
  return [...new Set(expectations.map((e) => e.category).filter((c) => !(c in CATEGORY_CWES) && !(c in ANALYZER_CATEGORIES)))];
}

/** `found` counts expectations covered by a finding; `reported` only findings of evaluated classes. */
export interface Score extends Tally {
  /** Findings of classes outside the evaluated vocabulary (cookie flags, timing, clickjacking…). */
  outOfScope: number;
  missed: Expectation[];
  falsePositives: AnalyzerFinding[];
}

function matches(finding: AnalyzerFinding, expectation: Expectation, slack: number): boolean {
  const { location } = finding;
  if (location.path !== expectation.path) return false;
  if (expectation.line < location.startLine - slack || expectation.line > location.endLine + slack) return false;
  const prefix = ANALYZER_CATEGORIES[expectation.category];
  if (prefix !== undefined) return finding.ruleId.startsWith(prefix);
  const cwes = CATEGORY_CWES[expectation.category] ?? [];
  return finding.cwe.some((c) => cwes.includes(c));
}

/** `slack`: how many lines a finding may sit from the annotated line (0 for line-exact ground truth). */
export function score(expectations: readonly Expectation[], findings: readonly AnalyzerFinding[], slack = LINE_SLACK): Score {
  const scoped = findings.filter(inScope);
  const falsePositives = scoped.filter((f) => !expectations.some((e) => matches(f, e, slack)));
  const missed = expectations.filter((e) => !scoped.some((f) => matches(f, e, slack)));
  return {
    expected: expectations.length,
    found: expectations.length - missed.length,
    reported: scoped.length,
    correct: scoped.length - falsePositives.length,
    outOfScope: findings.length - scoped.length,
    missed,
    falsePositives,
  };
}

export function addScores(a: Score, b: Score): Score {
  return {
    expected: a.expected + b.expected,
    found: a.found + b.found,
    reported: a.reported + b.reported,
    correct: a.correct + b.correct,
    outOfScope: a.outOfScope + b.outOfScope,
    missed: [...a.missed, ...b.missed],
    falsePositives: [...a.falsePositives, ...b.falsePositives],
  };
}
