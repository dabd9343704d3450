import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { isCustodyError } from "../../core/errors.js";
import { loadRules, scanFile } from "./index.js";
import { SHIPPED_RULES_DIR } from "./loader.js";

const dirs: string[] = [];

after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const VALID = `id: js-no-alert
language: javascript
title: alert() left in code
severity: low
cwe: [CWE-489]
owasp: ["A05:2021-Security Misconfiguration"]
message: "\`$CALL\` is left in the code with $ARG"
help: >-
  Assistants leave debugging dialogs behind when they make a snippet "show the result"; remove the
  call or replace it with proper UI feedback.
rule:
  pattern: $CALL($ARG)
constraints:
  CALL:
    regex: ^alert$
`;

function ruleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "custody-sast-rules-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Loads a directory holding one rule file and returns the `rule-invalid` message it causes. */
function loadError(name: string, text: string): string {
  const dir = ruleDir({ [name]: text });
  try {
    loadRules(dir);
  } catch (error) {
    assert.ok(isCustodyError(error), `expected a CustodyError, got ${String(error)}`);
    assert.equal(error.code, "rule-invalid");
    assert.ok(error.message.includes(join(dir, name)), `message does not name the file: ${error.message}`);
    return error.message;
  }
  return assert.fail(`${name} loaded without an error`);
}

void describe("loadRules", () => {
  void it("loads a valid rule from any directory and runs it", () => {
    const rules = loadRules(ruleDir({ "js-no-alert.yaml": VALID, "README.md": "not a rule" }));
    assert.deepEqual(
      rules.map((r) => [r.meta.id, r.meta.severity, r.targets.join(",")]),
      [["sast/js-no-alert", "low", "javascript,typescript,tsx"]],
    );
    const findings = scanFile(rules, { path: "a.ts", text: "alert(secretValue);\nconsole.log(1);\n" });
    assert.deepEqual(
      findings.map((f) => [f.ruleId, f.location.startLine, f.message]),
      [["sast/js-no-alert", 1, "`alert` is left in the code with secretValue"]],
    );
  });

  void it("keeps what regexes match when it compiles them for ASCII source text", () => {
    const rule = VALID.replace("id: js-no-alert", "id: js-admin-call").replace(
      "constraints:\n  CALL:\n    regex: ^alert$\n",
      // (A function, so that `$'` in the new text is not read as a replacement pattern.)
      // Case-insensitive words with \w and \b (compiled in byte mode); a dot, a negated class and a
      // non-ASCII letter (left in Unicode mode).
      () => "constraints:\n  CALL:\n    regex: '(?i)^(admin|root)\\w*\\b'\n  ARG:\n    regex: '^[^0-9].*é$'\n",
    );
    const rules = loadRules(ruleDir({ "js-admin-call.yaml": rule }));
    const text = "ADMINPanel(café);\nrootUser(café);\nadmin(1é);\nuser(café);\n";
    assert.deepEqual(
      scanFile(rules, { path: "a.js", text }).map((f) => f.location.startLine),
      [1, 2],
    );
  });

  void it("rejects YAML that does not parse, with the line", () => {
    const message = loadError("js-no-alert.yaml", VALID.replace("severity: low", "severity: [low"));
    assert.match(message, /js-no-alert\.yaml:\d+: is not valid YAML/);
  });

  void it("names the field and its line when the metadata is wrong", () => {
    const message = loadError("js-no-alert.yaml", VALID.replace("severity: low", "severity: urgent"));
    assert.match(message, /js-no-alert\.yaml:4: field `severity`/);
    assert.match(loadError("js-no-alert.yaml", VALID.replace("[CWE-489]", "[CWE489]")), /field `cwe\.0`: must look like CWE-89/);
    assert.match(loadError("js-no-alert.yaml", VALID.replace("title:", "titel:")), /js-no-alert\.yaml:3: unknown field `titel`/);
    assert.match(loadError("js-no-alert.yaml", VALID.replace(/^help:[\s\S]*?^rule:/m, "rule:")), /field `help`: is required/);
    assert.match(loadError("js-no-alert.yaml", VALID.replace("language: javascript", "language: cobol")), /field `language`/);
  });

  void it("requires the id to equal the file name", () => {
    assert.match(loadError("js-alert.yaml", VALID), /field `id` is "js-no-alert" but the file is named js-alert\.yaml/);
  });

  void it("reports an ast-grep rule that does not compile at load time", () => {
    const message = loadError("js-no-alert.yaml", VALID.replace("pattern: $CALL($ARG)", "kind: no_such_kind"));
    assert.match(message, /field `rule`: rule does not compile for javascript: .*no_such_kind/);
    const badRegex = loadError("js-no-alert.yaml", VALID.replace("regex: ^alert$", "regex: '(alert'"));
    assert.match(badRegex, /does not compile/);
  });

  void it("reports a pattern the grammar cannot parse", () => {
    const message = loadError("js-no-alert.yaml", VALID.replace("pattern: $CALL($ARG)", "pattern: $CALL($ARG"));
    assert.match(message, /pattern `\$CALL\(\$ARG` does not parse as javascript/);
  });

  void it("reports a message metavariable that no pattern captures", () => {
    const message = loadError("js-no-alert.yaml", VALID.replace("with $ARG", "with $ARGS"));
    assert.match(message, /field `message` uses \$ARGS/);
  });

  void it("rejects rule files with the .yml extension instead of skipping them", () => {
    assert.match(loadError("js-no-alert.yml", VALID), /must end in \.yaml/);
  });

  void it("names a missing directory", () => {
    assert.throws(
      () => loadRules(join(tmpdir(), "custody-no-such-rules-dir")),
      (error: unknown) => isCustodyError(error) && error.code === "rule-invalid" && error.message.includes("custody-no-such-rules-dir"),
    );
  });
});

void describe("shared utilities", () => {
  void it("lets every rule of a language match a utility defined once in utils/<language>.yaml", () => {
    const root = mkdtempSync(join(tmpdir(), "custody-sast-utils-"));
    try {
      mkdirSync(join(root, "rules"));
      mkdirSync(join(root, "utils"));
      writeFileSync(join(root, "utils", "javascript.yaml"), "request-input:\n  any:\n    - pattern: req.query.$_\n    - pattern: req.body.$_\n");
      writeFileSync(
        join(root, "rules", "eval-of-input.yaml"),
        [
          "id: eval-of-input",
          "language: javascript",
          "title: eval of request input",
          "severity: high",
          "cwe: [CWE-95]",
          'owasp: ["A03:2021-Injection"]',
          "message: eval of request input",
          "help: Assistants evaluate request fields to get a quick calculator or filter working; anyone sending the request then runs code on the server. Parse the input into data and dispatch on it instead of evaluating it.",
          "rule:",
          "  pattern: eval($X)",
          "constraints:",
          "  X:",
          "    matches: request-input",
          "",
        ].join("\n"),
      );
      const rules = loadRules(join(root, "rules"));
      const found = scanFile(rules, { path: "a.js", text: "eval(req.query.code);\neval(config.code);\n" });
      assert.deepEqual(found.map((f) => f.location.startLine), [1]);
      writeFileSync(join(root, "utils", "cobol.yaml"), "x:\n  pattern: y\n");
      assert.throws(() => loadRules(join(root, "rules")), /cobol\.yaml: the file name must be `common` or a language/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  void it("lets rules of every language match a text-only utility defined once in utils/common.yaml", () => {
    const root = mkdtempSync(join(tmpdir(), "custody-sast-utils-"));
    try {
      mkdirSync(join(root, "rules"));
      mkdirSync(join(root, "utils"));
      writeFileSync(join(root, "utils", "common.yaml"), "secret-name:\n  regex: '(?i)token$'\n  not:\n    regex: '(?i)csrf'\n");
      const rule = (id: string, language: string, pattern: string) =>
        [
          `id: ${id}`,
          `language: ${language}`,
          "title: print of a secret",
          "severity: low",
          "cwe: [CWE-532]",
          'owasp: ["A09:2021-Security Logging and Monitoring Failures"]',
          "message: a secret is printed",
          "help: Assistants print values while debugging and leave the line in; a token printed to a log is readable by everyone with access to the logs. Remove the print or log an identifier instead.",
          "rule:",
          `  pattern: ${pattern}`,
          "constraints:",
          "  X:",
          "    matches: secret-name",
          "",
        ].join("\n");
      writeFileSync(join(root, "rules", "js-print-secret.yaml"), rule("js-print-secret", "javascript", "console.log($X)"));
      writeFileSync(join(root, "rules", "py-print-secret.yaml"), rule("py-print-secret", "python", "print($X)"));
      const rules = loadRules(join(root, "rules"));
      const js = scanFile(rules, { path: "a.js", text: "console.log(csrfToken);\nconsole.log(accessToken);\n" });
      const py = scanFile(rules, { path: "a.py", text: "print(access_token)\nprint(user_name)\n" });
      assert.deepEqual([...js, ...py].map((f) => `${f.ruleId}:${f.location.startLine}`), ["sast/js-print-secret:2", "sast/py-print-secret:1"]);
      // A node kind means something different in each grammar, so common utilities cannot use one.
      writeFileSync(join(root, "utils", "common.yaml"), "secret-name:\n  any:\n    - kind: identifier\n");
      assert.throws(() => loadRules(join(root, "rules")), /common\.yaml: utility `secret-name` uses `kind`, which depends on a grammar/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

void describe("the shipped rule pack", () => {
  void it("compiles every rule against every grammar it targets (scans skip this check at start-up)", () => {
    const rules = loadRules(SHIPPED_RULES_DIR);
    assert.ok(rules.length >= 150, `${rules.length} rules`);
  });
});
