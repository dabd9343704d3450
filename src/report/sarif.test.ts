import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { it } from "node:test";
import AjvDraft04 from "ajv-draft-04";
import { ruleById } from "../analyzers/registry.js";
import type { Finding } from "../core/types.js";
import { toSarif } from "./sarif.js";

// The SARIF 2.1.0 JSON schema as published by the SARIF technical committee, shipped in an npm package.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
// CommonJS with `exports.default`: under NodeNext the class is the default import's `default`.
const Ajv = AjvDraft04.default;
const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(JSON.parse(readFileSync(schemaPath, "utf8")) as object);

const finding = (ruleId: string, path: string): Finding => ({
  ruleId,
  analyzer: ruleId.startsWith("secrets/") ? "secrets" : "sast",
  severity: "critical",
  cwe: ["CWE-89"],
  message: "m",
  location: { path, startLine: 3, startColumn: 5, endLine: 3, endColumn: 20 },
  fingerprint: "0123456789abcdef0123456789abcdef",
  aiAttributed: true,
  evidence: "AKIA… (sha256:00000000)",
});

it("SARIF output validates against the SARIF 2.1.0 schema, with and without results", () => {
  for (const findings of [[], [finding("sast/js-sql-injection", "src/a b/ünï.ts"), finding("external/unknown-rule", "x.py")]]) {
    const log = toSarif(findings, ruleById);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  }
});

it("URIs are relative and percent-encoded, rules carry the CWE tags", () => {
  const log = toSarif([finding("sast/js-sql-injection", "src/a b/ünï.ts")], ruleById) as {
    runs: { tool: { driver: { rules: { properties: { tags: string[] } }[] } }; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
  };
  const run = log.runs[0];
  assert.ok(run);
  assert.equal(run.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri, "src/a%20b/%C3%BCn%C3%AF.ts");
  assert.deepEqual(run.tool.driver.rules[0]?.properties.tags, ["security", "sast", "external/cwe/cwe-89"]);
});
