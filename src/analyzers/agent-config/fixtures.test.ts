import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { fixtureTally, formatProblems, formatTally, testFixtures, uncoveredRules } from "../tester.js";
import { agentConfigAnalyzer } from "./index.js";

const fixturesDir = fileURLToPath(new URL("./fixtures", import.meta.url));

await test("every agent-config fixture is reported exactly as annotated", (t) => {
  const report = testFixtures(agentConfigAnalyzer, fixturesDir);
  t.diagnostic(`agent-config fixtures (${report.fixtures} files): ${formatTally(fixtureTally(report))}`);
  assert.equal(formatProblems(report.problems), "");
  assert.ok(report.fixtures >= 8, `expected the fixture corpus, found ${report.fixtures} files`);
});

await test("every agent-config rule has a ruleid: case and an ok: case", () => {
  const report = testFixtures(agentConfigAnalyzer, fixturesDir);
  assert.deepEqual(uncoveredRules(agentConfigAnalyzer, report), []);
});
