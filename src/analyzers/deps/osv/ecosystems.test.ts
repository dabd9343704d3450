import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fromOsvEcosystem, normalizePackageName, OSV_ECOSYSTEM_NAMES } from "./ecosystems.js";

void describe("OSV ecosystems", () => {
  void it("maps the seven OSV ecosystem names to Custody's and back", () => {
    for (const [custody, osv] of Object.entries(OSV_ECOSYSTEM_NAMES)) assert.equal(fromOsvEcosystem(osv), custody);
    assert.equal(fromOsvEcosystem("crates.io"), "cargo");
    assert.equal(fromOsvEcosystem("PyPI"), "pypi");
  });

  void it("accepts a repository suffix only where the schema defines one", () => {
    assert.equal(fromOsvEcosystem("Maven:https://maven.google.com"), "maven");
    assert.equal(fromOsvEcosystem("Packagist:https://packages.drupal.org/8"), "packagist");
    assert.equal(fromOsvEcosystem("npm:https://registry.example.com"), undefined);
  });

  void it("leaves other ecosystems and misspellings out", () => {
    for (const name of ["Debian:12", "NuGet", "pypi", "Crates.io", "GIT", "", "toString", "__proto__"]) {
      assert.equal(fromOsvEcosystem(name), undefined, name);
    }
  });

  void it("normalises PyPI names per PEP 503, lower-cases Composer names and keeps the others as written", () => {
    assert.equal(normalizePackageName("packagist", "GuzzleHttp/Guzzle"), "guzzlehttp/guzzle");
    assert.equal(normalizePackageName("pypi", "Jinja2"), "jinja2");
    assert.equal(normalizePackageName("pypi", "zope.interface"), "zope-interface");
    assert.equal(normalizePackageName("pypi", "Typing__Extensions"), "typing-extensions");
    assert.equal(normalizePackageName("npm", "@Scope/Pkg"), "@Scope/Pkg");
    assert.equal(normalizePackageName("maven", "org.apache.logging.log4j:log4j-core"), "org.apache.logging.log4j:log4j-core");
    assert.equal(normalizePackageName("go", "github.com/Masterminds/semver"), "github.com/Masterminds/semver");
  });
});
