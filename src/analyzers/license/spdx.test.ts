import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Models } from "@cyclonedx/cyclonedx-library";
import { licenseOf } from "../../report/sbom.js";
import { DEFAULT_DENY } from "./evaluate.js";
import { parseLicensePattern } from "./patterns.js";
import { formatLicense, normalizeLicense } from "./spdx.js";

void describe("normalizeLicense", () => {
  // [declared, expression, corrected?]
  const readable: [string, string, boolean][] = [
    ["MIT", "MIT", false],
    ["(MIT OR Apache-2.0)", "MIT OR Apache-2.0", false],
    ["Apache-2.0 WITH LLVM-exception", "Apache-2.0 WITH LLVM-exception", false],
    ["MIT AND (BSD-2-Clause OR ISC)", "MIT AND (BSD-2-Clause OR ISC)", false],
    // Deprecated ids, upgraded as the SPDX list says (GPL-3.0 meant "only", GPL-2.0+ "or later").
    ["GPL-3.0", "GPL-3.0-only", true],
    ["GPL-2.0+", "GPL-2.0-or-later", true],
    ["LGPL-2.1", "LGPL-2.1-only", true],
    ["AGPL-3.0", "AGPL-3.0-only", true],
    ["GPL-2.0-with-classpath-exception", "GPL-2.0-only WITH Classpath-exception-2.0", true],
    // Common misspellings, through spdx-correct.
    ["Apache 2", "Apache-2.0", true],
    ["Apache License, Version 2.0", "Apache-2.0", true],
    ["GPLv3", "GPL-3.0-or-later", true],
    ["BSD", "BSD-2-Clause", true],
    ["mit", "MIT", true],
    ["MIT/Apache-2.0", "MIT OR Apache-2.0", true],
    ["MIT, GPL-2.0", "MIT OR GPL-2.0-only", true],
  ];
  for (const [declared, expression, corrected] of readable) {
    void it(`reads ${JSON.stringify(declared)} as ${expression}`, () => {
      const result = normalizeLicense(declared);
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.expression, expression);
      assert.equal(result.correctedFrom !== undefined, corrected);
    });
  }

  void it("says why a declaration is not a license", () => {
    const reasons = ["UNLICENSED", "Public Domain", "SEE LICENSE IN LICENSE.md", "", "x".repeat(400)].map((d) => {
      const r = normalizeLicense(d);
      return r.ok ? r.expression : r.reason;
    });
    assert.match(reasons[0] ?? "", /UNLICENSED: its authors grant no rights/, "UNLICENSED must not become the Unlicense");
    assert.match(reasons[1] ?? "", /not an SPDX license expression/);
    assert.match(reasons[2] ?? "", /refers to a license file/);
    assert.match(reasons[3] ?? "", /empty/);
    assert.match(reasons[4] ?? "", /license text instead of an SPDX identifier/);
  });

  void it("prints OR inside AND with parentheses, and nothing else", () => {
    const result = normalizeLicense("(MIT OR ISC) AND Apache-2.0 OR GPL-2.0-only");
    assert.ok(result.ok);
    assert.equal(formatLicense(result.tree), "(MIT OR ISC) AND Apache-2.0 OR GPL-2.0-only");
  });
});

void describe("license patterns", () => {
  void it("accepts ids, ranges, globs and exceptions, and says what is wrong with others", () => {
    for (const ok of ["MIT", "GPL-2.0+", "GPL-*", "GPL-2.0-only WITH Classpath-exception-2.0", "GPL-* WITH *", "LicenseRef-Acme"]) {
      assert.ok(!("error" in parseLicensePattern(ok)), ok);
    }
    const error = (source: string): string => {
      const parsed = parseLicensePattern(source);
      return "error" in parsed ? parsed.error : "";
    };
    assert.match(error("MIT OR GPL-3.0-only"), /is an expression; list each license/);
    assert.match(error("Apache 2"), /not an SPDX license id/);
    assert.match(error("GLP-*"), /matches no SPDX license id/);
    assert.match(error("GPL-2.0-only WITH Nonsense-exception"), /not an SPDX license exception id/);
  });

  void it("the default deny list is valid", () => {
    for (const pattern of DEFAULT_DENY) assert.ok(!("error" in parseLicensePattern(pattern)), pattern);
  });
});

void describe("SBOM licenses", () => {
  void it("carry the normalised expression where the declaration could be read", () => {
    const apache = licenseOf("Apache 2");
    assert.ok(apache instanceof Models.SpdxLicense);
    assert.equal(apache.id, "Apache-2.0");
    const gpl = licenseOf("GPL-2.0+");
    assert.ok(gpl instanceof Models.SpdxLicense);
    assert.equal(gpl.id, "GPL-2.0-or-later");
    const dual = licenseOf("MIT/Apache-2.0");
    assert.ok(dual instanceof Models.LicenseExpression);
    assert.equal(dual.expression, "MIT OR Apache-2.0");
    const named = licenseOf("Public Domain");
    assert.ok(named instanceof Models.NamedLicense);
    assert.equal(named.name, "Public Domain");
  });
});
