import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { listFixtureFiles } from "../tester.js";
import type { AnalyzerFinding } from "../types.js";
import { readRuleBundle, writeRuleBundle } from "./bundle.js";
import { scanFile } from "./engine.js";
import { loadRulePack, SHIPPED_RULES_DIR } from "./loader.js";
import { scanTextFile } from "./text.js";

const dir = mkdtempSync(join(tmpdir(), "custody-sast-bundle-"));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const FIXTURES = new URL("./fixtures/", import.meta.url);

void describe("the precompiled rule bundle", () => {
  const file = pathToFileURL(join(dir, "rules.bundle.json"));
  const count = writeRuleBundle(SHIPPED_RULES_DIR, file, "9.9.9");
  const bundled = readRuleBundle(file, "9.9.9");
  const yaml = loadRulePack(SHIPPED_RULES_DIR, { compile: false });

  void it("holds every shipped rule, in the same order and with the same configuration", () => {
    assert.ok(bundled);
    assert.equal(count, yaml.all.length);
    assert.deepEqual(bundled.all.map((r) => r.meta.id), yaml.all.map((r) => r.meta.id));
    assert.deepEqual(bundled.astGrep.map((r) => r.config), yaml.astGrep.map((r) => r.config));
    assert.deepEqual(bundled.text.map((r) => [r.regex.source, r.regex.flags, r.notRegex?.source, r.reads("config/production.yaml")]),
      yaml.text.map((r) => [r.regex.source, r.regex.flags, r.notRegex?.source, r.reads("config/production.yaml")]));
  });

  void it("finds exactly what the rules loaded from YAML find, on every fixture", () => {
    assert.ok(bundled);
    const root = FIXTURES.pathname;
    let findings = 0;
    for (const full of listFixtureFiles(root)) {
      const path = relative(root, full).split(sep).join("/");
      const source = { path, text: readFileSync(full, "utf8") };
      const fromBundle: AnalyzerFinding[] = [...scanFile(bundled.astGrep, source), ...scanTextFile(bundled.text, source)];
      const fromYaml: AnalyzerFinding[] = [...scanFile(yaml.astGrep, source), ...scanTextFile(yaml.text, source)];
      assert.deepEqual(fromBundle, fromYaml, path);
      findings += fromYaml.length;
    }
    assert.ok(findings > 500, `only ${findings} findings on the fixtures`);
  });

  void it("is ignored when another version wrote it or it is damaged, so the YAML files are read instead", () => {
    assert.equal(readRuleBundle(file, "1.0.0"), undefined);
    const damaged = pathToFileURL(join(dir, "damaged.json"));
    writeFileSync(damaged, "{ not json");
    assert.equal(readRuleBundle(damaged, "9.9.9"), undefined);
    assert.equal(readRuleBundle(pathToFileURL(join(dir, "absent.json")), "9.9.9"), undefined);
  });
});
