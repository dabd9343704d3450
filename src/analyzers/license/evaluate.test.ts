// The expression-evaluation table: what a licensee may choose (OR), must honour (AND), what an
// exception (WITH) and a range (+, -or-later) change, and how unknown and misspelt licenses come out.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LicensePolicy } from "../../policy/schema-licenses.js";
import { DEFAULT_DENY_ORIGIN, effectiveLicensePolicy, evaluateLicense } from "./evaluate.js";
import { normalizeLicense } from "./spdx.js";

function verdict(declared: string, policy?: Partial<LicensePolicy>): string {
  const normalized = normalizeLicense(declared);
  if (!normalized.ok) return "unreadable";
  const result = evaluateLicense(normalized.tree, effectiveLicensePolicy(policy ? { exceptions: [], ...policy } : undefined));
  if (result.verdict === "denied") return `denied: ${result.denials.map((d) => `${d.license} by ${d.entry ?? d.origin}`).join("; ")}`;
  if (result.verdict === "unknown") return `unknown: ${result.unknown.join(", ")}`;
  return "allowed";
}

void describe("license evaluation with the default policy", () => {
  const table: [string, string][] = [
    ["MIT", "allowed"],
    ["Apache-2.0", "allowed"],
    ["LGPL-2.1-only", "allowed"],
    ["MPL-2.0", "allowed"],
    ["GPL-3.0-only", "denied: GPL-3.0-only by GPL-*"],
    ["GPL-3.0", "denied: GPL-3.0-only by GPL-*"],
    ["GPLv3", "denied: GPL-3.0-or-later by GPL-*"],
    ["AGPL-3.0-or-later", "denied: AGPL-3.0-or-later by AGPL-*"],
    ["SSPL-1.0", "denied: SSPL-1.0 by SSPL-1.0"],
    ["CC-BY-NC-4.0", "denied: CC-BY-NC-4.0 by CC-BY-NC-*"],
    ["GPL-2.0+", "denied: GPL-2.0-or-later by GPL-*"],
    // A choice: the licensee takes MIT.
    ["MIT OR GPL-3.0-only", "allowed"],
    ["GPL-3.0-only OR MIT", "allowed"],
    // Both must be honoured.
    ["MIT AND GPL-3.0-only", "denied: GPL-3.0-only by GPL-*"],
    ["GPL-3.0-only OR AGPL-3.0-only", "denied: GPL-3.0-only by GPL-*; AGPL-3.0-only by AGPL-*"],
    ["(MIT OR GPL-2.0-only) AND Apache-2.0", "allowed"],
    // An exception adds permissions: the default denies GPL, not GPL with a linking exception.
    ["GPL-2.0-only WITH Classpath-exception-2.0", "allowed"],
    ["GPL-3.0-or-later WITH GCC-exception-3.1", "allowed"],
    // Licenses Custody cannot identify.
    ["LicenseRef-Acme-Proprietary", "unknown: LicenseRef-Acme-Proprietary"],
    ["MIT OR LicenseRef-Acme", "allowed"],
    ["MIT AND LicenseRef-Acme", "unknown: LicenseRef-Acme"],
    ["GPL-3.0-only OR LicenseRef-Acme", "unknown: LicenseRef-Acme"],
    ["Public Domain", "unreadable"],
  ];
  for (const [expression, expected] of table) {
    void it(`${expression} → ${expected}`, () => {
      assert.equal(verdict(expression), expected);
    });
  }

  void it("says the default list denied it", () => {
    const normalized = normalizeLicense("GPL-2.0-only");
    assert.ok(normalized.ok);
    const result = evaluateLicense(normalized.tree, effectiveLicensePolicy(undefined));
    assert.ok(result.verdict === "denied");
    assert.equal(result.denials[0]?.origin, DEFAULT_DENY_ORIGIN);
  });
});

void describe("license evaluation with a policy", () => {
  void it("an allow list admits only what it lists; deny wins over allow", () => {
    const policy = { allow: ["MIT", "Apache-2.0", "BSD-*"], deny: ["BSD-4-Clause"] };
    assert.equal(verdict("MIT", policy), "allowed");
    assert.equal(verdict("BSD-3-Clause", policy), "allowed");
    assert.equal(verdict("BSD-4-Clause", policy), "denied: BSD-4-Clause by BSD-4-Clause");
    assert.equal(verdict("ISC", policy), "denied: ISC by licenses.allow (not listed)");
    assert.equal(verdict("ISC OR MIT", policy), "allowed");
    assert.equal(verdict("Apache 2", policy), "allowed", "a misspelt declaration is read before it is judged");
    assert.equal(verdict("LicenseRef-Acme", policy), "unknown: LicenseRef-Acme");
    assert.equal(verdict("LicenseRef-Acme", { allow: ["LicenseRef-Acme"] }), "allowed");
  });

  void it("ranges: an allowed version range admits later versions, and a denied range denies them", () => {
    assert.equal(verdict("GPL-3.0-only", { allow: ["GPL-2.0+"], deny: [] }), "allowed");
    assert.equal(verdict("GPL-3.0-only", { deny: ["GPL-2.0+"] }), "denied: GPL-3.0-only by GPL-2.0+");
    assert.equal(verdict("Apache-2.0", { allow: ["Apache-1.1+"], deny: [] }), "allowed");
    assert.equal(verdict("LGPL-2.1-only", { deny: ["GPL-2.0+"] }), "allowed", "LGPL is not in the GPL range");
  });

  void it("exceptions: an allowed license stays allowed with any; a denied one is denied with one only when named", () => {
    assert.equal(verdict("GPL-2.0-only WITH Classpath-exception-2.0", { allow: ["GPL-2.0-only"], deny: [] }), "allowed");
    assert.equal(verdict("GPL-2.0-only WITH Classpath-exception-2.0", { deny: ["GPL-* WITH *"] }), "denied: GPL-2.0-only WITH Classpath-exception-2.0 by GPL-* WITH *");
    assert.equal(verdict("GPL-2.0-only WITH Classpath-exception-2.0", { deny: ["GPL-2.0-only WITH Classpath-exception-2.0"] }).startsWith("denied"), true);
    assert.equal(verdict("GPL-2.0-only WITH Bison-exception-2.2", { deny: ["GPL-2.0-only WITH Classpath-exception-2.0"] }), "allowed");
  });

  void it("an empty deny list denies nothing", () => {
    assert.equal(verdict("AGPL-3.0-only", { deny: [] }), "allowed");
  });
});
