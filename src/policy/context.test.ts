import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkExpression, evaluate } from "./cel.js";
import { buildContext } from "./context.js";
import { BUILTIN_RULES, BUILTIN_RULE_NAMES } from "./defaults.js";
import { parsePolicy } from "./loader.js";
import { CONTEXT_SHAPE, RISK_FACTOR_NAMES } from "./shape.js";
import type { Shape } from "./shape.js";
import { aiCommit, aiLines, decideInput, file, finding } from "./test-support.js";

/** Paths where a value does not match its shape (wrong type, missing or extra field). */
function mismatches(value: unknown, shape: Shape, path = ""): string[] {
  if (shape === "string") return typeof value === "string" ? [] : [path];
  if (shape === "int") return typeof value === "bigint" ? [] : [path];
  if (shape === "double") return typeof value === "number" ? [] : [path];
  if (shape === "bool") return typeof value === "boolean" ? [] : [path];
  if (shape === "dyn") return [];
  if (shape.kind === "list") {
    return Array.isArray(value) ? value.flatMap((item: unknown, index) => mismatches(item, shape.element, `${path}[${index}]`)) : [path];
  }
  if (typeof value !== "object" || value === null) return [path];
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((key) => !Object.hasOwn(shape.fields, key)).map((key) => `${path}.${key} (extra)`);
  return [...extra, ...Object.entries(shape.fields).flatMap(([key, field]) => mismatches(record[key], field, `${path}.${key}`))];
}

const POLICY = parsePolicy("version: 1\ntools: { approved: [claude-code] }\npaths: { critical: ['src/auth/**'] }\n", "p.yaml");

const INPUT = decideInput([file("src/auth/login.ts", 10), file("src/app.ts", 30), file("README.md", 0, { status: "deleted", deletedLines: 4 })], {
  lines: [
    aiLines("src/auth/login.ts", 1, 6),
    aiLines("src/auth/login.ts", 4, 8, { tool: "cursor" }),
    aiLines("src/app.ts", 1, 2, { contributor: "mixed", model: "anthropic/claude-opus-4" }),
    aiLines("src/app.ts", 3, 30, { contributor: "human" }),
  ],
  commits: [aiCommit("c1"), aiCommit("c2", { contributor: "human" })],
  findings: [finding("sast/xss", "high", "src/app.ts", 5)],
  labels: ["hotfix", "backend", "hotfix"],
});

void describe("buildContext", () => {
  void test("has exactly the documented shape, with counts as CEL ints", () => {
    assert.deepEqual(mismatches(buildContext(POLICY, INPUT), CONTEXT_SHAPE), []);
  });

  void test("counts each AI line once, including mixed, and nothing human", () => {
    const context = buildContext(POLICY, INPUT);
    assert.deepEqual(
      context.change.files.map((entry) => [entry.path, entry.risk, entry.aiLines]),
      [
        ["README.md", "normal", 0n],
        ["src/app.ts", "normal", 2n],
        ["src/auth/login.ts", "critical", 8n],
      ],
    );
    assert.equal(context.ai.lines, 10n);
    assert.equal(context.ai.criticalLines, 8n);
    assert.equal(context.ai.share, 0.25);
    assert.equal(context.ai.commits, 1n);
    assert.deepEqual(context.ai.tools, ["claude-code", "cursor"]);
    assert.deepEqual(context.ai.unapprovedTools, ["cursor"]);
    assert.deepEqual(context.ai.models, ["anthropic/claude-opus-4"]);
    assert.deepEqual(context.labels, ["backend", "hotfix"]);
    assert.equal(context.change.deletedLines, 4n);
  });

  void test("rules can use CEL ints, doubles and string functions on it", () => {
    const context = buildContext(POLICY, INPUT);
    const check = (source: string) => evaluate(source, context);
    assert.deepEqual(check("ai.lines == 10 && ai.share > 0.2 && risk.score >= 0"), { ok: true, value: true });
    assert.deepEqual(check("change.files.exists(f, f.path.lowerAscii().startsWith('readme') && f.status == 'deleted')"), { ok: true, value: true });
    assert.deepEqual(check("'hotfix' in labels && author.email.endsWith('@example.com')"), { ok: true, value: true });
  });
});

void describe("risk factors in rules", () => {
  void test("every factor of the score is readable by name, as int points", () => {
    const context = buildContext(POLICY, INPUT);
    assert.deepEqual(Object.keys(context.risk.factors).sort(), [...RISK_FACTOR_NAMES].sort());
    const check = (source: string) => evaluate(source, context);
    assert.deepEqual(check("risk.factors['ai-share'] == 6 && risk.factors['findings-high'] == 10 && risk.factors['change-size'] == 0"), { ok: true, value: true });
    assert.deepEqual(check("risk.factors['ai-critical-lines'] + risk.factors['ai-share'] <= risk.score"), { ok: true, value: true });
  });
});

void describe("checkExpression", () => {
  void test("every built-in rule passes the checks user rules must pass", () => {
    assert.deepEqual(BUILTIN_RULES.map((rule) => rule.name), [...BUILTIN_RULE_NAMES]);
    for (const rule of BUILTIN_RULES) {
      assert.equal(checkExpression(rule.if, "condition"), undefined, rule.name);
      if (rule.evidence !== undefined) assert.equal(checkExpression(rule.evidence, "evidence"), undefined, rule.name);
    }
  });

  void test("reports unknown functions and fields of list elements with their position", () => {
    assert.match(checkExpression("findings.exists(f, f.severty == 'high')", "condition")?.message ?? "", /`f` has no field `severty` \(did you mean `severity`\?\)/);
    assert.match(checkExpression("ai.tools.exists(t, t.frobnicate())", "condition")?.message ?? "", /unknown function `frobnicate`/);
    assert.match(checkExpression("change.files.map(f, f.path).exists(p, p.size > 1)", "condition")?.message ?? "", /`p` is a string and has no field `size`/);
    assert.equal(checkExpression("foo > 1", "condition")?.offset, 0);
  });
});
