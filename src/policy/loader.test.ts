import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isCustodyError } from "../core/errors.js";
import { MAX_POLICY_BYTES, defaultPolicy, parsePolicy, policyDigest } from "./loader.js";
import { DEFAULT_PATHS } from "./schema.js";

const SOURCE = ".custody/policy.yaml";

const EXAMPLE = `version: 1
tools:
  approved: [claude-code, copilot, cursor]
  models: ["anthropic/*", "openai/gpt-5*"]
paths:
  critical: ["src/auth/**", "**/crypto/**", "infra/**"]
  high: ["src/payments/**"]
  low: ["docs/**", "**/*.md", "**/*.test.*"]
groups:
  security: { members: ["alice@example.com"] }
  senior: { members: ["bob@example.com", "carol@example.com"] }
defaults:
  disable: [ai-in-critical-path]
rules:
  - name: no-ai-in-migrations
    if: "ai.lines > 0 && change.files.exists(f, f.path.startsWith('db/migrations/') && f.aiLines > 0)"
    then: block
    group: senior
    count: 1
    explain: "Database migrations are written by humans here."
    evidence: "change.files.filter(f, f.aiLines > 0).map(f, f.path)"
  - name: payments-review
    if: "change.files.exists(f, f.risk == 'high')"
    then: review
  - name: escalate-label
    if: "'needs-security' in labels"
    then: escalate
    count: 2
`;

/** The error lines of a policy that must fail to load. */
function loadErrors(text: string): string[] {
  try {
    parsePolicy(text, SOURCE);
  } catch (error) {
    assert.ok(isCustodyError(error), "expected a CustodyError");
    assert.equal(error.code, "policy-invalid");
    const lines = error.message.split("\n");
    for (const line of lines) assert.match(line, /^\.custody\/policy\.yaml:\d+:\d+: \S+: .+$/);
    return lines;
  }
  assert.fail("expected the policy to be rejected");
}

function errorAt(lines: string[], line: number, field: string): string {
  const found = lines.find((entry) => entry.startsWith(`${SOURCE}:${line}:`) && entry.includes(` ${field}: `));
  assert.ok(found, `no error at line ${line} for ${field} in:\n${lines.join("\n")}`);
  return found;
}

void describe("reviewer keys", () => {
  void test("a key that is not an Ed25519 public key is an error at its line, so approvals signed with it never silently fail to count", () => {
    const lines = loadErrors(
      [
        "version: 1",
        "groups:",
        "  senior:",
        "    members:",
        "      - id: rita@example.com",
        '        keys: ["ed25519:AAAA"]',
        "      - id: omar@example.com",
        '        keys: ["ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ omar"]',
        "      - id: sam@example.com",
        '        keys: ["ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="]',
      ].join("\n"),
    );
    assert.match(errorAt(lines, 6, "groups.senior.members[0].keys[0]"), /32 bytes/);
    assert.match(errorAt(lines, 8, "groups.senior.members[1].keys[0]"), /ssh-rsa keys are not supported/);
    assert.equal(lines.length, 2, lines.join("\n"));
  });
});

void describe("parsePolicy", () => {
  void test("loads the documented example with every absent field filled in", () => {
    const policy = parsePolicy(EXAMPLE, SOURCE);
    assert.deepEqual(policy.tools, { approved: ["claude-code", "copilot", "cursor"], models: ["anthropic/*", "openai/gpt-5*"] });
    assert.deepEqual(policy.paths.high, ["src/payments/**"]);
    assert.deepEqual(policy.groups.senior, {
      members: [
        { id: "bob@example.com", keys: [] },
        { id: "carol@example.com", keys: [] },
      ],
    });
    assert.deepEqual(policy.defaults.disable, ["ai-in-critical-path"]);
    assert.deepEqual(
      policy.rules.map((rule) => [rule.name, rule.then, rule.group, rule.count]),
      [
        ["no-ai-in-migrations", "block", undefined, undefined],
        ["payments-review", "review", "senior", 1],
        ["escalate-label", "escalate", "security", 2],
      ],
    );
    assert.equal(policy.rules[0]?.explain, "Database migrations are written by humans here.");
    assert.match(policy.rules[1]?.explain ?? "", /payments-review/);
  });

  void test("a file with only a version is the default policy", () => {
    const { sources, ...policy } = parsePolicy("version: 1\n", SOURCE);
    assert.deepEqual(sources, [SOURCE]);
    assert.deepEqual(policy, defaultPolicy());
    assert.deepEqual(defaultPolicy().paths, DEFAULT_PATHS);
    assert.equal(defaultPolicy().tools, undefined);
  });

  void test("empty sections mean none", () => {
    const policy = parsePolicy("version: 1\nrules:\ngroups:\n", SOURCE);
    assert.deepEqual(policy.rules, []);
    assert.deepEqual(policy.groups, {});
  });

  void test("malformed YAML is reported at its line", () => {
    const lines = loadErrors("version: 1\nrules:\n  - name: a\n   if: x\n");
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? "", /^\.custody\/policy\.yaml:4:\d+: syntax: /);
  });

  void test("an oversized file is refused before parsing", () => {
    assert.throws(() => parsePolicy(`version: 1\n#${"x".repeat(MAX_POLICY_BYTES)}\n`, SOURCE), { code: "input-too-large" });
  });

  void test("an empty file says what to write", () => {
    assert.match(loadErrors("")[0] ?? "", /:1:1: \(document\): .*version: 1/);
  });

  void test("an unknown key names the key, the allowed keys and the likely intent", () => {
    const lines = loadErrors("version: 1\ngroups:\n  security:\n    membres: [a@example.com]\n");
    const line = errorAt(lines, 4, "groups.security.membres");
    assert.match(line, /unknown key `membres` \(did you mean `members`\?\)/);
    assert.match(errorAt(lines, 4, "groups.security.members"), /is required/);
  });

  void test("an unknown top-level key is rejected", () => {
    assert.match(errorAt(loadErrors("version: 1\nrulez: []\n"), 2, "rulez"), /did you mean `rules`/);
  });

  void test("a CEL syntax error is reported at the expression's line", () => {
    const lines = loadErrors("version: 1\nrules:\n  - name: broken\n    if: \"ai.lines > && 1\"\n    then: block\n");
    assert.match(errorAt(lines, 4, "rules[0].if"), /CEL syntax error/);
  });

  void test("an unknown CEL variable is reported with the variables that exist", () => {
    const lines = loadErrors("version: 1\nrules:\n  - name: broken\n    then: block\n    if: aii.lines > 0\n");
    assert.match(errorAt(lines, 5, "rules[0].if"), /unknown variable `aii` \(did you mean `ai`\?\); the variables are change, ai, /);
  });

  void test("an unknown field is caught inside a comprehension and behind a short circuit", () => {
    const text = [
      "version: 1",
      "rules:",
      "  - name: in-loop",
      "    if: \"change.files.exists(f, f.aiLinez > 0)\"",
      "    then: block",
      "  - name: short-circuit",
      "    if: \"false && ai.linez > 0\"",
      "    then: block",
    ].join("\n");
    const lines = loadErrors(text);
    assert.match(errorAt(lines, 4, "rules[0].if"), /`f` has no field `aiLinez` \(did you mean `aiLines`\?\)/);
    assert.match(errorAt(lines, 7, "rules[1].if"), /`ai` has no field `linez`/);
  });

  void test("an expression of the wrong type is rejected", () => {
    const text = "version: 1\nrules:\n  - name: count-only\n    if: ai.lines\n    then: block\n    evidence: ai.lines\n";
    const lines = loadErrors(text);
    assert.match(errorAt(lines, 4, "rules[0].if"), /must give true or false but gives an int/);
    assert.match(errorAt(lines, 6, "rules[0].evidence"), /must give a list of strings/);
  });

  void test("a duplicate rule name is reported at the second rule", () => {
    const text = "version: 1\nrules:\n  - name: same\n    if: 'true'\n    then: pass\n  - name: same\n    if: 'true'\n    then: pass\n";
    const lines = loadErrors(text);
    assert.equal(lines.length, 1);
    assert.match(errorAt(lines, 6, "rules[1].name"), /already the name of rules\[0\]/);
  });

  void test("an undefined group is reported with the groups that exist", () => {
    const text = "version: 1\ngroups:\n  platform: { members: [p@example.com] }\nrules:\n  - name: r\n    if: 'true'\n    then: review\n    group: plattform\n";
    assert.match(errorAt(loadErrors(text), 8, "rules[0].group"), /"plattform" is not defined.*platform, security, senior/);
  });

  void test("built-in names are protected and disable names must exist", () => {
    const text = "version: 1\ndefaults:\n  disable: [critical-findings]\nrules:\n  - name: critical-finding\n    if: 'true'\n    then: pass\n";
    const lines = loadErrors(text);
    assert.match(errorAt(lines, 3, "defaults.disable[0]"), /did you mean `critical-finding`/);
    assert.match(errorAt(lines, 5, "rules[0].name"), /built-in rule/);
  });

  void test("every problem is reported, one per line, in file order", () => {
    const text = [
      "version: 2",
      "tools:",
      "  approved: [claude-code, copilt]",
      "rules:",
      "  - name: Bad_Name",
      "    if: 'true'",
      "    then: blok",
      "    count: 0",
    ].join("\n");
    const lines = loadErrors(text);
    assert.deepEqual(
      lines.map((line) => line.split(": ")[0]?.split(":")[1]),
      ["1", "3", "5", "7", "8"],
    );
    assert.match(errorAt(lines, 1, "version"), /write `version: 1`/);
    assert.match(errorAt(lines, 3, "tools.approved[1]"), /did you mean `copilot`/);
    assert.match(errorAt(lines, 5, "rules[0].name"), /not kebab-case/);
    assert.match(errorAt(lines, 7, "rules[0].then"), /did you mean `block`/);
    assert.match(errorAt(lines, 8, "rules[0].count"), /1 or more/);
  });
});

void describe("parsePolicy: tools, classification and rule paths", () => {
  void test("a tool may be listed with the models it may use", () => {
    const policy = parsePolicy("version: 1\ntools:\n  approved: [claude-code, { name: cursor, models: ['openai/*'] }]\n", SOURCE);
    assert.deepEqual(policy.tools, { approved: ["claude-code", "cursor"], toolModels: { cursor: ["openai/*"] } });
  });

  void test("a misspelt tool in the object form is named at its line, and versions are not a field", () => {
    const lines = loadErrors("version: 1\ntools:\n  approved:\n    - { name: cursr }\n    - { name: cursor, minVersion: '1.2' }\n");
    assert.match(errorAt(lines, 4, "tools.approved[0].name"), /did you mean `cursor`/);
    assert.match(errorAt(lines, 5, "tools.approved[1].minVersion"), /unknown key `minVersion`; the keys allowed here are name, models/);
  });

  void test("classification: the repository's class, paths of higher classes, and what each class allows", () => {
    const text = [
      "version: 1",
      "classification:",
      "  default: internal",
      "  paths:",
      "    secret: ['keys/**']",
      "  classes:",
      "    confidential: { tools: [claude-code], models: ['anthropic/*'] }",
    ].join("\n");
    const { classification } = parsePolicy(text, SOURCE);
    assert.equal(classification.default, "internal");
    assert.deepEqual(classification.paths.secret, ["keys/**"]);
    assert.deepEqual(classification.allow.confidential, { approved: ["claude-code"], models: ["anthropic/*"] });
    assert.deepEqual(classification.allow.secret, { approved: [] }, "secret allows no AI tool unless the policy says otherwise");
    assert.deepEqual(classification.allow.public, {});
  });

  void test("an unknown data class is named with the classes that exist", () => {
    const lines = loadErrors("version: 1\nclassification:\n  default: topsecret\n  paths:\n    secrte: ['a/**']\n");
    assert.match(errorAt(lines, 3, "classification.default"), /write one of public, internal, confidential, secret/);
    assert.match(errorAt(lines, 5, "classification.paths.secrte"), /did you mean `secret`/);
  });

  void test("a rule's paths are kept, and globs that can never match a repository path are refused", () => {
    const good = parsePolicy("version: 1\nrules:\n  - name: r\n    if: 'true'\n    then: review\n    paths: ['db/migrations/**']\n", SOURCE);
    assert.deepEqual(good.rules[0]?.paths, ["db/migrations/**"]);
    const text = "version: 1\nrules:\n  - name: r\n    if: 'true'\n    then: review\n    paths: ['/etc/**', '../x/**', 'src\\\\a']\npaths:\n  critical: ['!docs/**']\n";
    const lines = loadErrors(text);
    assert.match(errorAt(lines, 6, "rules[0].paths[0]"), /is absolute; write it relative to the repository root/);
    assert.match(errorAt(lines, 6, "rules[0].paths[1]"), /must stay inside the repository/);
    assert.match(errorAt(lines, 6, "rules[0].paths[2]"), /use forward slashes/);
    assert.match(errorAt(lines, 8, "paths.critical[0]"), /negated globs are not supported/);
    assert.match(errorAt(loadErrors("version: 1\nrules:\n  - name: r\n    if: 'true'\n    then: pass\n    paths: []\n"), 6, "rules[0].paths"), /must not be empty/);
  });

  void test("a misspelt risk factor is caught when the policy loads", () => {
    const lines = loadErrors("version: 1\nrules:\n  - name: r\n    if: \"risk.factors['ai-shar'] > 10\"\n    then: review\n");
    assert.match(errorAt(lines, 4, "rules[0].if"), /`risk.factors` has no key 'ai-shar' \(did you mean `ai-share`\?\)/);
  });

  void test("a file that extends others is refused when read on its own, since its org rules would be missing", () => {
    assert.match(loadErrors("version: 1\nextends: ../org.yaml\n")[0] ?? "", /:2:\d+: extends: this policy extends other policy files/);
  });

  void test("extends: plain http and other schemes are refused at their line", () => {
    const lines = loadErrors("version: 1\nextends:\n  - http://policies.example.com/org.yaml\n  - ftp://example.com/org.yaml\n");
    assert.match(errorAt(lines, 3, "extends[0]"), /plain http:\/\/ can be altered in transit; serve the policy over https:\/\//);
    assert.match(errorAt(lines, 4, "extends[1]"), /ftp:\/\/ is not supported/);
  });
});

void describe("policyDigest", () => {
  void test("does not depend on the file name the policy was read from", () => {
    const text = "version: 1\nrules:\n  - name: r\n    if: 'true'\n    then: pass\n";
    assert.equal(policyDigest(parsePolicy(text, "a/policy.yaml")), policyDigest(parsePolicy(text, "b/other.yaml")));
  });

  void test("is the same for the same policy however it is written", () => {
    const a = parsePolicy("version: 1\ntools:\n  approved: [cursor]\n  models: ['x/*']\n", SOURCE);
    const b = parsePolicy("tools: { models: ['x/*'], approved: [cursor] }\nversion: 1\n", SOURCE);
    assert.match(policyDigest(a), /^[0-9a-f]{64}$/);
    assert.equal(policyDigest(a), policyDigest(b));
  });

  void test("changes when the policy's meaning changes", () => {
    const base = policyDigest(defaultPolicy());
    assert.notEqual(policyDigest(parsePolicy("version: 1\ndefaults: { disable: [critical-finding] }\n", SOURCE)), base);
    assert.notEqual(policyDigest(parsePolicy("version: 1\ntools: { approved: [cursor] }\n", SOURCE)), base);
  });
});
