// Precision and recall of the secrets and agent-config analyzers on a realistic mixed corpus —
// configuration, code, documentation, CI files and agent instruction files — written and
// annotated (`expect: secret`, `expect: agent-config`) by someone who had not seen the rules.
// Findings must land on the annotated line itself.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { agentConfigAnalyzer } from "../src/analyzers/agent-config/index.js";
import { secretsAnalyzer } from "../src/analyzers/secrets/index.js";
import { formatTally, listFixtureFiles, precision, recall } from "../src/analyzers/tester.js";
import type { Analyzer, AnalyzerFinding } from "../src/analyzers/types.js";
import { parseExpectations, score, unknownCategories, type Expectation, type Score } from "./helpers/ground-truth.js";

const CORPUS = fileURLToPath(new URL("./fixtures/mixed-corpus/", import.meta.url));

const files = listFixtureFiles(CORPUS).map((full) => {
  const path = relative(CORPUS, full).split(sep).join("/");
  return { path, text: readFileSync(full, "utf8") };
});
const expectations = files.flatMap((f) => parseExpectations(f.path, f.text));

function scoreAnalyzer(analyzer: Analyzer, category: string): Score & { findings: AnalyzerFinding[] } {
  const findings = files.filter((f) => f.path !== "README.md" && analyzer.appliesTo(f.path)).flatMap((f) => analyzer.analyzeFile(f));
  const expected: Expectation[] = expectations.filter((e) => e.category === category);
  return { ...score(expected, findings, 0), findings };
}

function explain(s: Score): string {
  const missed = s.missed.map((e) => `  missed ${e.category} at ${e.path}:${e.line}`);
  const wrong = s.falsePositives.map((f) => `  false positive ${f.ruleId} at ${f.location.path}:${f.location.startLine}`);
  return [...missed, ...wrong].join("\n");
}

void describe("the mixed corpus", () => {
  void it("is annotated with known categories and enough cases to measure", () => {
    assert.deepEqual(unknownCategories(expectations), []);
    assert.ok(expectations.filter((e) => e.category === "secret").length >= 60);
    assert.ok(expectations.filter((e) => e.category === "agent-config").length >= 20);
  });

  void it("secrets: precision and recall are at least 0.95", (t) => {
    const s = scoreAnalyzer(secretsAnalyzer, "secret");
    t.diagnostic(`secrets on the mixed corpus (${files.length} files): ${formatTally(s)}`);
    assert.ok(precision(s) >= 0.95 && recall(s) >= 0.95, `${formatTally(s)}\n${explain(s)}`);
  });

  void it("agent-config: recall is at least 0.95, and legitimate non-ASCII text is never flagged", (t) => {
    const s = scoreAnalyzer(agentConfigAnalyzer, "agent-config");
    t.diagnostic(`agent-config on the mixed corpus: ${formatTally(s)}`);
    assert.ok(recall(s) >= 0.95, `${formatTally(s)}\n${explain(s)}`);
    const lineOf = (f: AnalyzerFinding) => files.find((x) => x.path === f.location.path)?.text.split("\n")[f.location.startLine - 1] ?? "";
    // eslint-disable-next-line no-control-regex
    const onNonAscii = s.falsePositives.filter((f) => /[^\x00-\x7f]/.test(lineOf(f)));
    assert.deepEqual(onNonAscii.map((f) => `${f.ruleId} at ${f.location.path}:${f.location.startLine}`), []);
    assert.ok(precision(s) >= 0.95, `${formatTally(s)}\n${explain(s)}`);
  });
});
