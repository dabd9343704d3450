import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { fixtureTally, formatProblems, formatTally, listFixtureFiles, testFixtures, uncoveredRules } from "../tester.js";
import type { AnalyzerFinding } from "../types.js";
import { secretsAnalyzer } from "./index.js";

const fixturesDir = fileURLToPath(new URL("./fixtures", import.meta.url));


/** The text a finding's location points at: the secret itself. */
function locatedText(text: string, finding: AnalyzerFinding): string {
  const lines = text.split("\n");
  const { startLine, startColumn, endLine, endColumn } = finding.location;
  const picked: string[] = [];
  for (let line = startLine; line <= endLine; line += 1) {
    const chars = Array.from(lines[line - 1] ?? "");
    const from = line === startLine ? startColumn - 1 : 0;
    const to = line === endLine ? endColumn - 1 : chars.length;
    picked.push(chars.slice(from, to).join(""));
  }
  return picked.join("\n");
}

await test("every secrets fixture is reported exactly as annotated", (t) => {
  const report = testFixtures(secretsAnalyzer, fixturesDir);
  t.diagnostic(`secrets fixtures (${report.fixtures} files): ${formatTally(fixtureTally(report))}`);
  assert.equal(formatProblems(report.problems), "");
  assert.ok(report.fixtures >= 10, `expected the fixture corpus, found ${report.fixtures} files`);
});

await test("every secrets rule has a ruleid: case and an ok: case", () => {
  const report = testFixtures(secretsAnalyzer, fixturesDir);
  assert.deepEqual(uncoveredRules(secretsAnalyzer, report), []);
});

await test("no reported secret appears anywhere in the findings", () => {
  let checked = 0;
  for (const full of listFixtureFiles(fixturesDir)) {
    const path = relative(fixturesDir, full).split(sep).join("/");
    const text = readFileSync(full, "utf8");
    const findings = secretsAnalyzer.analyzeFile({ path, text });
    const json = JSON.stringify(findings);
    for (const finding of findings) {
      const secret = locatedText(text, finding).replace(/\r$/, "");
      assert.ok(secret.length >= 8, `${path}:${finding.location.startLine} points at "${secret.slice(0, 4)}…", not a secret`);
      assert.ok(!json.includes(secret), `${path}:${finding.location.startLine} leaks the secret of ${finding.ruleId}`);
      // Even a long middle part must not leak (e.g. through a message that quotes the token).
      assert.ok(!json.includes(secret.slice(4, 20)), `${path}:${finding.location.startLine} leaks part of a secret`);
      assert.match(finding.evidence, /^.{0,4}… \(sha256:[0-9a-f]{8}\)$/u);
      checked += 1;
    }
  }
  assert.ok(checked >= 25, `expected many findings across the fixtures, saw ${checked}`);
});
