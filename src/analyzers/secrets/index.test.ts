import assert from "node:assert/strict";
import { test } from "node:test";
import { secretsAnalyzer } from "./index.js";

const ghp = "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";
const npm = "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";
const text = ["# config", `GH=${ghp}`, "", "", `NPM=${npm}`, ""].join("\n");

await test("without addedLines every secret in the file is reported, sorted by position", () => {
  const findings = secretsAnalyzer.analyzeFile({ path: "config.env", text });
  assert.deepEqual(
    findings.map((f) => [f.ruleId, f.location.startLine]),
    [
      ["secrets/github-token", 2],
      ["secrets/npm-token", 5],
    ],
  );
});

await test("with addedLines only secrets on added lines are reported", () => {
  const findings = secretsAnalyzer.analyzeFile({ path: "config.env", text, addedLines: [{ start: 4, end: 5 }] });
  assert.deepEqual(findings.map((f) => f.ruleId), ["secrets/npm-token"]);
  assert.deepEqual(secretsAnalyzer.analyzeFile({ path: "config.env", text, addedLines: [{ start: 3, end: 4 }] }), []);
});

await test("a private key is reported when any of its lines is added", () => {
  const body = Buffer.concat([Buffer.from([0x30, 0x2e]), Buffer.alloc(46, 1)]).toString("base64");
  const key = ["-----BEGIN PRIVATE KEY-----", body, "-----END PRIVATE KEY-----"].join("\n");
  const findings = secretsAnalyzer.analyzeFile({ path: "k.pem", text: key, addedLines: [{ start: 2, end: 2 }] });
  assert.deepEqual(findings.map((f) => [f.ruleId, f.location.startLine, f.location.endLine]), [["secrets/private-key", 1, 3]]);
});

await test("findings carry masked evidence, a hash fingerprint and a message without the secret", () => {
  const [finding] = secretsAnalyzer.analyzeFile({ path: "config.env", text });
  assert.ok(finding);
  assert.equal(finding.location.path, "config.env");
  assert.match(finding.evidence, /^ghp_… \(sha256:[0-9a-f]{8}\)$/);
  assert.match(finding.fingerprintText, /^[0-9a-f]{64}$/);
  assert.ok(finding.evidence.endsWith(`${finding.fingerprintText.slice(0, 8)})`));
  assert.ok(!finding.message.includes(ghp.slice(4)));
  assert.deepEqual(finding.cwe, ["CWE-798"]);
});

await test("analyzer metadata: offline, every path, rules with ids, CWE, OWASP and help", () => {
  assert.equal(secretsAnalyzer.id, "secrets");
  assert.equal(secretsAnalyzer.needsNetwork, false);
  assert.equal(secretsAnalyzer.appliesTo("deep/dir/anything.min.js"), true);
  const rules = secretsAnalyzer.rules();
  assert.ok(rules.length >= 12);
  for (const r of rules) {
    assert.ok(r.id.startsWith("secrets/"));
    assert.ok(r.cwe.length > 0 && r.owasp.length > 0 && r.help.length > 0, r.id);
  }
});
