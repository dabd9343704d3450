// Licenses in the registry answers the dependency stage already fetches (the shapes are those of the
// public APIs: npm packuments, PyPI JSON, crates.io, RubyGems versions, Packagist p2 minified files).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Ecosystem } from "../types.js";
import { licenseForVersion, SOURCES, type ExistsResult } from "./sources.js";

async function ask(ecosystem: Ecosystem, name: string, body: unknown): Promise<ExistsResult> {
  const result = await SOURCES[ecosystem](name, () => Promise.resolve({ kind: "ok", text: JSON.stringify(body) }));
  assert.ok(result.status === "exists", JSON.stringify(result));
  return result;
}

void describe("registry licenses", () => {
  it("npm: the latest version's license, and the versions that differ (legacy objects read too)", async () => {
    const result = await ask("npm", "relicensed", {
      "dist-tags": { latest: "3.0.0" },
      time: { created: "2015-01-01T00:00:00.000Z" },
      versions: { "1.0.0": { license: { type: "GPL-2.0" } }, "2.0.0": { licenses: [{ type: "MIT" }, { type: "Apache-2.0" }] }, "3.0.0": { license: "MIT" } },
    });
    assert.equal(result.license, "MIT");
    assert.deepEqual(result.licenseByVersion, { "1.0.0": "GPL-2.0", "2.0.0": "(MIT OR Apache-2.0)" });
    assert.equal(licenseForVersion(result, "1.0.0"), "GPL-2.0");
    assert.equal(licenseForVersion(result, "3.0.0"), "MIT");
    assert.equal(licenseForVersion(result, "9.9.9"), "MIT", "an unknown version gets the latest license");
  });

  it("PyPI: the license expression, else a short license field, else the classifiers", async () => {
    const releases = { "1.0": [{ upload_time_iso_8601: "2020-01-01T00:00:00Z" }] };
    assert.equal((await ask("pypi", "a", { info: { version: "1.0", license_expression: "BSD-3-Clause" }, releases })).license, "BSD-3-Clause");
    assert.equal((await ask("pypi", "b", { info: { version: "1.0", license: "GPLv3" }, releases })).license, "GPLv3");
    const classified = await ask("pypi", "c", {
      info: { version: "1.0", license: "Copyright (c) 2020\n\nPermission is hereby granted…", classifiers: ["License :: OSI Approved :: GNU Affero General Public License v3"] },
      releases,
    });
    assert.equal(classified.license, "AGPL-3.0-only");
  });

  it("crates.io, RubyGems and Packagist: per version, Packagist's minified releases expanded", async () => {
    const crate = await ask("cargo", "serde-like", {
      crate: { created_at: "2016-01-01T00:00:00Z", max_stable_version: "1.1.0" },
      versions: [
        { num: "1.1.0", license: "MIT OR Apache-2.0" },
        { num: "0.9.0", license: "MIT" },
      ],
    });
    assert.equal(licenseForVersion(crate, "0.9.0"), "MIT");
    assert.equal(licenseForVersion(crate, "1.1.0"), "MIT OR Apache-2.0");
    const gem = await ask("rubygems", "gemmy", [
      { number: "2.0.0", created_at: "2021-01-01T00:00:00Z", licenses: ["MIT", "Ruby"] },
      { number: "1.0.0", created_at: "2019-01-01T00:00:00Z", licenses: null },
    ]);
    assert.equal(licenseForVersion(gem, "2.0.0"), "(MIT OR Ruby)");
    assert.equal(licenseForVersion(gem, "1.0.0"), undefined, "a version that states no license has none");
    const composer = await ask("packagist", "acme/lib", {
      minified: "composer/2.0",
      packages: {
        "acme/lib": [
          { name: "acme/lib", version: "2.0.0", time: "2022-01-01T00:00:00+00:00", license: ["GPL-3.0-or-later"] },
          { version: "1.1.0", time: "2021-01-01T00:00:00+00:00" },
          { version: "1.0.0", time: "2020-01-01T00:00:00+00:00", license: ["MIT", "GPL-2.0-only"] },
        ],
      },
    });
    assert.equal(licenseForVersion(composer, "1.1.0"), "GPL-3.0-or-later", "an omitted field repeats the release before it");
    assert.equal(licenseForVersion(composer, "1.0.0"), "(MIT OR GPL-2.0-only)");
  });
});
