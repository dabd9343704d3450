import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { policyDocument } from "./doc.js";
import { parsePolicy, policyDigest } from "./loader.js";

const SAMPLE = [
  "version: 1",
  "tools:",
  "  approved: [claude-code, { name: cursor, models: ['openai/*'] }]",
  "  models: ['anthropic/*', 'openai/*']",
  "classification:",
  "  default: internal",
  "  paths:",
  "    secret: ['keys/**', 'src/hsm/**']",
  "    confidential: ['src/billing/**']",
  "  classes:",
  "    confidential: { tools: [claude-code], models: ['anthropic/*'] }",
  "paths:",
  "  critical: ['src/auth/**']",
  "groups:",
  "  security: { members: [{ id: sam@example.com, name: Sam Lee, keys: ['ed25519:+csNyHOmgC1uhfxtzXQYH2teVpqjPm2dAac5vbb8FDw='] }] }",
  "  dba: { members: [dana@example.com] }",
  "defaults:",
  "  disable: [high-severity-finding]",
  "rules:",
  "  - name: migrations-by-dba",
  "    if: \"change.files.exists(f, f.path.startsWith('db/') && f.aiLines > 0)\"",
  "    then: review",
  "    group: dba",
  "    count: 1",
  "    paths: ['db/**']",
  "    explain: 'AI-written migrations need a DBA | no exceptions.'",
  "allow:",
  "  - reason: revoked tokens in test fixtures",
  "    paths: ['test/fixtures/**']",
  "    rules: ['secrets/*']",
  "privacy: { storePrompts: false }",
].join("\n");

function section(document: string, title: string): string {
  const start = document.indexOf(`## ${title}`);
  assert.ok(start >= 0, `no section ${title}`);
  const end = document.indexOf("\n## ", start + 1);
  return document.slice(start, end < 0 ? undefined : end);
}

function row(text: string, first: string): string {
  const line = text.split("\n").find((entry) => entry.startsWith(`| ${first} |`));
  assert.ok(line, `no row for ${first} in:\n${text}`);
  return line;
}

void describe("policyDocument", () => {
  const policy = parsePolicy(SAMPLE, ".custody/policy.yaml");
  const document = policyDocument(policy);

  void test("says that secret paths forbid AI tools and which paths are secret", () => {
    const classes = section(document, "Data classification");
    assert.match(classes, /classified \*\*internal\*\*/);
    assert.match(row(classes, "secret"), /`keys\/\*\*` and `src\/hsm\/\*\*`/);
    assert.match(classes, /\| secret \| \*\*none: AI tools may not write code here\*\* \| none \|/);
    assert.match(classes, /\| confidential \| `claude-code` \| `anthropic\/\*` \|/);
    assert.match(classes, /\| public \| any approved tool \| any allowed model \|/);
    assert.match(classes, /`classification-violation`/);
  });

  void test("lists the approved tools with their models", () => {
    const tools = section(document, "Approved AI tools and models");
    assert.match(row(tools, "`cursor`"), /`openai\/\*`/);
    assert.match(row(tools, "`claude-code`"), /any allowed model/);
    assert.match(tools, /Models must match `anthropic\/\*` and `openai\/\*`/);
  });

  void test("states every rule in force with its outcome and who approves, and the rules turned off", () => {
    const controls = section(document, "Required controls");
    assert.match(row(controls, "`critical-finding`"), /\*\*block\*\* \| — \| any/);
    assert.match(row(controls, "`secret-detected`"), /escalate \| 1 of `security`/);
    assert.match(row(controls, "`ai-in-critical-path`"), /review \| 1 of `senior` \| `src\/auth\/\*\*`/);
    assert.match(row(controls, "`migrations-by-dba`"), /AI-written migrations need a DBA \\\| no exceptions\. \(when `.*`\) \| review \| 1 of `dba` \| `db\/\*\*`/);
    assert.ok(!controls.includes("| `high-severity-finding` |"));
    assert.match(controls, /turned off by this policy: `high-severity-finding`/);
  });

  void test("names reviewer groups, their members and duties, and who can override", () => {
    const groups = section(document, "Reviewer groups and responsibilities");
    assert.match(row(groups, "`security`"), /Sam Lee `sam@example.com` \| .*`secret-detected`.* and overrides/);
    assert.match(row(groups, "`dba`"), /`dana@example.com` \(no key: cannot sign\) \| `migrations-by-dba`/);
    assert.match(row(groups, "`senior`"), /\*\*no members\*\*/);
    assert.match(groups, /override .* comes from a member of `security`/);
  });

  void test("gives allow entries with their reasons, prompt privacy, the digest and the source", () => {
    assert.match(row(section(document, "Accepted findings"), "revoked tokens in test fixtures"), /`test\/fixtures\/\*\*` \| `secrets\/\*`/);
    assert.match(section(document, "Privacy of prompts"), /only the SHA-256 of each redacted prompt/);
    const sources = section(document, "Where this policy comes from");
    assert.ok(sources.includes(policyDigest(policy)));
    assert.match(sources, /Read from `\.custody\/policy\.yaml`/);
  });

  void test("is the same text for the same policy, however the file is ordered", () => {
    const reordered = SAMPLE.split("\n");
    const privacy = reordered.pop() ?? "";
    reordered.splice(1, 0, privacy);
    assert.equal(policyDocument(parsePolicy(reordered.join("\n"), ".custody/policy.yaml")), document);
    assert.equal(policyDocument(policy), document);
  });
});
