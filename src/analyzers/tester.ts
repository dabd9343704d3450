// The annotated-fixture rule tester. In a fixture, a comment `ruleid: <id>` marks the next code line
// as one that rule must report, and `ok: <id>` marks the next code line as one it must not report.
// Every finding on a fixture must be announced by a `ruleid:` annotation: an unannounced finding is
// as much a failure as a miss, because noise is what makes people turn a gate off.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Analyzer } from "./types.js";

export interface Annotation {
  kind: "ruleid" | "ok";
  ruleId: string;
  /** 1-based line the annotation points at. */
  line: number;
}

export interface FixtureProblem {
  fixture: string;
  line: number;
  ruleId: string;
  problem: "missed" | "unexpected" | "not-annotated" | "no-annotations" | "not-scanned" | "unknown-rule";
}

export interface FixtureReport {
  fixtures: number;
  annotations: number;
  /** `ruleid:` annotations naming a known rule: the findings the fixtures expect. */
  expected: number;
  problems: FixtureProblem[];
  /** Rule ids with at least one `ruleid:` case and one `ok:` case. */
  covered: { ruleid: Set<string>; ok: Set<string> };
}

// The annotation must follow a comment marker (or open a string, for JSON which has no comments), so
// code such as `{ ok: true }` is never mistaken for one.
const ANNOTATION = /(?:\/\/|#|<!--|\/\*|--|;|\*|")\s*(ruleid|ok):\s*([a-z0-9][a-z0-9./_-]*(?:\s*,\s*[a-z0-9][a-z0-9./_-]*)*)/i;

export function parseAnnotations(text: string): Annotation[] {
  const lines = text.split("\n");
  const annotations: Annotation[] = [];
  let pending: { kind: "ruleid" | "ok"; ruleId: string }[] = [];
  lines.forEach((line, index) => {
    const match = ANNOTATION.exec(line);
    if (match?.[1] && match[2]) {
      const kind = match[1].toLowerCase() === "ok" ? "ok" : "ruleid";
      for (const id of match[2].split(",")) pending.push({ kind, ruleId: id.trim() });
      return;
    }
    if (pending.length === 0) return;
    for (const p of pending) annotations.push({ ...p, line: index + 1 });
    pending = [];
  });
  return annotations;
}

/** Every file under `dir`, depth first, in a stable order. */
export function listFixtureFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? listFixtureFiles(full) : [full];
    });
}

/** Runs every fixture under `fixturesDir` through the analyzer and reports each disagreement. */
export function testFixtures(analyzer: Analyzer, fixturesDir: string): FixtureReport {
  const known = new Set(analyzer.rules().map((r) => r.id));
  const report: FixtureReport = {
    fixtures: 0,
    annotations: 0,
    expected: 0,
    problems: [],
    covered: { ruleid: new Set(), ok: new Set() },
  };
  for (const full of listFixtureFiles(fixturesDir)) {
    const fixture = relative(fixturesDir, full).split(sep).join("/");
    const text = readFileSync(full, "utf8");
    report.fixtures += 1;
    const annotations = parseAnnotations(text);
    report.annotations += annotations.length;
    if (annotations.length === 0) {
      report.problems.push({ fixture, line: 0, ruleId: "", problem: "no-annotations" });
      continue;
    }
    if (!analyzer.appliesTo(fixture)) {
      report.problems.push({ fixture, line: 0, ruleId: "", problem: "not-scanned" });
      continue;
    }
    const findings = analyzer.analyzeFile({ path: fixture, text });
    const reported = new Set(findings.map((f) => `${f.ruleId}@${f.location.startLine}`));
    const announced = new Set<string>();
    for (const a of annotations) {
      if (!known.has(a.ruleId)) {
        report.problems.push({ fixture, line: a.line, ruleId: a.ruleId, problem: "unknown-rule" });
        continue;
      }
      const key = `${a.ruleId}@${a.line}`;
      report.covered[a.kind].add(a.ruleId);
      if (a.kind === "ruleid") {
        report.expected += 1;
        announced.add(key);
        if (!reported.has(key)) report.problems.push({ fixture, line: a.line, ruleId: a.ruleId, problem: "missed" });
      } else if (reported.has(key)) {
        report.problems.push({ fixture, line: a.line, ruleId: a.ruleId, problem: "unexpected" });
      }
    }
    for (const f of findings) {
      const key = `${f.ruleId}@${f.location.startLine}`;
      if (announced.has(key)) continue;
      const flaggedOk = annotations.some((a) => a.kind === "ok" && `${a.ruleId}@${a.line}` === key);
      if (!flaggedOk) {
        report.problems.push({ fixture, line: f.location.startLine, ruleId: f.ruleId, problem: "not-annotated" });
      }
    }
  }
  return report;
}

/** Rules that lack a `ruleid:` case or an `ok:` case in the fixtures. */
export function uncoveredRules(analyzer: Analyzer, report: FixtureReport): string[] {
  return analyzer
    .rules()
    .map((r) => r.id)
    .filter((id) => !report.covered.ruleid.has(id) || !report.covered.ok.has(id));
}

/** Counts behind precision and recall. */
export interface Tally {
  /** Findings the ground truth expects. */
  expected: number;
  /** Of those, the ones reported. */
  found: number;
  /** Findings reported. */
  reported: number;
  /** Of those, the ones the ground truth expects. */
  correct: number;
}

/** Precision with no findings is 1: nothing reported, nothing wrong. */
export function precision(t: Tally): number {
  return t.reported === 0 ? 1 : t.correct / t.reported;
}

export function recall(t: Tally): number {
  return t.expected === 0 ? 1 : t.found / t.expected;
}

/** "precision 0.982 (270/275), recall 0.964 (270/280)" */
export function formatTally(t: Tally): string {
  return `precision ${precision(t).toFixed(3)} (${t.correct}/${t.reported}), recall ${recall(t).toFixed(3)} (${t.found}/${t.expected})`;
}

/**
 * The fixtures as ground truth: `ruleid:` lines are expected findings; a miss lowers recall, and a
 * finding on an `ok:` line or without any annotation lowers precision.
 */
export function fixtureTally(report: FixtureReport): Tally {
  const missed = report.problems.filter((p) => p.problem === "missed").length;
  const wrong = report.problems.filter((p) => p.problem === "unexpected" || p.problem === "not-annotated").length;
  const found = report.expected - missed;
  return { expected: report.expected, found, reported: found + wrong, correct: found };
}

export function formatProblems(problems: FixtureProblem[]): string {
  return problems.map((p) => `${p.fixture}:${p.line} ${p.ruleId} ${p.problem}`).join("\n");
}
