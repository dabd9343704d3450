import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Ecosystem } from "../types.js";
import { isAffected } from "./index.js";
import type { AffectedVersions, OsvEvent } from "./index.js";

const semver = (...events: OsvEvent[]): AffectedVersions => ({ ranges: [{ type: "SEMVER", events }] });
const ecosystem = (...events: OsvEvent[]): AffectedVersions => ({ ranges: [{ type: "ECOSYSTEM", events }] });

function affectedVersions(eco: Ecosystem, affected: AffectedVersions, candidates: readonly string[]): string[] {
  return candidates.filter((version) => isAffected(eco, version, affected));
}

void describe("isAffected", () => {
  void it("treats introduced 0 as the start of time and fixed as exclusive", () => {
    const range = semver({ introduced: "0" }, { fixed: "1.0.2" });
    assert.deepEqual(affectedVersions("npm", range, ["0.0.1", "1.0.0-rc.1", "1.0.1", "1.0.2-beta.1", "1.0.2", "1.0.3", "2.0.0"]), [
      "0.0.1",
      "1.0.0-rc.1",
      "1.0.1",
      "1.0.2-beta.1",
    ]);
  });

  void it("affects every version when nothing was ever fixed", () => {
    assert.deepEqual(affectedVersions("cargo", semver({ introduced: "0" }), ["0.0.0", "1.0.0", "99.0.0"]), ["0.0.0", "1.0.0", "99.0.0"]);
  });

  void it("evaluates several introduced/fixed pairs, whatever order the database wrote them in", () => {
    const range = semver({ introduced: "3.0.0" }, { fixed: "3.2.5" }, { introduced: "1.0.0" }, { fixed: "1.0.2" });
    assert.deepEqual(affectedVersions("npm", range, ["0.9.0", "1.0.0", "1.0.1", "1.0.2", "2.5.0", "3.0.0", "3.2.4", "3.2.5", "4.0.0"]), [
      "1.0.0",
      "1.0.1",
      "3.0.0",
      "3.2.4",
    ]);
  });

  void it("includes last_affected itself and nothing above it", () => {
    const range = ecosystem({ introduced: "2.0" }, { last_affected: "2.1.214" });
    assert.deepEqual(affectedVersions("maven", range, ["1.9", "2.0", "2.0.0", "2.1.214", "2.1.214.1", "2.1.215"]), [
      "2.0",
      "2.0.0",
      "2.1.214",
    ]);
  });

  void it("cuts a range off at its limit", () => {
    const range = semver({ introduced: "1.0.0" }, { limit: "1.5.0" });
    assert.deepEqual(affectedVersions("npm", range, ["0.5.0", "1.0.0", "1.4.9", "1.5.0", "2.0.0"]), ["1.0.0", "1.4.9"]);
    const open = semver({ introduced: "1.0.0" }, { limit: "*" });
    assert.deepEqual(affectedVersions("npm", open, ["0.5.0", "1.0.0", "9.0.0"]), ["1.0.0", "9.0.0"]);
    const twoLimits = semver({ introduced: "1.0.0" }, { limit: "1.2.0" }, { limit: "1.8.0" });
    assert.deepEqual(affectedVersions("npm", twoLimits, ["1.1.0", "1.5.0", "1.9.0"]), ["1.1.0", "1.5.0"]);
  });

  void it("matches the explicit versions list, in the ecosystem's spelling", () => {
    const listed: AffectedVersions = { versions: ["1.2.3", "1.2.4"] };
    assert.deepEqual(affectedVersions("npm", listed, ["1.2.2", "1.2.3", "1.2.4", "1.2.5"]), ["1.2.3", "1.2.4"]);
    assert.equal(isAffected("maven", "1.0.0", { versions: ["1.0"] }), true);
    assert.equal(isAffected("pypi", "2004d", { versions: ["2004d"] }), true);
    assert.equal(isAffected("pypi", "2004e", { versions: ["2004d"] }), false);
  });

  void it("uses the ecosystem's order in ECOSYSTEM ranges", () => {
    const pypi = ecosystem({ introduced: "0" }, { fixed: "2.0" });
    assert.deepEqual(affectedVersions("pypi", pypi, ["1.9", "2.0rc1", "2.0", "2.0.post1", "1!1.0"]), ["1.9", "2.0rc1"]);
    const gems = ecosystem({ introduced: "5.0.0" }, { fixed: "5.2.4.3" });
    assert.deepEqual(affectedVersions("rubygems", gems, ["4.2.11", "5.0.0.beta1", "5.0.0", "5.2.4.2", "5.2.4.3", "6.0.0"]), ["5.0.0", "5.2.4.2"]);
    const composer = ecosystem({ introduced: "4.0.0" }, { fixed: "4.4.1" });
    assert.deepEqual(affectedVersions("packagist", composer, ["v3.4.0", "v4.0.0", "4.4.1-RC1", "v4.4.1"]), ["v4.0.0", "4.4.1-RC1"]);
  });

  void it("reads Go releases, pseudo-versions and +incompatible against bounds written without the v", () => {
    const range = semver({ introduced: "0" }, { fixed: "1.2.4" });
    assert.deepEqual(
      affectedVersions("go", range, ["v0.0.0-20200101000000-abcdefabcdef", "v1.2.3", "v1.2.4-0.20200101000000-abcdefabcdef", "v1.2.4", "v1.3.0"]),
      ["v0.0.0-20200101000000-abcdefabcdef", "v1.2.3", "v1.2.4-0.20200101000000-abcdefabcdef"],
    );
    const incompatible = semver({ introduced: "2.0.0" }, { fixed: "2.5.0" });
    assert.equal(isAffected("go", "v2.3.0+incompatible", incompatible), true);
  });

  void it("ignores GIT ranges and does not place an unreadable version inside a range", () => {
    const git: AffectedVersions = { ranges: [{ type: "GIT", events: [{ introduced: "0" }, { fixed: "a".repeat(40) }] }] };
    assert.equal(isAffected("npm", "1.0.0", git), false);
    assert.equal(isAffected("pypi", "not-a-version", ecosystem({ introduced: "0" })), false);
    assert.equal(isAffected("packagist", "dev-main", ecosystem({ introduced: "0" }, { fixed: "2.0.0" })), false);
  });

  void it("is affected when any one range covers the version", () => {
    const affected: AffectedVersions = {
      ranges: [
        { type: "ECOSYSTEM", events: [{ introduced: "1.0" }, { fixed: "1.1" }] },
        { type: "ECOSYSTEM", events: [{ introduced: "2.0" }, { fixed: "2.1" }] },
      ],
    };
    assert.deepEqual(affectedVersions("pypi", affected, ["0.9", "1.0.5", "1.5", "2.0.1", "2.1"]), ["1.0.5", "2.0.1"]);
  });
});
