import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Ecosystem } from "../types.js";
import { compareSemverRange, compareVersions, isValidVersion } from "./index.js";

/** Each list is strictly ascending in the ecosystem's order. */
const ASCENDING: Readonly<Record<Ecosystem, readonly string[]>> = {
  npm: ["0.0.1", "0.9.12", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0", "2.0.0"],
  cargo: ["0.1.0", "0.2.0-pre.1", "0.2.0", "0.10.0", "1.0.0-rc.1", "1.0.0", "1.0.1"],
  go: [
    "v0.0.0-20191231235959-abcdefabcdef",
    "v0.0.0-20200101000000-123456789abc",
    "v0.1.0",
    "v1.2.3",
    "v1.2.4-0.20200101000000-abcdefabcdef",
    "v1.2.4-0.20210101000000-abcdefabcdef",
    "v1.2.4",
    "v2.0.0-rc.1",
    "v2.0.0+incompatible",
    "v2.1.0",
  ],
  pypi: ["0.9", "1.0.dev1", "1.0a1", "1.0a2.dev3", "1.0b1", "1.0rc1", "1.0", "1.0+local.1", "1.0.post1", "1.0.1", "1.1", "2.0", "1!0.1"],
  maven: [
    "1.0-alpha-1",
    "1.0-alpha-2",
    "1.0-beta-1",
    "1.0-milestone-1",
    "1.0-rc-1",
    "1.0-SNAPSHOT",
    "1.0",
    "1.0-sp1",
    "1.0-unknown",
    "1-1",
    "1.0.1",
    "1.1",
    "1.10",
    "2.0.0-beta1",
    "2.0.0",
  ],
  rubygems: ["0.9", "1.0.0.a", "1.0.0.alpha.2", "1.0.0.beta", "1.0.0.pre", "1.0.0.rc1", "1.0.0", "1.0.1", "1.1", "1.10", "2.0.0.pre.1", "2.0.0"],
  packagist: ["1.0.0-dev", "1.0.0-alpha1", "1.0.0-alpha2", "1.0.0-beta1", "1.0.0-RC1", "1.0.0-RC2", "1.0.0", "1.0.0-p1", "1.0.0-patch2", "1.0.1", "v1.1.0", "1.10.0"],
};

/** Spellings each ecosystem treats as the same release. */
const EQUAL: readonly (readonly [Ecosystem, string, string])[] = [
  ["npm", "v1.2.3", "1.2.3"],
  ["npm", "1.2.3+build.5", "1.2.3"],
  ["cargo", "1.0.0+20200101", "1.0.0"],
  ["go", "v1.2.3", "1.2.3"],
  ["go", "v2.0.0+incompatible", "v2.0.0"],
  ["pypi", "1.0", "1.0.0"],
  ["pypi", "1.0-RC1", "1.0rc1"],
  ["pypi", "1.0.post.1", "1.0post1"],
  ["maven", "1.0.0", "1"],
  ["maven", "1.0.RELEASE", "1.0"],
  ["maven", "2.0.0.Final", "2.0"],
  ["maven", "1.0-ga", "1.0"],
  ["maven", "1.0-cr1", "1.0-rc1"],
  ["maven", "1.0a1", "1.0-alpha-1"],
  ["maven", "1.0-m2", "1.0-milestone-2"],
  ["rubygems", "1.0", "1.0.0"],
  ["rubygems", "1.0.0-rc1", "1.0.0.pre.rc1"],
  ["packagist", "v1.2.3", "1.2.3"],
  ["packagist", "1.2", "1.2.0.0"],
  ["packagist", "1.0.0-stable", "1.0.0"],
];

void describe("compareVersions", () => {
  for (const [ecosystem, versions] of Object.entries(ASCENDING) as [Ecosystem, readonly string[]][]) {
    void it(`orders ${ecosystem} versions`, () => {
      for (let i = 0; i < versions.length; i++) {
        for (let j = 0; j < versions.length; j++) {
          const a = versions[i] ?? "";
          const b = versions[j] ?? "";
          const expected = Math.sign(i - j);
          assert.equal(compareVersions(ecosystem, a, b), expected, `${ecosystem}: ${a} vs ${b}`);
        }
      }
    });
  }

  void it("treats each ecosystem's alternative spellings as one release", () => {
    for (const [ecosystem, a, b] of EQUAL) {
      assert.equal(compareVersions(ecosystem, a, b), 0, `${ecosystem}: ${a} == ${b}`);
      assert.equal(compareVersions(ecosystem, b, a), 0, `${ecosystem}: ${b} == ${a}`);
    }
  });

  void it("keeps the cases people get wrong", () => {
    assert.equal(compareVersions("npm", "1.0.0-rc.1", "1.0.0"), -1);
    assert.equal(compareVersions("pypi", "1.0rc1", "1.0"), -1);
    assert.equal(compareVersions("pypi", "1.0", "1.0.post1"), -1);
    assert.equal(compareVersions("pypi", "1!0.1", "2.0"), 1);
    assert.equal(compareVersions("maven", "1.0-alpha-1", "1.0"), -1);
    assert.equal(compareVersions("maven", "1.0", "1.0-sp1"), -1);
    assert.equal(compareVersions("rubygems", "1.0.0.pre", "1.0.0"), -1);
    // Numbers compare as numbers, never as text.
    assert.equal(compareVersions("maven", "1.9", "1.10"), -1);
    assert.equal(compareVersions("rubygems", "1.9", "1.10"), -1);
    assert.equal(compareVersions("packagist", "1.9.0", "1.10.0"), -1);
  });

  void it("gives strings an ecosystem rejects a stable place instead of failing", () => {
    assert.equal(isValidVersion("pypi", "not a version"), false);
    assert.equal(isValidVersion("packagist", "dev-main"), false);
    assert.equal(isValidVersion("packagist", "2.x-dev"), false);
    assert.equal(isValidVersion("npm", "latest"), false);
    assert.equal(isValidVersion("rubygems", "1.0 beta"), false);
    assert.equal(isValidVersion("go", "v1.2.3".repeat(100)), false);
    assert.equal(compareVersions("pypi", "2004d", "2004e"), -1);
    assert.equal(compareVersions("npm", "latest", "latest"), 0);
    assert.equal(Math.sign(compareVersions("packagist", "dev-main", "dev-next")), -Math.sign(compareVersions("packagist", "dev-next", "dev-main")));
  });

  void it("uses SemVer precedence for SEMVER ranges and the ecosystem's order when a bound is not SemVer", () => {
    // PEP 440 would call these equal; SemVer does not read `1.0` at all, so the PyPI order decides.
    assert.equal(compareSemverRange("pypi", "1.0", "1.0.0"), 0);
    assert.equal(compareSemverRange("go", "v1.4.0", "1.4.0"), 0);
    assert.equal(compareSemverRange("npm", "1.0.0-rc.1", "1.0.0"), -1);
  });
});
