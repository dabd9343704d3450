import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { crc32 } from "node:zlib";
import { CustodyError } from "../../core/errors.js";
import { base62Encode } from "../secrets/index.js";
import { artifactPath } from "./paths.js";
import { importSarif, toolSlug } from "./sarif.js";

const ROOT = "/repo";

function log(runs: unknown[]): string {
  return JSON.stringify({ version: "2.1.0", $schema: "https://json.schemastore.org/sarif-2.1.0.json", runs });
}

function location(uri: string, startLine = 3, extra: Record<string, unknown> = {}) {
  return { physicalLocation: { artifactLocation: { uri, ...extra }, region: { startLine, startColumn: 5, endColumn: 9 } } };
}

describe("SARIF import", () => {
  it("maps a CodeQL result: rule in an extension, security-severity, CWE tags, partial fingerprints", () => {
    const imported = importSarif(
      log([
        {
          tool: {
            driver: { name: "CodeQL", rules: [] },
            extensions: [
              {
                name: "codeql/javascript-queries",
                rules: [{ id: "js/sql-injection", properties: { "security-severity": "8.8", tags: ["security", "external/cwe/cwe-089"] } }],
              },
            ],
          },
          results: [
            {
              ruleId: "js/sql-injection",
              rule: { id: "js/sql-injection", index: 0, toolComponent: { index: 0 } },
              message: { text: "This query depends on a user-provided value." },
              locations: [location("src/db.js", 12, { uriBaseId: "%SRCROOT%" })],
              partialFingerprints: { primaryLocationLineHash: "abc123:1" },
            },
          ],
        },
      ]),
      "codeql.sarif",
      ROOT,
    );
    assert.deepEqual(imported.tools, ["codeql"]);
    const [f] = imported.findings;
    assert.ok(f);
    assert.equal(f.ruleId, "external/codeql/js/sql-injection");
    assert.equal(f.analyzer, "external");
    assert.equal(f.severity, "high");
    assert.deepEqual(f.cwe, ["CWE-89"]);
    assert.deepEqual(f.location, { path: "src/db.js", startLine: 12, startColumn: 5, endLine: 12, endColumn: 9 });
    assert.equal(f.fingerprintText, "primaryLocationLineHash=abc123:1");
  });

  it("takes severity from the level when no score is given, and Semgrep's `CWE-78: …` tags", () => {
    const imported = importSarif(
      log([
        {
          tool: {
            driver: {
              name: "Semgrep OSS",
              rules: [
                { id: "py.exec", defaultConfiguration: { level: "error" }, properties: { tags: ["CWE-78: OS Command Injection", "security"] } },
                { id: "py.note", defaultConfiguration: { level: "note" } },
              ],
            },
          },
          results: [
            { ruleId: "py.exec", message: { text: "exec of input" }, locations: [location("app.py")] },
            { ruleId: "py.note", level: "warning", message: { text: "hm" }, locations: [location("./app.py", 9)] },
            { ruleId: "py.note", message: { text: "accepted" }, locations: [location("app.py")], suppressions: [{ kind: "inSource" }] },
          ],
        },
      ]),
      "semgrep.sarif",
      ROOT,
    );
    assert.deepEqual(
      imported.findings.map((f) => [f.ruleId, f.severity, f.cwe, f.location.path]),
      [
        ["external/semgrep-oss/py.exec", "high", ["CWE-78"], "app.py"],
        ["external/semgrep-oss/py.note", "medium", [], "app.py"],
      ],
    );
  });

  it("never keeps a gitleaks snippet or a secret quoted in a message", () => {
    // A GitHub token with a valid checksum, built here so no token-shaped literal sits in the sources.
    const body = "Zq7wR2kP9sX4vB8nM1cT6yH3jL5dF0";
    const secret = `ghp_${body}${base62Encode(crc32(body), 6)}`;
    const imported = importSarif(
      log([
        {
          tool: { driver: { name: "gitleaks", rules: [{ id: "github-pat" }] } },
          results: [
            {
              ruleId: "github-pat",
              message: { text: `github-pat has detected secret ${secret} for file config.js.` },
              locations: [{ physicalLocation: { artifactLocation: { uri: "config.js" }, region: { startLine: 2, snippet: { text: secret } } } }],
            },
          ],
        },
      ]),
      "gitleaks.sarif",
      ROOT,
    );
    const text = JSON.stringify(imported);
    assert.ok(!text.includes(secret.slice(4)), text);
    assert.equal(imported.findings[0]?.evidence, "");
  });

  it("refuses malformed logs naming the file and the JSON path", () => {
    const bad = log([{ tool: { driver: { name: "x" } }, results: [{ ruleId: "r", level: "fatal" }] }]);
    assert.throws(
      () => importSarif(bad, "x.sarif", ROOT),
      (e: unknown) => e instanceof CustodyError && e.code === "sarif-invalid" && e.message.startsWith("x.sarif: ") && e.message.includes("$.runs[0].results[0].level"),
    );
    assert.throws(() => importSarif("[1,", "y.sarif", ROOT), /y\.sarif: not valid JSON/);
    assert.throws(() => importSarif(JSON.stringify({ version: "2.0.0", runs: [] }), "z.sarif", ROOT), /z\.sarif: .*\$\.version/);
  });

  it("counts results outside the scanned root instead of inventing paths", () => {
    const imported = importSarif(log([{ tool: { driver: { name: "t" } }, results: [{ ruleId: "r", locations: [location("file:///elsewhere/a.js")] }, { ruleId: "r" }] }]), "t", ROOT);
    assert.equal(imported.findings.length, 0);
    assert.equal(imported.unplaced, 2);
  });
});

describe("artifact paths", () => {
  it("resolve relative, based and absolute file URIs against the root", () => {
    assert.equal(artifactPath("src/a%20b.js", undefined, undefined, ROOT), "src/a b.js");
    assert.equal(artifactPath("file:///repo/src/a.js", undefined, undefined, ROOT), "src/a.js");
    assert.equal(artifactPath("a.js", "SRC", { SRC: { uri: "file:///repo/lib/" } }, ROOT), "lib/a.js");
    assert.equal(artifactPath("../a.js", undefined, undefined, ROOT), undefined);
    assert.equal(artifactPath("https://example.com/a.js", undefined, undefined, ROOT), undefined);
  });

  it("name tools in kebab case", () => {
    assert.equal(toolSlug("Snyk Open Source"), "snyk-open-source");
    assert.equal(toolSlug("CodeQL"), "codeql");
  });
});
