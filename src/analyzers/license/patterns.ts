// License patterns as the policy writes them (`MIT`, `GPL-2.0+`, `GPL-*`, `GPL-2.0-only WITH
// Classpath-exception-2.0`, `GPL-* WITH *`) and how one matches a license in an expression.
import satisfies from "spdx-satisfies";
import type { LicenseLeaf } from "./spdx.js";
import { isKnownExceptionId, isKnownLicenseId, isLicenseRef, LICENSE_IDS } from "./spdx.js";

export interface LicensePattern {
  /** As written in the policy. */
  source: string;
  license: string;
  plus: boolean;
  /** Absent: the pattern says nothing about exceptions (see `matchesLeaf`). */
  exception?: string;
}

const globCache = new Map<string, RegExp>();

function globRegex(pattern: string): RegExp {
  let regex = globCache.get(pattern);
  if (!regex) {
    const body = pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    regex = new RegExp(`^${body}$`, "i");
    globCache.set(pattern, regex);
  }
  return regex;
}

/** Whether `id` matches `pattern`, an id or a glob with `*`; ids compare case-insensitively as SPDX says. */
export function matchesIdPattern(pattern: string, id: string): boolean {
  return pattern.includes("*") ? globRegex(pattern).test(id) : pattern.toLowerCase() === id.toLowerCase();
}

/** Parses a pattern, or says what is wrong with it. */
export function parseLicensePattern(source: string): LicensePattern | { error: string } {
  const text = source.trim();
  const [licensePart = "", exceptionPart, extra] = text.split(/\s+WITH\s+/i);
  if (extra !== undefined || /\s(?:AND|OR)\s/i.test(text) || /[()]/.test(text)) {
    return { error: `"${source}" is an expression; list each license (or license WITH exception) as its own entry` };
  }
  const plus = licensePart.endsWith("+");
  const license = plus ? licensePart.slice(0, -1) : licensePart;
  if (!/^[\w.*:-]+$/.test(license)) return { error: `"${source}" is not an SPDX license id or a glob over ids` };
  if (license.includes("*")) {
    if (!LICENSE_IDS.some((id) => globRegex(license).test(id))) return { error: `"${license}" matches no SPDX license id` };
  } else if (!isKnownLicenseId(license) && !isLicenseRef(license)) {
    return { error: `"${license}" is not an SPDX license id (see https://spdx.org/licenses/; use LicenseRef-… for others)` };
  }
  const pattern: LicensePattern = { source: text, license, plus };
  if (exceptionPart !== undefined) {
    if (!/^[\w.*-]+$/.test(exceptionPart) || (!exceptionPart.includes("*") && !isKnownExceptionId(exceptionPart))) {
      return { error: `"${exceptionPart}" is not an SPDX license exception id (see https://spdx.org/licenses/exceptions-index.html)` };
    }
    pattern.exception = exceptionPart;
  }
  return pattern;
}

function licenseMatches(pattern: LicensePattern, leaf: LicenseLeaf): boolean {
  if (pattern.license.includes("*")) return matchesIdPattern(pattern.license, leaf.id);
  const wanted = `${pattern.license}${pattern.plus ? "+" : ""}`;
  const have = `${leaf.id}${leaf.plus ? "+" : ""}`;
  if (!isKnownLicenseId(pattern.license) || !isKnownLicenseId(leaf.id)) return wanted.toLowerCase() === have.toLowerCase();
  // spdx-satisfies knows version ranges: GPL-3.0-only satisfies GPL-2.0+, Apache-2.0 satisfies Apache-2.0.
  try {
    return satisfies(have, [wanted]);
  } catch {
    return wanted.toLowerCase() === have.toLowerCase();
  }
}

/**
 * Whether a license in an expression matches a policy pattern. An exception only ever adds
 * permissions, so an allowed license stays allowed with any exception, while a denied license is
 * denied with an exception only when the pattern names it (`GPL-2.0-only WITH Classpath-exception-2.0`,
 * `GPL-* WITH *`).
 */
export function matchesLeaf(pattern: LicensePattern, leaf: LicenseLeaf, kind: "allow" | "deny"): boolean {
  if (!licenseMatches(pattern, leaf)) return false;
  if (pattern.exception === undefined) return kind === "allow" || leaf.exception === undefined;
  return leaf.exception !== undefined && matchesIdPattern(pattern.exception, leaf.exception);
}
