import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { fixtureTally, formatProblems, formatTally, testFixtures, uncoveredRules } from "../tester.js";
import { licenseAnalyzer } from "./index.js";
import { MAX_FINDINGS_PER_RULE } from "./text.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const analyze = (text: string, addedLines?: { start: number; end: number }[], path = "src/file.c") =>
  licenseAnalyzer.analyzeFile({ path, text, ...(addedLines ? { addedLines } : {}) });

await test("every license fixture is reported exactly as annotated", (t) => {
  const report = testFixtures(licenseAnalyzer, FIXTURES);
  t.diagnostic(`license fixtures (${report.fixtures} files): ${formatTally(fixtureTally(report))}`);
  assert.equal(formatProblems(report.problems), "");
  assert.ok(report.fixtures >= 15, `expected the fixture corpus, found ${report.fixtures} files`);
});

await test("every license text rule has a ruleid: case and an ok: case", () => {
  assert.deepEqual(uncoveredRules(licenseAnalyzer, testFixtures(licenseAnalyzer, FIXTURES)), []);
});

const GPL_HEADER = [
  "/*",
  " * This program is free software; you can redistribute it and/or modify",
  " * it under the terms of the GNU General Public License as published by",
  " * the Free Software Foundation; either version 2 of the License, or",
  " * (at your option) any later version.",
  " */",
  "int x;",
].join("\n");

await test("a notice names the license and version it states, across comment lines", () => {
  const [finding] = analyze(GPL_HEADER);
  assert.ok(finding);
  assert.equal(finding.ruleId, "license/copyleft-header");
  assert.equal(finding.evidence, "GPL-2.0-or-later");
  assert.match(finding.message, /puts this code under GPL-2\.0-or-later \(strong copyleft\)/);
  assert.deepEqual([finding.location.startLine, finding.location.endLine], [2, 3]);
  const only = analyze(GPL_HEADER.replace("; either version 2 of the License, or\n * (at your option) any later version.", " version 2."));
  assert.equal(only[0]?.evidence, "GPL-2.0-only");
});

await test("severity follows the strength of the copyleft", () => {
  const severities = (tag: string) => analyze(`// SPDX-License-Identifier: ${tag}\n`).map((f) => f.severity);
  assert.deepEqual(severities("AGPL-3.0-only"), ["high"]);
  assert.deepEqual(severities("GPL-2.0-only"), ["high"]);
  assert.deepEqual(severities("MPL-2.0"), ["medium"]);
  assert.deepEqual(severities("GPL-2.0-only WITH Linux-syscall-note"), ["medium"]);
  assert.deepEqual(severities("MIT"), []);
  assert.deepEqual(severities("MIT OR GPL-2.0-only"), []);
});

await test("with addedLines only notices on added lines are reported", () => {
  const text = `${GPL_HEADER}\n// SPDX-License-Identifier: AGPL-3.0-only\n`;
  assert.deepEqual(analyze(text).map((f) => f.location.startLine), [2, 8]);
  assert.deepEqual(analyze(text, [{ start: 8, end: 8 }]).map((f) => f.location.startLine), [8]);
  assert.deepEqual(analyze(text, [{ start: 3, end: 3 }]).map((f) => f.location.startLine), [2], "a notice that spans an added line counts");
  assert.deepEqual(analyze(text, [{ start: 7, end: 7 }]), []);
});

await test("fingerprints do not depend on where the notice is", () => {
  const [a] = analyze("// SPDX-License-Identifier: GPL-3.0-only\n");
  const [b] = analyze("\n\n\n// SPDX-License-Identifier: GPL-3.0-only\n");
  assert.ok(a && b);
  assert.equal(a.fingerprintText, b.fingerprintText);
});

await test("a bundle of copied files reports a bounded number per rule", () => {
  const text = Array.from({ length: 60 }, (_, i) => `// SPDX-License-Identifier: GPL-2.0-only\nint v${i};`).join("\n");
  assert.equal(analyze(text).length, MAX_FINDINGS_PER_RULE);
});

await test("files that mention no license cost one test and report nothing", () => {
  assert.deepEqual(analyze("export const add = (a, b) => a + b;\n", undefined, "src/add.ts"), []);
  assert.deepEqual(analyze('{ "dependencies": { "gpl-tools": "^1.0.0" }, "license": "GPL-3.0" }\n', undefined, "package.json"), []);
});

await test("analyzer metadata: offline, every rule with help and a severity", () => {
  assert.equal(licenseAnalyzer.id, "license");
  assert.equal(licenseAnalyzer.needsNetwork, false);
  const rules = licenseAnalyzer.rules();
  assert.deepEqual(rules.map((r) => r.id).sort(), ["license/copyleft-header", "license/copyleft-license-text", "license/copyleft-notice", "license/copyleft-spdx-identifier"]);
  for (const rule of rules) assert.ok(rule.help.length > 100 && rule.title.length > 10, rule.id);
});
