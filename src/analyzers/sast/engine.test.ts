import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { parse } from "@ast-grep/napi";
import type { NapiConfig } from "@ast-grep/napi";
import { listFixtureFiles } from "../tester.js";
import type { SourceFile } from "../types.js";
import { findingStart, scanFile } from "./engine.js";
import { grammarOf, languageForPath } from "./languages.js";
import type { SastRule } from "./loader.js";
import { defaultRules } from "./shipped.js";
import { filePlan, languagePlan } from "./plan.js";
import { literalTester, rulePrefilter } from "./prefilter.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** What every rule finds when run on its own, without the prefilter or the joint query. */
function unplanned(rules: readonly SastRule[], file: SourceFile): string[] {
  const language = languageForPath(file.path);
  if (language === undefined) return [];
  const root = parse(grammarOf(language), file.text).root();
  const found = new Set<string>();
  for (const rule of rules.filter((r) => r.targets.includes(language))) {
    for (const node of root.findAll(rule.config)) {
      const { end } = node.range();
      const start = findingStart(node);
      found.add(`${start.line + 1}:${start.column + 1}-${end.line + 1}:${end.column + 1} ${rule.meta.id}`);
    }
  }
  return [...found].sort();
}

function planned(rules: readonly SastRule[], file: SourceFile): string[] {
  return scanFile(rules, file)
    .map((f) => `${f.location.startLine}:${f.location.startColumn}-${f.location.endLine}:${f.location.endColumn} ${f.ruleId}`)
    .sort();
}

function rule(id: string, config: NapiConfig): SastRule {
  return {
    meta: { id: `sast/${id}`, title: id, severity: "high", cwe: ["CWE-1"], owasp: [], help: "" },
    message: id,
    language: "javascript",
    targets: ["javascript", "typescript", "tsx"],
    config,
    file: `${id}.yaml`,
  };
}

void describe("the planned scan", () => {
  void it("finds exactly what each rule finds on its own, on every fixture", () => {
    const rules = defaultRules();
    // Template and configuration fixtures sit in folders named after their rule, at realistic paths.
    for (const full of listFixtureFiles(FIXTURES)) {
      const name = relative(FIXTURES, full);
      const file = { path: name, text: readFileSync(full, "utf8") };
      assert.deepEqual(planned(rules, file), unplanned(rules, file), name);
    }
  });

  void it("keeps rules with constraints or clashing utilities out of the joint query and still runs them", () => {
    const rules = [
      rule("a", { rule: { pattern: "$F($X)" }, constraints: { F: { regex: "^alert$" } } }),
      rule("b", { rule: { matches: "sink" }, utils: { sink: { pattern: "alert($X)" } } }),
      rule("c", { rule: { matches: "sink" }, utils: { sink: { pattern: "confirm($X)" } } }),
      rule("d", { rule: { matches: "sink" }, utils: { sink: { pattern: "alert($X)" } } }),
      rule("e", { rule: { pattern: "prompt($X)" } }),
    ];
    const plan = filePlan(languagePlan(rules, "javascript"), "alert(1); confirm(2); prompt(3);");
    assert.deepEqual(plan.solo.map((r) => r.meta.id), ["sast/a", "sast/c"]);
    assert.deepEqual(plan.joined.map((r) => r.meta.id), ["sast/b", "sast/d", "sast/e"]);
    const file = { path: "x.js", text: "alert(1);\nconfirm(2);\nprompt(3);\nother(4);\n" };
    assert.deepEqual(planned(rules, file), unplanned(rules, file));
    assert.equal(planned(rules, file).length, 5);
  });

  void it("does not parse a file that holds none of the rules' required words", () => {
    const rules = [rule("eval-call", { rule: { pattern: "eval($X)" } })];
    assert.deepEqual(filePlan(languagePlan(rules, "javascript"), "const total = run(1);\n"), { solo: [], joined: [], query: undefined });
    assert.equal(scanFile(rules, { path: "a.js", text: "evaluate(x);\n" }).length, 0);
    assert.equal(scanFile(rules, { path: "a.js", text: "eval(x);\n" }).length, 1);
  });
});

void describe("finding locations", () => {
  void it("start a call at the end of a multi-line chain at the called method, not the chain's first line", () => {
    const rules = [rule("and-where", { rule: { kind: "call_expression", has: { field: "function", regex: "andWhere$" } } })];
    const text = ["const rows = rides", "  .createQueryBuilder('ride')", "  .andWhere(`status = '${status}'`)", "  .getMany();", "andWhere(x);"].join("\n");
    const found = scanFile(rules, { path: "rides.ts", text }).map((f) => [f.location.startLine, f.location.startColumn, f.location.endLine]);
    assert.deepEqual(found, [
      [3, 4, 3],
      [5, 1, 5],
    ]);
  });
});

void describe("rulePrefilter", () => {
  const words = (config: NapiConfig) => rulePrefilter(config, "javascript")?.map((l) => l.text);

  void it("requires the longest word a pattern names, but no metavariable", () => {
    assert.deepEqual(words({ rule: { pattern: "$DB.executeQuery($SQL)" } }), ["executeQuery"]);
    assert.equal(words({ rule: { pattern: "$FN($$$ARGS)" } }), undefined);
  });

  void it("follows has, inside, all, any and matches, and ignores not and kind", () => {
    assert.deepEqual(words({ rule: { kind: "call_expression", has: { pattern: "innerHTML" } } }), ["innerHTML"]);
    assert.deepEqual(words({ rule: { any: [{ pattern: "eval($X)" }, { pattern: "new Function($X)" }] } }), ["eval", "Function"]);
    assert.equal(words({ rule: { any: [{ pattern: "eval($X)" }, { kind: "call_expression" }] } }), undefined);
    assert.equal(words({ rule: { kind: "call_expression", not: { pattern: "eval($X)" } } }), undefined);
    assert.deepEqual(words({ rule: { matches: "sink" }, utils: { sink: { regex: "^(exec|spawn)$" } } }), ["exec", "spawn"]);
    assert.equal(words({ rule: { matches: "loop" }, utils: { loop: { any: [{ matches: "loop" }, { kind: "x" }] } } }), undefined);
  });

  void it("does not read words from a contextual pattern, which matches only part of its text", () => {
    assert.equal(words({ rule: { pattern: { context: "class A { $F = 1 }", selector: "field_definition" } } }), undefined);
  });

  void it("is tested against the file text, case-insensitively only for folded literals", () => {
    const contains = literalTester("const X = Exec();");
    assert.equal(contains([{ text: "exec", folded: false }]), false);
    assert.equal(contains([{ text: "exec", folded: true }]), true);
    assert.equal(contains([{ text: "nothing", folded: false }, { text: "Exec", folded: false }]), true);
  });
});
