import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatIssue } from "./document.js";
import { loadPolicyChain } from "./extends.js";
import { policyWarnings } from "./warnings.js";

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm3sQd2bYXdsY5uJ0fJ8bX9cY6k0nF0l3sV1hQ2t3Zr";

async function warningsOf(text: string, files: Record<string, string> = {}): Promise<string[]> {
  const result = await loadPolicyChain(text, { kind: "file", path: "/r/policy.yaml", display: "policy.yaml" }, { readFile: (path) => Promise.resolve(files[path]) });
  assert.ok(result.ok, result.ok ? "" : result.errors.map(formatIssue).join("\n"));
  return policyWarnings(result.policy, result.documents).map(formatIssue);
}

const STAFFED = [
  "groups:",
  `  security: { members: [{ id: sam@example.com, keys: ['${KEY}'] }] }`,
  `  senior: { members: [{ id: rita@example.com, keys: ['${KEY}'] }, { id: omar@example.com, keys: ['${KEY}'] }] }`,
];

void describe("policyWarnings", () => {
  void test("a policy whose groups can sign and whose rules make sense has none", async () => {
    const text = ["version: 1", "tools: { approved: [claude-code], models: ['anthropic/*'] }", ...STAFFED, "rules:", "  - name: big", "    if: ai.lines > 400", "    then: review", "    count: 2"].join("\n");
    assert.deepEqual(await warningsOf(text), []);
  });

  void test("groups the rules route to but nobody is in, and members without keys", async () => {
    const lines = await warningsOf("version: 1\ngroups:\n  security: { members: [sam@example.com, { id: kim@example.com, keys: ['" + KEY + "'] }] }\n");
    assert.ok(lines.some((line) => /^policy\.yaml:3:\d+: groups\.security\.members: 1 of 2 member\(s\) have no keys \(sam@example\.com\), so no approval of theirs can count/.test(line)), lines.join("\n"));
    assert.ok(lines.some((line) => /^policy\.yaml:2:1: groups: group senior has no members, so nobody can approve what ai-in-critical-path asks it for/.test(line)), lines.join("\n"));
    assert.ok(!lines.some((line) => line.includes("group security has no members")));
    const bare = await warningsOf("version: 1\n");
    assert.ok(bare.some((line) => /^policy\.yaml:1:1: \(document\): group security has no members, so nobody can approve what secret-detected, critical-vulnerability, high-severity-finding, ai-auth-change, agent-config-change, risky-dependency ask it for/.test(line)), bare.join("\n"));
  });

  void test("rules that fire on every change, ignored approval fields, and counts a group cannot reach", async () => {
    const text = [
      "version: 1",
      ...STAFFED,
      "rules:",
      "  - name: always",
      "    if: ai.lines == 0",
      "    then: block",
      "    group: security",
      "  - name: three-seniors",
      "    if: ai.lines > 100",
      "    then: review",
      "    count: 3",
    ].join("\n");
    const lines = await warningsOf(text);
    assert.ok(lines.some((line) => /^policy\.yaml:7:\d+: rules\[0\]\.if: true even for an empty change .*every change is blocked/.test(line)), lines.join("\n"));
    assert.ok(lines.some((line) => /^policy\.yaml:9:\d+: rules\[0\]\.group: ignored: only review and escalate rules ask for approvals/.test(line)), lines.join("\n"));
    assert.ok(lines.some((line) => /^policy\.yaml:13:\d+: rules\[1\]\.count: asks for 3 approvals, but group senior has 2 member\(s\)/.test(line)), lines.join("\n"));
  });

  void test("model patterns that match no provider/model name, and confidential code without model limits", async () => {
    const text = ["version: 1", "tools:", "  approved: [{ name: cursor, models: ['gpt-5*'] }]", "  models: ['claude-*', '**']", "classification: { default: confidential }", ...STAFFED].join("\n");
    const lines = await warningsOf(text);
    assert.ok(lines.some((line) => /^policy\.yaml:3:\d+: tools\.approved\[0\]\.models\[0\]: "gpt-5\*" has no "\/"/.test(line)), lines.join("\n"));
    assert.ok(lines.some((line) => /^policy\.yaml:4:\d+: tools\.models\[0\]: "claude-\*" has no "\/"/.test(line)), lines.join("\n"));
    assert.ok(!lines.some((line) => line.includes("tools.models[1]")), "** matches every name");
    assert.ok(lines.some((line) => /^policy\.yaml:5:\d+: classification: confidential paths allow every approved model; control DP-001/.test(line)), lines.join("\n"));
  });

  void test("warnings in an org policy are reported at the org file", async () => {
    const org = "version: 1\ntools: { approved: [] }\n";
    const lines = await warningsOf(["version: 1", "extends: /org.yaml", ...STAFFED].join("\n"), { "/org.yaml": org });
    assert.deepEqual(lines, ["/org.yaml:2:10: tools.approved: no AI tool is approved, so every change with AI-written lines is blocked"]);
  });
});
