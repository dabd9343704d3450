import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultPolicy, parsePolicy, policyDigest } from "./loader.js";

const parse = (section: string) => parsePolicy(`version: 1\nlicenses:\n${section}\n`, "policy.yaml");

void describe("licenses: in the policy", () => {
  it("reads every field; absent fields stay absent so the analyzer's defaults apply", () => {
    const policy = parse(
      [
        "  allow: [MIT, Apache-2.0, 'BSD-*']",
        "  deny: ['GPL-* WITH *', AGPL-3.0-or-later]",
        "  unknown: review",
        "  denied: block",
        "  dev: true",
        "  exceptions:",
        "    - package: 'npm:@acme/*'",
        "      reason: our own packages",
      ].join("\n"),
    );
    assert.deepEqual(policy.licenses, {
      allow: ["MIT", "Apache-2.0", "BSD-*"],
      deny: ["GPL-* WITH *", "AGPL-3.0-or-later"],
      unknown: "review",
      denied: "block",
      dev: true,
      exceptions: [{ package: "npm:@acme/*", reason: "our own packages" }],
    });
    assert.deepEqual(parse("  unknown: allow").licenses, { unknown: "allow", exceptions: [] });
    assert.equal(defaultPolicy().licenses, undefined);
  });

  it("names the line and what is wrong with a license entry", () => {
    const error = (section: string): string => {
      try {
        parse(section);
        return "";
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    };
    assert.match(error("  deny: [MIT, 'Apache 2']"), /^policy\.yaml:3:\d+: licenses\.deny\[1\]: "Apache 2" is not an SPDX license id/);
    assert.match(error("  allow: ['MIT OR ISC']"), /licenses\.allow\[0\]: "MIT OR ISC" is an expression; list each license/);
    assert.match(error("  unknown: ignore"), /licenses\.unknown/);
    assert.match(error("  exceptions:\n    - package: npm:left-pad"), /licenses\.exceptions\[0\]\.reason/);
  });

  it("changes the policy digest, as it changes decisions", () => {
    assert.notEqual(policyDigest(parse("  deny: []")), policyDigest(defaultPolicy()));
  });
});
