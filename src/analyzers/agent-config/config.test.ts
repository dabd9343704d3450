import assert from "node:assert/strict";
import { test } from "node:test";
import { checkSettings, literalSecret, parseConfig, parseJsonc, shellGrant } from "./index.js";
import type { ConfigNode } from "./index.js";
import { at, itemsOf } from "./config-tree.js";
import { MAX_JSON_DEPTH } from "./jsonc.js";

await test("JSONC: comments and trailing commas are accepted, values keep their offsets", () => {
  const text = '// settings\n{\n  /* block */ "a": [1, "two", ],\n  "b": { "c": true, }, // end\n}\n';
  const result = parseJsonc(text);
  assert.ok(result.ok);
  assert.equal(result.root.kind, "object");
  const [a, b] = result.root.members;
  assert.ok(a && b);
  assert.equal(a.key, "a");
  assert.equal(text.slice(a.value.start, a.value.end), '[1, "two", ]');
  assert.equal(b.value.kind, "object");
});

await test("JSONC: strings decode escapes, and a comment marker inside a string is text", () => {
  const result = parseJsonc('{"url": "https://x.example/a//b", "s": "tab\\there \\u00e9 \\"q\\""}');
  assert.ok(result.ok);
  const parsed = parseConfig('{"url": "https://x.example/a//b", "s": "tab\\there \\u00e9 \\"q\\""}', "json");
  assert.ok(parsed.ok);
  assert.deepEqual(
    [at(parsed.root, "url"), at(parsed.root, "s")].map((n) => (n?.kind === "scalar" ? n.value : undefined)),
    ["https://x.example/a//b", 'tab\there é "q"'],
  );
});

await test("JSONC: errors say what and where, never throw, and deep nesting is refused", () => {
  const broken = parseJsonc('{\n  "a": 1\n  "b": 2\n}');
  assert.deepEqual(broken.ok ? undefined : [broken.message, broken.offset], ["expected ',' or '}' in an object", 13]);
  for (const text of ["", "{", '{"a": }', "[1 2]", '{"a": "x', "/* open", "nul", "{} extra"]) {
    assert.equal(parseJsonc(text).ok, false, JSON.stringify(text));
  }
  const deep = "[".repeat(MAX_JSON_DEPTH + 10) + "]".repeat(MAX_JSON_DEPTH + 10);
  const result = parseJsonc(deep);
  assert.equal(result.ok, false);
  assert.match(result.message, /nesting deeper/);
});

const lineOf = (node: ConfigNode | undefined): number | undefined => node?.span.startLine;

await test("JSON, YAML and TOML values are located on the line where they are written", () => {
  const json = parseConfig('{\n  "servers": {\n    "x": {\n      "args": [\n        "-y",\n        "pkg"\n      ]\n    }\n  }\n}\n', "json");
  const yaml = parseConfig("servers:\n  x:\n    args:\n      - -y\n      - pkg\n", "yaml");
  const toml = parseConfig('[servers.x]\nargs = [\n  "-y",\n  "pkg",\n]\n', "toml");
  for (const [parsed, expected] of [
    [json, 6],
    [yaml, 5],
    [toml, 4],
  ] as const) {
    assert.ok(parsed.ok);
    assert.equal(lineOf(itemsOf(at(parsed.root, "servers", "x", "args"))[1]), expected);
  }
});

await test("a broken configuration becomes one low-severity finding at the error, not an exception", () => {
  for (const [text, format, line] of [
    ['{\n  "permissions": {\n    "allow": ["Bash"\n  }\n}', "json", 4],
    ["mcpServers:\n  - name: x\n   command: npx\n", "yaml", 3],
    ['approval_policy = "never\n', "toml", 1],
  ] as const) {
    const issues = checkSettings(text, "other-config", format, "x");
    assert.deepEqual(
      issues.map((i) => [i.rule.id, i.span.startLine]),
      [["agent-config/unparsable-agent-config", line]],
      format,
    );
  }
  assert.deepEqual(checkSettings("  \n", "mcp", "json", ".mcp.json"), []);
});

await test("shell grants: everything, or every use of a command that can do anything", () => {
  const claude = (p: string): string | undefined => shellGrant(p, /Bash/, false)?.scope;
  assert.equal(claude("Bash"), "any shell command");
  assert.equal(claude("Bash(*)"), "any shell command");
  assert.equal(claude("Bash(:*)"), "any shell command");
  assert.equal(claude("Bash(curl:*)"), "any `curl` command");
  assert.equal(claude("Bash(/usr/bin/python3 *)"), "any `python3` command");
  assert.equal(claude("Bash(sudo apt-get install:*)"), "any command through `sudo`");
  for (const safe of ["Bash(npm test)", "Bash(git diff:*)", "Bash(curl https://api.example.com/health)", "Read(./src/**)", "BashOutput", "WebFetch"]) {
    assert.equal(claude(safe), undefined, safe);
  }
  // Gemini matches shell commands by prefix, so a bare command name is already a wildcard.
  assert.equal(shellGrant("run_shell_command(wget)", /run_shell_command/, true)?.scope, "any `wget` command");
  assert.equal(shellGrant("run_shell_command(git)", /run_shell_command/, true), undefined);
});

await test("inline secrets: provider formats anywhere, literals under secret names, never references", () => {
  assert.match(literalSecret("TOKEN", "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")?.why ?? "", /GitHub/);
  assert.ok(literalSecret("X_API_KEY", "q8Vz2LmR7tK4wP9xN3bC6yF1"));
  assert.ok(literalSecret("Authorization", "Bearer 7f3kQ9zLw2Rv8XmT5pYc1Nd6"));
  for (const [name, value] of [
    ["GITHUB_TOKEN", "${GITHUB_TOKEN}"],
    ["Authorization", "Bearer ${input:token}"],
    ["API_KEY", "${env:API_KEY}"],
    ["API_KEY", "$API_KEY"],
    ["API_KEY", "<your-api-key>"],
    ["API_KEY", "your-api-key-here"],
    ["CACHE_KEY", "db-schema-cache"],
    ["LOG_LEVEL", "debug-verbose-mode-on"],
    ["PASSWORD", "short"],
  ] as const) {
    assert.equal(literalSecret(name, value), undefined, `${name}=${value}`);
  }
});

await test("MCP evidence never contains the secret it reports", () => {
  const secret = "Kd83nVq1Lx7Rz2Wm5Tb9";
  const issues = checkSettings(`{"mcpServers": {"db": {"command": "node", "args": ["s.js"], "env": {"PGPASSWORD": "${secret}"}}}}`, "mcp", "json", ".mcp.json");
  assert.equal(issues.length, 1);
  assert.ok(!JSON.stringify(issues.map((i) => [i.message, i.evidence])).includes(secret));
});
