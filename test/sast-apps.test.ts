// Precision and recall of the code analyzers (SAST, and secrets for credentials in config files) on
// sample applications, one per language, written as a team would write them with an assistant and
// annotated with the vulnerabilities they contain by someone who had not seen the rules.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { withoutRepeatedCredentials } from "../src/analyzers/run.js";
import { sastAnalyzer } from "../src/analyzers/sast/index.js";
import { secretsAnalyzer } from "../src/analyzers/secrets/index.js";
import { formatTally, listFixtureFiles, precision, recall } from "../src/analyzers/tester.js";
import { addScores, parseExpectations, score, unknownCategories, type Score } from "./helpers/ground-truth.js";

const LANGUAGES = ["csharp", "go", "java", "node", "php", "python", "ruby"];

function scoreApp(set: string, language: string): Score & { files: number } {
  const root = fileURLToPath(new URL(`./fixtures/${set}/${language}/`, import.meta.url));
  const expectations = [];
  const findings = [];
  let files = 0;
  for (const full of listFixtureFiles(root)) {
    const path = relative(root, full).split(sep).join("/");
    const text = readFileSync(full, "utf8");
    expectations.push(...parseExpectations(path, text));
    const analyzers = [sastAnalyzer, secretsAnalyzer].filter((a) => a.appliesTo(path) && path !== "README.md");
    if (analyzers.length === 0) continue;
    files += 1;
    // The same merge as a scan: a provider key found by both analyzers is reported once, as a secret.
    findings.push(...withoutRepeatedCredentials(analyzers.flatMap((analyzer) => analyzer.analyzeFile({ path, text }))));
  }
  assert.deepEqual(unknownCategories(expectations), [], `${language}: annotations name unknown categories`);
  return { ...score(expectations, findings), files };
}

function explain(s: Score): string {
  const missed = s.missed.map((e) => `  missed ${e.category} at ${e.path}:${e.line}`);
  const wrong = s.falsePositives.map((f) => `  false positive ${f.ruleId} at ${f.location.path}:${f.location.startLine}`);
  return [...missed, ...wrong].join("\n");
}

/**
 * Twelve development sets, each one application per language, scored while the rules were improved:
 * their misses and false positives pointed at general weaknesses (unknown sources and sinks, flows
 * through local variables and helpers of the same file, framework idioms, safe idioms taken for
 * unsafe ones), fixed with fixtures of their own. The third to the twelfth were written by someone
 * who had seen neither the rules nor the other sets, and each served as the held-out set until the
 * rules were tuned on it. A new held-out set, written the same way and not looked at while the
 * rules change, is the honest estimate for code Custody has not seen; it joins SETS with
 * `held: true`.
 */
const SETS: readonly { dir: string; name: string; perLanguage: boolean; held: boolean }[] = [
  { dir: "sast-apps", name: "development set 1", perLanguage: true, held: false },
  // Worked on in a second, shorter round (and again in the third): every language meets the target.
  { dir: "sast-holdout", name: "development set 2", perLanguage: false, held: false },
  // The former held-out set, worked on in a third round.
  { dir: "sast-eval", name: "development set 3", perLanguage: false, held: false },
  // The held-out set of the third round (measured once: precision 0.931, recall 0.866), worked on
  // in a fourth.
  { dir: "sast-eval-2", name: "development set 4", perLanguage: false, held: false },
  // The held-out set of the fourth round (measured once: precision 0.942, recall 0.896), worked on
  // in a fifth.
  { dir: "sast-eval-3", name: "development set 5", perLanguage: false, held: false },
  // Written during the fifth round by someone who had seen neither the rules nor the other sets
  // (measured once: precision 0.946, recall 0.884), worked on in a sixth.
  { dir: "sast-eval-4", name: "development set 6", perLanguage: false, held: false },
  // Written during the sixth round by someone who had seen neither the rules nor the other sets, on
  // stacks the earlier sets did not use (measured once: precision 0.940, recall 0.796), worked on
  // in a seventh.
  { dir: "sast-eval-5", name: "development set 7", perLanguage: false, held: false },
  // Written during the seventh round the same way, on yet other stacks (measured once: precision
  // 0.935, recall 0.712), worked on in an eighth.
  { dir: "sast-eval-6", name: "development set 8", perLanguage: false, held: false },
  // Written during the eighth round the same way, on yet other stacks (measured once: precision
  // 0.943, recall 0.749), worked on in the same round.
  { dir: "sast-eval-7", name: "development set 9", perLanguage: false, held: false },
  // Written during the eighth round the same way, on yet other stacks (measured once: precision
  // 0.949, recall 0.754), worked on in a ninth.
  { dir: "sast-eval-8", name: "development set 10", perLanguage: false, held: false },
  // Written during the ninth round the same way, on yet other stacks (measured once: precision
  // 0.950, recall 0.738), worked on in a tenth.
  { dir: "sast-eval-9", name: "development set 11", perLanguage: false, held: false },
  // Written during the tenth round the same way, on yet other stacks (measured once: precision
  // 0.925, recall 0.613), worked on in the same round.
  { dir: "sast-eval-10", name: "development set 12", perLanguage: false, held: false },
  // Written during the tenth round the same way, on yet other stacks (Razor Pages, Buffalo, Spark
  // Java, AdonisJS, Yii2, Litestar, plain Rack; measured once: precision 0.992, recall 0.613); no
  // rule has been changed because of it.
  { dir: "sast-eval-11", name: "held-out set", perLanguage: false, held: true },
];

/** The target, met on the development sets for every language. */
const TARGET = 0.9;
/**
 * A held-out set is measured, not tuned for: the figures are printed, and these floors (under the
 * target, which such a set need not meet for every language) catch a change that makes the rules
 * worse on code they have never seen.
 */
// Set a little under the figures first measured on the current held-out set (precision 0.992,
// recall 0.613).
const HELD_OUT_FLOOR = { precision: 0.9, recall: 0.6 };

for (const set of SETS) {
  void describe(`code analyzers on the sample applications, ${set.name}`, () => {
    const scores = new Map(LANGUAGES.map((language) => [language, scoreApp(set.dir, language)]));

    void it("has an application in each of the seven language families with enough planted vulnerabilities to measure", () => {
      const entries = readdirSync(fileURLToPath(new URL(`./fixtures/${set.dir}/`, import.meta.url)), { withFileTypes: true });
      assert.deepEqual(entries.filter((e) => e.isDirectory()).map((e) => e.name).sort(), LANGUAGES);
      for (const [language, s] of scores) assert.ok(s.expected >= 18, `${language}: only ${s.expected} annotated vulnerabilities`);
    });

    const line = (language: string, s: Score & { files: number }) =>
      `${set.name}, ${language} (${s.files} files scanned): ${formatTally(s)}; ${s.outOfScope} findings of other classes`;

    if (set.perLanguage) {
      for (const language of LANGUAGES) {
        void it(`${language}: precision and recall are at least ${TARGET}`, (t) => {
          const s = scores.get(language);
          assert.ok(s);
          t.diagnostic(line(language, s));
          assert.ok(precision(s) >= TARGET && recall(s) >= TARGET, `${language}: ${formatTally(s)}\n${explain(s)}`);
        });
      }
    }

    void it(`all applications together: precision and recall are at least ${set.held ? "the held-out floors" : TARGET}`, (t) => {
      if (!set.perLanguage) for (const [language, s] of scores) t.diagnostic(line(language, s));
      const all: Score[] = [...scores.values()];
      const total = all.reduce((a, b) => addScores(a, b));
      t.diagnostic(`${set.name}, all applications: ${formatTally(total)}`);
      // What a development set still misses or wrongly reports is printed; a held-out set's is not,
      // so that reading the test output does not turn it into a development set.
      if (!set.held) for (const item of explain(total).split("\n").filter((l) => l !== "")) t.diagnostic(item);
      const floor = set.held ? HELD_OUT_FLOOR : { precision: TARGET, recall: TARGET };
      assert.ok(precision(total) >= floor.precision && recall(total) >= floor.recall, formatTally(total));
    });
  });
}
