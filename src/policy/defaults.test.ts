import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AGENT_CONFIG_GLOBS } from "../analyzers/agent-config/paths.js";
import { evaluate } from "./cel.js";
import { AUTH_GLOBS, BUILTIN_RULES, builtinRules } from "./defaults.js";
import { pathMatcher } from "./globs.js";
import { defaultPolicy, parsePolicy } from "./loader.js";

function pathsOf(name: string, policy = defaultPolicy()): string[] | undefined {
  return builtinRules(policy).find((rule) => rule.name === name)?.paths;
}

void describe("built-in rules", () => {
  void test("each says why it exists and what satisfies it, and names who approves when it asks for approval", () => {
    for (const rule of BUILTIN_RULES) {
      assert.ok(rule.explain.length > 80, `${rule.name}: explain is too short to say why and what satisfies it`);
      if (rule.then === "review" || rule.then === "escalate") {
        assert.ok(rule.group === "security" || rule.group === "senior", rule.name);
        assert.match(rule.explain, /approves|approve|reviews/, `${rule.name}: explain should say who approves`);
      }
    }
  });

  void test("ai-in-critical-path is about the policy's critical paths", () => {
    const policy = parsePolicy("version: 1\npaths:\n  critical: ['src/auth/**', 'infra/**']\n", "p.yaml");
    assert.deepEqual(pathsOf("ai-in-critical-path", policy), ["src/auth/**", "infra/**"]);
    assert.equal(pathsOf("ai-in-critical-path", parsePolicy("version: 1\npaths:\n  low: ['docs/**']\n", "p.yaml")), undefined);
  });

  void test("ai-auth-change's globs match exactly the paths its condition matches", () => {
    const matches = pathMatcher(AUTH_GLOBS);
    const samples = ["src/auth/login.ts", "src/Session/store.ts", "lib/OAuth.py", "app/passwords.rb", "etc/passwd", "src/authors.md", "src/app.ts", "docs/guide.md", "LOGIN.md", "a/b/c/d.ts"];
    for (const path of samples) {
      const byCondition = evaluate(`'${path}'.matches('(?i)(auth|login|session|passw(or)?d|oauth)')`, {});
      assert.deepEqual(byCondition, { ok: true, value: matches(path) }, path);
    }
  });

  void test("agent-config-change is about the agent files, classification-violation about restricted classes", () => {
    assert.deepEqual(pathsOf("agent-config-change"), [...AGENT_CONFIG_GLOBS]);
    const policy = parsePolicy("version: 1\nclassification:\n  paths: { secret: ['keys/**'], confidential: ['src/billing/**'] }\n", "p.yaml");
    assert.deepEqual(pathsOf("classification-violation", policy), ["keys/**"], "confidential allows every approved tool unless it says otherwise");
    const everywhere = parsePolicy("version: 1\nclassification:\n  default: secret\n", "p.yaml");
    assert.equal(pathsOf("classification-violation", everywhere), undefined, "when the repository's own class is restricted, every path is");
  });

  void test("the rules on findings, dependencies and tools are about any path", () => {
    for (const name of ["critical-finding", "secret-detected", "critical-vulnerability", "high-severity-finding", "unapproved-tool", "unapproved-model", "risky-dependency"]) {
      assert.equal(pathsOf(name), undefined, name);
    }
  });
});
