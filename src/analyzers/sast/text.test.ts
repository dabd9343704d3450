import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { isCustodyError } from "../../core/errors.js";
import { ruleById } from "../registry.js";
import { loadRulePack, loadRules, sastAnalyzer, scanTextFile } from "./index.js";
import { LINE_LIMIT, unboundedQuantifier } from "./text.js";

const dirs: string[] = [];

after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const RAW_ECHO = `id: tpl-raw-echo
language: template
title: Raw echo in a view
severity: high
cwe: [CWE-79]
owasp: ["A03:2021-Injection"]
message: "\`$OUTPUT\` prints \`$VALUE\` without escaping"
help: >-
  Assistants switch to the raw echo when markup shows up as text; a user's script then runs in
  every visitor's browser. Keep the escaping echo and sanitize user-written HTML with an allowlist.
files: ["**/views/**/*.tpl"]
regex: '(?<OUTPUT>\\{!\\s{0,3}(?<VALUE>[$\\w>.-]{1,100})\\s{0,3}!\\})'
not-regex: 'trusted-markup'
`;

function ruleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "custody-sast-text-rules-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function textRules(text = RAW_ECHO) {
  return loadRulePack(ruleDir({ "tpl-raw-echo.yaml": text })).text;
}

/** The `rule-invalid` message of a rule directory holding one text rule. */
function loadError(text: string): string {
  const dir = ruleDir({ "tpl-raw-echo.yaml": text });
  try {
    loadRulePack(dir);
  } catch (error) {
    assert.ok(isCustodyError(error), `expected a CustodyError, got ${String(error)}`);
    assert.equal(error.code, "rule-invalid");
    assert.ok(error.message.includes(join(dir, "tpl-raw-echo.yaml")), `message does not name the file: ${error.message}`);
    return error.message;
  }
  return assert.fail("the rule loaded without an error");
}

void describe("text rules", () => {
  void it("load beside ast-grep rules, in file order, and only text rules read the files they select", () => {
    const dir = ruleDir({
      "tpl-raw-echo.yaml": RAW_ECHO,
      "js-no-eval.yaml": [
        "id: js-no-eval",
        "language: javascript",
        "title: eval",
        "severity: high",
        "cwe: [CWE-95]",
        'owasp: ["A03:2021-Injection"]',
        "message: eval",
        "help: Assistants evaluate strings to get a feature working quickly; anyone controlling the string runs code. Parse the data instead.",
        "rule:",
        "  pattern: eval($X)",
        "",
      ].join("\n"),
    });
    const pack = loadRulePack(dir);
    assert.deepEqual(pack.all.map((r) => r.meta.id), ["sast/js-no-eval", "sast/tpl-raw-echo"]);
    assert.deepEqual(loadRules(dir).map((r) => r.meta.id), ["sast/js-no-eval"]);
    const [rule] = pack.text;
    assert.ok(rule);
    assert.equal(rule.language, "template");
    assert.equal(rule.reads("app/views/users/show.tpl"), true);
    assert.equal(rule.reads("app/views/users/show.html"), false);
    assert.equal(rule.reads("lib/show.tpl"), false);
  });

  void it("report the matched span with 1-based columns, the filled message and the matched text", () => {
    const text = "<h1>{{ $title }}</h1>\r\n<div>{! $user->bio !}</div> <p>{!$note!}</p>\n";
    const findings = scanTextFile(textRules(), { path: "app/views/profile.tpl", text });
    assert.deepEqual(
      findings.map((f) => [f.location, f.message, f.evidence, f.fingerprintText]),
      [
        [
          { path: "app/views/profile.tpl", startLine: 2, startColumn: 6, endLine: 2, endColumn: 22 },
          "`{! $user->bio !}` prints `$user->bio` without escaping",
          "{! $user->bio !}",
          "{! $user->bio !}",
        ],
        [
          { path: "app/views/profile.tpl", startLine: 2, startColumn: 32, endLine: 2, endColumn: 41 },
          "`{!$note!}` prints `$note` without escaping",
          "{!$note!}",
          "{!$note!}",
        ],
      ],
    );
    const [first] = findings;
    assert.ok(first);
    assert.equal(first.ruleId, "sast/tpl-raw-echo");
    assert.equal(first.severity, "high");
    assert.deepEqual(first.cwe, ["CWE-79"]);
  });

  void it("skip a line that not-regex matches, lines over the length limit and files they do not select", () => {
    const rules = textRules();
    const scan = (path: string, text: string) => scanTextFile(rules, { path, text }).map((f) => f.location.startLine);
    assert.deepEqual(scan("views/a.tpl", "{! $a !} <!-- trusted-markup -->\n{! $b !}\n"), [2]);
    const long = `${"x".repeat(LINE_LIMIT)}{! $hidden !}`;
    assert.deepEqual(scan("views/a.tpl", `${long}\n{! $shown !}\n`), [2]);
    assert.deepEqual(scan("views/a.html", "{! $a !}\n"), []);
  });

  void it("run again from the start of each line and each file (no state left in the regex)", () => {
    const rules = textRules();
    const file = { path: "views/a.tpl", text: "{! $a !} {! $b !}\n" };
    assert.equal(scanTextFile(rules, file).length, 2);
    assert.equal(scanTextFile(rules, file).length, 2);
  });
});

void describe("text rule validation", () => {
  void it("rejects an unbounded quantifier, naming the field and its line", () => {
    const message = loadError(RAW_ECHO.replace("{1,100}", "+"));
    assert.match(message, /tpl-raw-echo\.yaml:12: field `regex`: repeats without an upper bound/);
    assert.match(loadError(RAW_ECHO.replace("not-regex: 'trusted-markup'", "not-regex: 'a.*b'")), /field `not-regex`: repeats without an upper bound/);
  });

  void it("rejects an expression that does not compile or matches an empty line", () => {
    assert.match(loadError(RAW_ECHO.replace("{1,100})", "{1,100}")), /field `regex`: does not compile as a JavaScript regular expression/);
    assert.match(loadError(RAW_ECHO.replace("not-regex: 'trusted-markup'", "not-regex: 'x?'")), /field `not-regex`: matches an empty line/);
  });

  void it("rejects a message name that no named group captures", () => {
    assert.match(loadError(RAW_ECHO.replace("prints `$VALUE`", "prints `$NAME`")), /field `message` uses \$NAME, which no named group/);
  });

  void it("rejects ast-grep fields, missing globs and absolute globs", () => {
    assert.match(loadError(`${RAW_ECHO}rule:\n  pattern: x\n`), /unknown field `rule`/);
    assert.match(loadError(RAW_ECHO.replace(/^files:.*\n/m, "")), /field `files`: is required/);
    assert.match(loadError(RAW_ECHO.replace('["**/views/**/*.tpl"]', '["/srv/app/views/*.tpl"]')), /field `files\.0`: must be a repository-relative glob/);
  });

  void it("lists the text rule languages when the language is unknown", () => {
    assert.match(loadError(RAW_ECHO.replace("language: template", "language: templates")), /field `language`: must be one of .*, template, config/);
  });

  void it("finds unbounded quantifiers outside escapes and character classes only", () => {
    assert.equal(unboundedQuantifier(String.raw`a\+b[*+]c{1,9}d{3}`), undefined);
    assert.equal(unboundedQuantifier("ab*"), 2);
    assert.equal(unboundedQuantifier("a{2,}"), 1);
    assert.equal(unboundedQuantifier(String.raw`[\]+]x+`), 6);
  });
});

void describe("sastAnalyzer on templates and configuration", () => {
  void it("applies to the templates and production configuration its rules read, and to no other new files", () => {
    for (const path of [
      "app/views/users/show.html.erb",
      "resources/views/posts/show.blade.php",
      "Views/Home/Index.cshtml",
      "Pages/Counter.razor",
      "app/templates/notes/detail.html",
      "src/main/resources/templates/profile.html",
      // Micronaut Views' template folder.
      "src/main/resources/views/profile.html",
      "views/index.ejs",
      "views/layouts/main.handlebars",
      "templates/article/show.html.twig",
      "views/article.pug",
      // ServiceStack #Script pages.
      "Web/wwwroot/invoices/print.html",
      ".env.production",
      "deploy/.env.prod",
      "src/main/resources/application-prod.yml",
      "src/main/resources/application-production.properties",
      "Api/appsettings.Production.json",
      // The base settings every environment starts from, and Dropwizard's configuration.
      "Api/appsettings.json",
      "config.yaml",
      "config/production.yaml",
      // Read, and judged as production configuration only when they say so (APP_ENV=production)
      // or, for Spring, because every profile inherits the base file.
      ".env",
      "src/main/resources/application.yml",
      // Gradle builds, for what they bake into start scripts and images.
      "build.gradle",
      "service/build.gradle.kts",
      "views/articles/read.tpl",
    ]) {
      assert.equal(sastAnalyzer.appliesTo(path), true, path);
    }
    for (const path of [
      ".env.example",
      ".env.development",
      "src/main/resources/application-dev.yml",
      "appsettings.Development.json",
      "config/development.yaml",
      "config-dev.yml",
      "app/views/user_mailer/welcome.text.erb",
      "public/index.html",
      "docs/guide.html",
    ]) {
      assert.equal(sastAnalyzer.appliesTo(path), false, path);
    }
  });

  void it("runs the PHP rules and the Blade rule on a Blade view", () => {
    const text = "<h1>{{ $post->title }}</h1>\n<div>{!! $post->body !!}</div>\n<p><?= $_GET['name'] ?></p>\n";
    const found = sastAnalyzer.analyzeFile({ path: "resources/views/posts/show.blade.php", text });
    assert.deepEqual(
      found.map((f) => `${f.location.startLine} ${f.ruleId}`),
      ["2 sast/tpl-blade-unescaped", "3 sast/php-xss"],
    );
  });

  void it("reports only on added lines when the file carries them", () => {
    const text = "<%== @a %>\n<%= @b %>\n<%= raw @c %>\n";
    const path = "app/views/x/show.html.erb";
    assert.deepEqual(sastAnalyzer.analyzeFile({ path, text }).map((f) => f.location.startLine), [1, 3]);
    assert.deepEqual(sastAnalyzer.analyzeFile({ path, text, addedLines: [{ start: 2, end: 3 }] }).map((f) => f.location.startLine), [3]);
  });

  void it("lists and explains the template and configuration rules like the others", () => {
    const ids = sastAnalyzer.rules().map((r) => r.id);
    for (const id of ["sast/tpl-erb-unescaped", "sast/cfg-dotenv-prod-debug"]) assert.ok(ids.includes(id), id);
    const rule = ruleById("sast/cfg-spring-prod-error-details");
    assert.ok(rule);
    assert.deepEqual(rule.cwe, ["CWE-489", "CWE-215"]);
    assert.ok(rule.help.length >= 200);
  });

  void it("names the matched construct in the message", () => {
    const [finding] = sastAnalyzer.analyzeFile({ path: ".env.production", text: "APP_NAME=Shop\nAPP_DEBUG=true\n" });
    assert.ok(finding);
    assert.equal(finding.ruleId, "sast/cfg-dotenv-prod-debug");
    assert.deepEqual(finding.location, { path: ".env.production", startLine: 2, startColumn: 1, endLine: 2, endColumn: 15 });
    assert.match(finding.message, /^`APP_DEBUG=true` in a production environment file/);
  });
});
