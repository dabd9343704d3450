import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LicensePolicy } from "../../policy/schema-licenses.js";
import type { Dependency } from "../deps/types.js";
import { checkDependencyLicenses } from "./dependencies.js";
import { effectiveLicensePolicy } from "./evaluate.js";

function dep(name: string, fields: Partial<Dependency> = {}): Dependency {
  const version = "version" in fields ? fields.version : "1.0.0";
  return {
    ecosystem: "npm",
    name,
    source: "registry",
    purl: `pkg:npm/${name}${version === undefined ? "" : `@${version}`}`,
    path: "package-lock.json",
    line: 10,
    ...fields,
    ...(version === undefined ? {} : { version }),
  };
}

const TEXTS = new Map([["package-lock.json", `${"\n".repeat(9)}    "node_modules/x": {\n`]]);

function check(dependencies: Dependency[], policy?: Partial<LicensePolicy>) {
  return checkDependencyLicenses(dependencies, TEXTS, effectiveLicensePolicy(policy ? { exceptions: [], ...policy } : undefined));
}

void describe("dependency licenses", () => {
  it("reports a denied license at the declaring line, with the entry that denied it", () => {
    const { findings, summary } = check([dep("copyleft", { license: "GPL-3.0" })]);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.ok(f);
    assert.equal(f.ruleId, "license/denied-dependency-license");
    assert.equal(f.analyzer, "license");
    assert.deepEqual([f.location.startLine, f.location.startColumn], [10, 5]);
    assert.equal(f.evidence, "npm:copyleft@1.0.0 GPL-3.0-only");
    assert.match(f.message, /Set licenses: in \.custody\/policy\.yaml/);
    assert.equal(summary.checked, 1);
  });

  it("`licenses.denied: block` makes a denied license critical; unknown handling sets the unknown rule's severity", () => {
    assert.equal(check([dep("a", { license: "AGPL-3.0-only" })], { denied: "block" }).findings[0]?.severity, "critical");
    const unknown = (handling: LicensePolicy["unknown"]) => check([dep("b", { license: "Public Domain" })], { unknown: handling }).findings.map((f) => f.severity);
    assert.deepEqual(unknown("warn"), ["low"]);
    assert.deepEqual(unknown("review"), ["high"]);
    assert.deepEqual(unknown("block"), ["critical"]);
    assert.deepEqual(unknown("allow"), []);
    const [custom] = check([dep("c", { license: "LicenseRef-Acme" })]).findings;
    assert.ok(custom);
    assert.equal(custom.ruleId, "license/unknown-dependency-license");
    assert.match(custom.message, /LicenseRef-Acme is not a license Custody can judge/);
  });

  it("exceptions accept a package by name, purl or glob, and are listed with their reason", () => {
    const deps = [dep("gpl-a", { license: "GPL-2.0-only" }), dep("gpl-b", { license: "GPL-2.0-only" }), dep("@acme/gpl-c", { license: "GPL-2.0-only" })];
    const { findings, summary } = check(deps, {
      exceptions: [
        { package: "npm:gpl-a", reason: "approved" },
        { package: "pkg:npm/gpl-b@1.0.0", reason: "approved too" },
        { package: "npm:@acme/*", reason: "our own" },
      ],
    });
    assert.deepEqual(findings, []);
    assert.deepEqual(summary.excepted.map((e) => `${e.package}: ${e.reason}`), ["npm:gpl-a@1.0.0: approved", "npm:gpl-b@1.0.0: approved too", "npm:@acme/gpl-c@1.0.0: our own"]);
  });

  it("skips dev-only dependencies unless licenses.dev is set, and the project's own packages always", () => {
    const deps = [dep("tool", { license: "GPL-3.0-only", dev: true }), dep("local", { license: "GPL-3.0-only", source: "workspace" })];
    const skipped = check(deps);
    assert.deepEqual([skipped.findings.length, skipped.summary.devSkipped], [0, 1]);
    assert.equal(check(deps, { dev: true }).findings.length, 1);
  });

  it("takes the license from the lockfile entry, the registry, or another declaration; counts the rest as undetermined", () => {
    const manifest = dep("lib", { version: undefined, requirement: "^1.0.0", path: "package.json", line: 3 });
    const locked = dep("lib", { license: "GPL-2.0-only" });
    const { findings } = check([manifest, locked]);
    assert.deepEqual(findings.map((f) => f.location.path), ["package-lock.json"], "the manifest entry is not judged apart from its pinned version");
    const registry = check([dep("remote", { registryLicense: "AGPL-3.0-only" })]).findings;
    assert.match(registry[0]?.message ?? "", /\(as its registry states\)/);
    const { summary } = check([dep("silent"), dep("silent-too", { version: "2.0.0" })]);
    assert.equal(summary.undetermined, 2);
    assert.deepEqual(summary.undeterminedPackages, ["npm:silent@1.0.0", "npm:silent-too@2.0.0"]);
  });
});
