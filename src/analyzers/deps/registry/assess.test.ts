import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Ecosystem } from "../types.js";
import { buildPopularIndex, loadPopularIndex } from "../typosquat/popular.js";
import { assessPackage } from "./assess.js";
import { createRegistryClient } from "./client.js";
import type { RegistryClient } from "./client.js";
import type { RegistryResult } from "./sources.js";

const NOW = new Date("2026-06-15T12:00:00Z");

/** A registry that answers from a table and records what it was asked. */
function stubRegistry(answers: Record<string, RegistryResult>): RegistryClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    offline: false,
    asked,
    diagnostics: [],
    lookup(ecosystem: Ecosystem, name: string) {
      asked.push(`${ecosystem}:${name}`);
      return Promise.resolve(answers[`${ecosystem}:${name}`] ?? { status: "unknown", reason: "not in the stub" });
    },
    save: () => Promise.resolve(),
  };
}

const OLD: RegistryResult = { status: "exists", firstPublished: "2015-01-01T00:00:00.000Z", latestVersion: "1.0.0" };

describe("assessPackage", () => {
  it("does not look up a popular package and reports nothing", async () => {
    const registry = stubRegistry({});
    const result = await assessPackage("npm", "lodash", { registry, popular: loadPopularIndex("npm"), now: NOW });
    assert.deepEqual(result, { ecosystem: "npm", name: "lodash", risks: [] });
    assert.deepEqual(registry.asked, []);
  });

  it("reports a name the registry does not know as a probable hallucination", async () => {
    const registry = stubRegistry({ "pypi:fastapi-auth-helperz": { status: "missing" } });
    const result = await assessPackage("pypi", "fastapi-auth-helperz", { registry, popular: loadPopularIndex("pypi"), now: NOW });
    assert.equal(result.risks.length, 1);
    const [risk] = result.risks;
    assert.equal(risk?.kind, "hallucinated");
    assert.equal(risk.severity, "high");
    assert.match(risk.message, /does not exist on PyPI: probably a hallucinated package name/);
    assert.match(risk.message, /slopsquatting/);
  });

  it("suggests the popular package a missing name resembles", async () => {
    const registry = stubRegistry({ "npm:lodahs": { status: "missing" } });
    const result = await assessPackage("npm", "lodahs", { registry, popular: loadPopularIndex("npm"), now: NOW });
    const [risk] = result.risks;
    assert.ok(risk);
    assert.equal(risk.kind, "hallucinated");
    assert.match(risk.message, /Did you mean "lodash"\?/);
    assert.equal(risk.typosquat?.target, "lodash");
  });

  it("reports an existing typosquat: high for a misspelling, medium for an added word", async () => {
    const registry = stubRegistry({ "npm:loadsh": OLD, "npm:lodash-secure": OLD });
    const popular = loadPopularIndex("npm");
    const misspelt = await assessPackage("npm", "loadsh", { registry, popular, now: NOW });
    assert.deepEqual(
      misspelt.risks.map((r) => [r.kind, r.severity]),
      [["typosquat", "high"]],
    );
    assert.match(misspelt.risks[0]?.message ?? "", /imitates the popular package "lodash" \(two letters swapped\)/);
    const combo = await assessPackage("npm", "lodash-secure", { registry, popular, now: NOW });
    assert.deepEqual(
      combo.risks.map((r) => [r.kind, r.severity]),
      [["typosquat", "medium"]],
    );
  });

  it("reports a package first published less than 30 days ago as a possible slopsquat", async () => {
    const registry = stubRegistry({ "cargo:tokio-retry-utils": { status: "exists", firstPublished: "2026-06-12T08:00:00.000Z" } });
    const result = await assessPackage("cargo", "tokio-retry-utils", { registry, popular: loadPopularIndex("cargo"), now: NOW });
    assert.equal(result.risks.length, 1);
    const [risk] = result.risks;
    assert.ok(risk);
    assert.equal(risk.kind, "very-new");
    assert.equal(risk.severity, "medium");
    assert.match(risk.message, /first published on 2026-06-12, 3 days ago: possible slopsquat/);
  });

  it("reports nothing for an established package that is not on the popular list", async () => {
    const registry = stubRegistry({ "rubygems:kramdown-parser-gfm": OLD });
    const result = await assessPackage("rubygems", "kramdown-parser-gfm", { registry, popular: loadPopularIndex("rubygems"), now: NOW });
    assert.deepEqual(result.risks, []);
    assert.equal(result.registry?.status, "exists");
  });

  it("treats an unknown first publication as possibly new, unless a version is known to be old", async () => {
    const popular = loadPopularIndex("maven");
    const registry = stubRegistry({
      "maven:io.example:brand-new": { status: "exists", latestVersion: "0.1.0" },
      "maven:io.example:recent": { status: "exists", latestVersion: "0.2.0", publishedBefore: "2026-06-01T00:00:00.000Z" },
      "maven:io.example:old": { status: "exists", latestVersion: "3.0.0", publishedBefore: "2021-01-01T00:00:00.000Z" },
    });
    const unknown = await assessPackage("maven", "io.example:brand-new", { registry, popular, now: NOW });
    const [risk] = unknown.risks;
    assert.ok(risk);
    assert.equal(risk.kind, "very-new");
    assert.match(risk.message, /Maven Central does not say when .* possible slopsquat/);
    const recent = await assessPackage("maven", "io.example:recent", { registry, popular, now: NOW });
    assert.equal(recent.risks[0]?.kind, "very-new");
    const old = await assessPackage("maven", "io.example:old", { registry, popular, now: NOW });
    assert.deepEqual(old.risks, []);
  });

  it("reports a new typosquat as both", async () => {
    const registry = stubRegistry({ "npm:expresss": { status: "exists", firstPublished: "2026-06-14T00:00:00.000Z" } });
    const result = await assessPackage("npm", "expresss", { registry, popular: loadPopularIndex("npm"), now: NOW });
    assert.deepEqual(
      result.risks.map((r) => r.kind),
      ["typosquat", "very-new"],
    );
  });

  it("says so when the registry could not be asked, and still applies the typosquat check", async () => {
    const registry = createRegistryClient({ offline: true });
    const popular = buildPopularIndex("pypi", ["requests", "numpy"]);
    const unknownName = await assessPackage("pypi", "totally-unheard-of", { registry, popular, now: NOW });
    assert.deepEqual(unknownName.registry, { status: "unknown", reason: "offline: PyPI was not asked" });
    assert.deepEqual(unknownName.risks, []);
    const squat = await assessPackage("pypi", "reqeusts", { registry, popular, now: NOW });
    assert.equal(squat.registry?.status, "unknown");
    assert.deepEqual(
      squat.risks.map((r) => r.kind),
      ["typosquat"],
    );
  });
});
