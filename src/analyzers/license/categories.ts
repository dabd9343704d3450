// Which licenses are copyleft, and how strongly. The groups follow the usual classification used in
// license compliance (e.g. Google's license classifier: "restricted" for strong copyleft, "reciprocal"
// for file-level copyleft, "forbidden" for network copyleft and non-commercial terms).
import { matchesIdPattern } from "./patterns.js";

export const LICENSE_CATEGORIES = ["network-copyleft", "strong-copyleft", "weak-copyleft", "non-commercial"] as const;
export type LicenseCategory = (typeof LICENSE_CATEGORIES)[number];

/** Id globs per category, over current SPDX ids. */
export const CATEGORY_PATTERNS: Readonly<Record<LicenseCategory, readonly string[]>> = {
  // Obligations reach users who only interact with the software over a network.
  "network-copyleft": ["AGPL-*", "SSPL-1.0", "RPL-*", "OSL-*", "NPOSL-3.0", "CPAL-1.0"],
  // Derived works as a whole must be released under the same license.
  "strong-copyleft": ["GPL-*", "EUPL-*", "Sleepycat", "GFDL-*", "CC-BY-SA-*", "QPL-*", "CECILL-1.*", "CECILL-2.*", "Parity-*", "RPSL-1.0", "NGPL", "LiLiQ-Rplus-1.1", "SMAIL-GPL"],
  // Changes to the covered files (or the library) must be shared; linking to it is allowed.
  "weak-copyleft": ["LGPL-*", "LGPLLR", "MPL-*", "EPL-*", "CDDL-*", "CPL-1.0", "IPL-1.0", "MS-RL", "APSL-*", "CECILL-C", "LiLiQ-R-1.1", "NPL-*", "SPL-1.0", "Motosoto", "Nokia", "SISSL*"],
  // Not copyleft, but no commercial use at all.
  "non-commercial": ["CC-BY-NC-*"],
};

export const CATEGORY_WORDS: Readonly<Record<LicenseCategory, string>> = {
  "network-copyleft": "network copyleft",
  "strong-copyleft": "strong copyleft",
  "weak-copyleft": "weak copyleft",
  "non-commercial": "non-commercial",
};

/** The category of one license id, or undefined for permissive and unclassified licenses. */
export function licenseCategory(id: string): LicenseCategory | undefined {
  return LICENSE_CATEGORIES.find((category) => CATEGORY_PATTERNS[category].some((pattern) => matchesIdPattern(pattern, id)));
}

export function isCopyleft(category: LicenseCategory | undefined): boolean {
  return category !== undefined && category !== "non-commercial";
}
