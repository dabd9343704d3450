import assert from "node:assert/strict";
import { test } from "node:test";
import { isCustodyError } from "../../core/errors.js";
import { createSecretScanner } from "./engine.js";
import { SECRET_RULES } from "./rules/index.js";
import { MAX_SCANNED_LINE } from "./text.js";
import type { SecretRule } from "./types.js";

const ghp = "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";

function rule(overrides: Partial<SecretRule>): SecretRule {
  return {
    id: "secrets/test-token",
    title: "Test token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["tst_"],
    regex: /(?<secret>tst_[a-z0-9]{12})/,
    help: "",
    ...overrides,
  };
}

await test("a rule whose keyword is absent is not a candidate and reports nothing, even if its regex would match", () => {
  // The regex matches "TOKEN-..." but the keyword "zzz_" never occurs, so the regex must not run.
  const gated = rule({ keywords: ["zzz_"], regex: /(?<secret>TOKEN-[A-Z0-9]{12})/ });
  const scanner = createSecretScanner([gated]);
  const text = "value = TOKEN-8F3K2M9Q7R1Z\n";
  assert.deepEqual(scanner.candidates(text), []);
  assert.deepEqual(scanner.scan(text), []);
  assert.equal(scanner.scan(`${text}# zzz_ marker\n`).length, 1);
});

await test("candidates are exactly the rules whose keywords occur, whatever the case", () => {
  const scanner = createSecretScanner(SECRET_RULES);
  const ids = scanner.candidates("const x = 'GHP_' + 'xoxb-'").map((r) => r.id);
  assert.ok(ids.includes("secrets/github-token"));
  assert.ok(ids.includes("secrets/slack-token"));
  assert.ok(!ids.includes("secrets/aws-access-key-id"));
  assert.deepEqual(scanner.candidates("nothing to see here\n"), []);
});

await test("locations are 1-based, count code points and end after the secret", () => {
  const scanner = createSecretScanner(SECRET_RULES);
  const [match] = scanner.scan(`first line\n// 🔑 héllo ${ghp} trailing\n`);
  assert.ok(match);
  assert.deepEqual(match.location, { startLine: 2, startColumn: 12, endLine: 2, endColumn: 52 });
  assert.equal(match.secret, ghp);
});

await test("only the first MAX_SCANNED_LINE characters of a line are scanned", () => {
  const scanner = createSecretScanner(SECRET_RULES);
  const before = `x="${ghp}";${"a".repeat(MAX_SCANNED_LINE)}`;
  const after = `${"a".repeat(MAX_SCANNED_LINE)}x="${ghp}";`;
  assert.equal(scanner.scan(before).length, 1);
  assert.equal(scanner.scan(after).length, 0);
  const [later] = scanner.scan(`${after}\ny="${ghp}"`);
  assert.equal(later?.location.startLine, 2);
});

await test("a generic match yields to a specific rule on the same text, valid or not", () => {
  const scanner = createSecretScanner(SECRET_RULES);
  assert.deepEqual(
    scanner.scan(`GITHUB_TOKEN="${ghp}"`).map((m) => m.rule.id),
    ["secrets/github-token"],
  );
  // The same shape with a broken checksum is not a token, so nothing is reported at all.
  const broken = `${ghp.slice(0, -1)}C`;
  assert.deepEqual(scanner.scan(`GITHUB_TOKEN="${broken}"`), []);
});

await test("placeholders are rejected for every rule", () => {
  const scanner = createSecretScanner([rule({ regex: /(?<secret>tst_[a-z0-9]{12})/ })]);
  assert.equal(scanner.scan("tst_q8zr2lwx9vtn").length, 1);
  assert.equal(scanner.scan("tst_xxxxxxxxxxxx").length, 0);
  assert.equal(scanner.scan("tst_examplekey12").length, 0);
});

await test("alternative secret groups are supported, the first that took part wins", () => {
  const scanner = createSecretScanner([rule({ regex: /tst_(?:a(?<secret>[0-9]{12})|b(?<secret2>[0-9]{12}))/ })]);
  assert.deepEqual(
    scanner.scan("tst_a918273645012 tst_b564738291034").map((m) => m.secret),
    ["918273645012", "564738291034"],
  );
});

await test("invalid rules are refused with a rule-invalid error that names the rule", () => {
  const cases: Partial<SecretRule>[] = [
    { regex: /tst_[a-z0-9]{12}/ },
    { keywords: ["TST_"] },
    { keywords: [] },
    { id: "test-token" },
  ];
  for (const overrides of cases) {
    assert.throws(
      () => createSecretScanner([rule(overrides)]),
      (error: unknown) => isCustodyError(error) && error.code === "rule-invalid" && error.message.includes("test-token"),
    );
  }
  assert.throws(() => createSecretScanner([rule({}), rule({})]), /used by another rule/);
});

await test("built-in rules have unique kebab-case ids, keywords and help", () => {
  const scanner = createSecretScanner(SECRET_RULES);
  assert.ok(scanner.rules.length >= 12);
  for (const r of SECRET_RULES) {
    assert.match(r.id, /^secrets\/[a-z0-9-]+$/);
    assert.ok(r.help.includes("**Fix:**"), r.id);
  }
});
