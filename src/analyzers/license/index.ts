// The license analyzer. In files: SPDX tags, notices, license texts and grant statements that put added
// code under a copyleft license. With the dependency stage: the licenses of new dependencies against the
// policy's `licenses:` section. After the file analyzers: snippets of added code that match a corpus the
// user indexed (`custody license index`). Only the first part runs in worker threads; the other two
// need the policy, the dependency stage's data and the index, which the pipeline hands over.
import type { Analyzer, AnalyzerFinding, SourceFile } from "../types.js";
import { LICENSE_TEXT_RULES } from "./rules.js";
import { analyzeLicenseText } from "./text.js";

export const licenseAnalyzer: Analyzer = {
  id: "license",
  description:
    "Licenses: copyleft SPDX tags, license notices and license texts in added code; the licenses of new dependencies against the policy (`licenses:`); code that matches an indexed license corpus (`custody license index`).",
  needsNetwork: false,
  // Any text file can carry a pasted notice; a file that mentions no license costs one regex test.
  appliesTo: () => true,
  analyzeFile(file: SourceFile): AnalyzerFinding[] {
    return analyzeLicenseText(file);
  },
  rules: () => LICENSE_TEXT_RULES.map((rule) => ({ ...rule, cwe: [...rule.cwe], owasp: [...rule.owasp] })),
};

export { CATEGORY_PATTERNS, CATEGORY_WORDS, isCopyleft, LICENSE_CATEGORIES, licenseCategory } from "./categories.js";
export type { LicenseCategory } from "./categories.js";
export { checkDependencyLicenses } from "./dependencies.js";
export type { DependencyLicenseSummary } from "./dependencies.js";
export { licenseMentions, unavoidableCategories } from "./text.js";
export type { LicenseMention } from "./detect.js";
export { DEFAULT_DENY, effectiveLicensePolicy, evaluateLicense } from "./evaluate.js";
export type { Denial, EffectiveLicensePolicy, LicenseVerdict } from "./evaluate.js";
export { matchesLeaf, parseLicensePattern } from "./patterns.js";
export type { LicensePattern } from "./patterns.js";
export { classifyLicenseText } from "./license-texts.js";
export { formatLicense, licenseLeaves, normalizeLicense } from "./spdx.js";
export type { LicenseLeaf, LicenseNode, NormalizedLicense } from "./spdx.js";
export { LICENSE_STAGE_RULES, LICENSE_TEXT_RULES } from "./rules.js";
