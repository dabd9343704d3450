import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { fixtureTally, formatProblems, formatTally, precision, recall, testFixtures, uncoveredRules } from "../tester.js";
import { sastAnalyzer } from "./index.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const RULES = fileURLToPath(new URL("./rules/", import.meta.url));

function findingsOf(path: string, text: string, addedLines?: { start: number; end: number }[]) {
  return sastAnalyzer.analyzeFile(addedLines ? { path, text, addedLines } : { path, text });
}

void describe("sast rules on their fixtures", () => {
  void it("reports every ruleid: case, no ok: case and nothing unannounced", (t) => {
    const report = testFixtures(sastAnalyzer, FIXTURES);
    const tally = fixtureTally(report);
    t.diagnostic(`sast fixtures (${report.fixtures} files): ${formatTally(tally)}`);
    assert.equal(formatProblems(report.problems), "");
    assert.ok(precision(tally) >= 0.9 && recall(tally) >= 0.9);
    assert.ok(report.annotations >= sastAnalyzer.rules().length * 4);
  });

  void it("has at least one ruleid: and one ok: case for every rule", () => {
    const report = testFixtures(sastAnalyzer, FIXTURES);
    assert.deepEqual(uncoveredRules(sastAnalyzer, report), []);
  });
});

void describe("sast rule pack", () => {
  const rules = sastAnalyzer.rules();
  const files = readdirSync(RULES).filter((name) => name.endsWith(".yaml"));
  const fixtures = readdirSync(FIXTURES);

  void it("ships at least eight rules, one per file, each id named after its file", () => {
    assert.ok(rules.length >= 8, `only ${rules.length} rules`);
    assert.deepEqual(
      rules.map((r) => r.id),
      files.map((name) => `sast/${basename(name, ".yaml")}`),
    );
    for (const name of files) {
      const text = readFileSync(`${RULES}${name}`, "utf8");
      assert.match(text, new RegExp(`^id: ${basename(name, ".yaml")}$`, "m"), name);
    }
  });

  void it("gives every rule help text, CWE ids, OWASP 2021 categories and a fixture", () => {
    for (const rule of rules) {
      const name = rule.id.replace(/^sast\//, "");
      assert.ok(rule.help.length >= 200, `${rule.id}: help is too short to explain why and how to fix`);
      assert.ok(rule.title.length > 0, `${rule.id}: no title`);
      assert.ok(rule.cwe.length > 0 && rule.cwe.every((c) => /^CWE-\d+$/.test(c)), `${rule.id}: cwe`);
      assert.ok(rule.owasp.length > 0 && rule.owasp.every((o) => /^A\d\d:2021-/.test(o)), `${rule.id}: owasp`);
      assert.ok(
        fixtures.some((f) => basename(f, extname(f)) === name),
        `${rule.id}: no fixtures/${name}.<ext>`,
      );
    }
  });

  void it("rates injection high or critical with the matching CWE", () => {
    const expected: Record<string, string> = {
      "sast/js-sql-injection": "CWE-89",
      "sast/py-sql-injection": "CWE-89",
      "sast/js-command-injection": "CWE-78",
      "sast/py-command-injection": "CWE-78",
      "sast/js-code-injection": "CWE-95",
      "sast/js-dom-xss": "CWE-79",
    };
    for (const [id, cwe] of Object.entries(expected)) {
      const rule = rules.find((r) => r.id === id);
      assert.ok(rule, `${id} is missing`);
      assert.ok(rule.cwe.includes(cwe), `${id} should carry ${cwe}`);
      assert.ok(rule.severity === "critical" || rule.severity === "high", `${id} is ${rule.severity}`);
    }
  });
});

void describe("sastAnalyzer", () => {
  void it("applies to the files of its languages and to nothing else", () => {
    for (const path of ["a.js", "b.mjs", "c.cjs", "d.jsx", "e.ts", "src/f.mts", "g.tsx", "h.py", "UP.PY", "A.java", "m.go", "P.cs", "i.php", "a.rb", "x.gemspec", "config.ru"]) {
      assert.equal(sastAnalyzer.appliesTo(path), true, path);
    }
    for (const path of ["README.md", "Makefile", "a.c", "x.py.txt", ".py", "go.mod"]) {
      assert.equal(sastAnalyzer.appliesTo(path), false, path);
    }
    assert.deepEqual(findingsOf("notes.txt", "eval(userInput)\n"), []);
  });

  void it("parses Python and TSX through the language table", () => {
    const python = findingsOf("app/load.py", "import pickle\n\ndef load(blob):\n    return pickle.loads(blob)\n");
    assert.deepEqual(
      python.map((f) => [f.ruleId, f.location.startLine]),
      [["sast/py-pickle-load", 4]],
    );
    const tsx = findingsOf(
      "ui/Bio.tsx",
      "export const Bio = ({ html }: { html: string }) => (\n  <p dangerouslySetInnerHTML={{ __html: html }} />\n);\n",
    );
    assert.deepEqual(
      tsx.map((f) => [f.ruleId, f.location.startLine]),
      [["sast/jsx-dangerous-html", 2]],
    );
  });

  void it("reports 1-based locations, the matched text and a message with metavariables filled", () => {
    const text = "function f(el, msg) {\n  el.innerHTML = msg;\n}\n";
    const [finding, ...rest] = findingsOf("web/show.js", text);
    assert.equal(rest.length, 0);
    assert.ok(finding);
    assert.equal(finding.ruleId, "sast/js-dom-xss");
    assert.equal(finding.severity, "high");
    assert.deepEqual(finding.cwe, ["CWE-79"]);
    assert.deepEqual(finding.location, { path: "web/show.js", startLine: 2, startColumn: 3, endLine: 2, endColumn: 21 });
    assert.equal(finding.evidence, "el.innerHTML = msg");
    assert.match(finding.message, /^`el\.innerHTML` receives HTML/);
  });

  void it("keeps the fingerprint text when the code moves or is re-indented", () => {
    const before = findingsOf("a.py", "import os\nos.system('rm -rf ' + path)\n");
    const after = findingsOf("a.py", "import os\n\n\ndef clean(path):\n    os.system('rm -rf ' +\n              path)\n");
    assert.equal(before.length, 1);
    assert.equal(after.length, 1);
    assert.notEqual(before[0]?.location.startLine, after[0]?.location.startLine);
    assert.equal(before[0]?.fingerprintText, after[0]?.fingerprintText);
  });

  void it("trims long evidence and masks key-like tokens in it", () => {
    const token = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
    const text = `requests.post(url, headers={"Authorization": "Bearer ${token}"}, json=${"x".repeat(300)}, verify=False)\n`;
    const [finding] = findingsOf("pay.py", text);
    assert.ok(finding);
    assert.ok(finding.evidence.length <= 200, `evidence is ${finding.evidence.length} chars`);
    assert.ok(!finding.evidence.includes(token), finding.evidence);
    assert.ok(finding.evidence.includes("sk_l"), finding.evidence);
  });

  void it("reports only on added lines when the file carries them", () => {
    const text = [
      "import os",
      "os.system('ls ' + a)", // 2
      "os.system('ls ' + b)", // 3
      "os.system(",           // 4: starts before the added range, ends inside it
      "    'ls ' + c)",        // 5
    ].join("\n");
    assert.equal(findingsOf("x.py", text).length, 3);
    assert.deepEqual(
      findingsOf("x.py", text, [{ start: 3, end: 3 }]).map((f) => f.location.startLine),
      [3],
    );
    assert.deepEqual(
      findingsOf("x.py", text, [{ start: 5, end: 5 }]).map((f) => f.location.startLine),
      [4],
    );
    assert.deepEqual(findingsOf("x.py", text, []), []);
  });

  void it("sorts findings by position and reports each match once", () => {
    const text = "eval(b); eval(a);\nel.innerHTML = x; eval(c);\n";
    const found = findingsOf("m.js", text).map((f) => `${f.location.startLine}:${f.location.startColumn} ${f.ruleId}`);
    assert.deepEqual(found, ["1:1 sast/js-code-injection", "1:10 sast/js-code-injection", "2:1 sast/js-dom-xss", "2:19 sast/js-code-injection"]);
  });

  void it("still finds what it can in a file that does not parse, and never throws", () => {
    const broken = "def f(:\n    pass\n\nimport pickle\npickle.loads(data)\n";
    assert.deepEqual(
      findingsOf("broken.py", broken).map((f) => f.ruleId),
      ["sast/py-pickle-load"],
    );
    for (const text of ["", "\u0000\u0001\u0002", "}}}{{{(((", "é".repeat(5000), "<<<<>>>>"]) {
      for (const path of ["z.js", "z.ts", "z.tsx", "z.py"]) {
        assert.doesNotThrow(() => findingsOf(path, text), `${path} ${JSON.stringify(text.slice(0, 10))}`);
      }
    }
  });
});
