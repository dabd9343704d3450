// Judges an SPDX expression against the license policy. A licensee may pick any side of an OR and must
// honour both sides of an AND, so `MIT OR GPL-3.0-only` is acceptable when MIT is, and `MIT AND
// GPL-3.0-only` only when both are. Licenses Custody cannot identify (LicenseRef-…) are unknown, and
// unknown sits between allowed and denied: an OR with one allowed side is allowed, an AND with an
// unknown side is at best unknown.
import type { DeniedLicenseHandling, LicenseException, LicensePolicy, UnknownLicenseHandling } from "../../policy/schema-licenses.js";
import { CATEGORY_PATTERNS } from "./categories.js";
import { matchesLeaf, parseLicensePattern, type LicensePattern } from "./patterns.js";
import type { LicenseLeaf, LicenseNode } from "./spdx.js";
import { formatLicense, isKnownLicenseId } from "./spdx.js";

export interface PolicyEntry {
  pattern: LicensePattern;
  /** Where the entry comes from, for messages: `licenses.deny[1]`, `the default deny list`. */
  origin: string;
}

export interface EffectiveLicensePolicy {
  /** Absent: every license not denied is acceptable. */
  allow?: PolicyEntry[];
  deny: PolicyEntry[];
  unknown: UnknownLicenseHandling;
  denied: DeniedLicenseHandling;
  dev: boolean;
  exceptions: LicenseException[];
  /** Whether the deny list is the built-in one (the policy has no `licenses.deny`). */
  defaultDeny: boolean;
}

/** Network and strong copyleft and non-commercial licenses: what a company codebase cannot depend on unreviewed. */
export const DEFAULT_DENY: readonly string[] = [
  ...CATEGORY_PATTERNS["network-copyleft"],
  ...CATEGORY_PATTERNS["strong-copyleft"],
  ...CATEGORY_PATTERNS["non-commercial"],
];

export const DEFAULT_DENY_ORIGIN = "the default deny list (strong and network copyleft, non-commercial)";

function entries(patterns: readonly string[], origin: (index: number) => string): PolicyEntry[] {
  return patterns.flatMap((source, index) => {
    const pattern = parseLicensePattern(source);
    // The policy schema has already refused invalid patterns; the built-in list is valid by test.
    return "error" in pattern ? [] : [{ pattern, origin: origin(index) }];
  });
}

/** The policy with every default written out. */
export function effectiveLicensePolicy(policy: LicensePolicy | undefined): EffectiveLicensePolicy {
  const result: EffectiveLicensePolicy = {
    deny: policy?.deny ? entries(policy.deny, (i) => `licenses.deny[${i}]`) : entries(DEFAULT_DENY, () => DEFAULT_DENY_ORIGIN),
    unknown: policy?.unknown ?? "warn",
    denied: policy?.denied ?? "review",
    dev: policy?.dev ?? false,
    exceptions: policy?.exceptions ?? [],
    defaultDeny: policy?.deny === undefined,
  };
  if (policy?.allow) result.allow = entries(policy.allow, (i) => `licenses.allow[${i}]`);
  return result;
}

export interface Denial {
  /** The license in the expression, e.g. `GPL-3.0-only`. */
  license: string;
  /** The policy entry that denied it; absent when it is simply missing from `licenses.allow`. */
  entry?: string;
  origin: string;
}

export type LicenseVerdict =
  | { verdict: "allowed" }
  | { verdict: "unknown"; unknown: string[] }
  | { verdict: "denied"; denials: Denial[] };

const RANK = { denied: 0, unknown: 1, allowed: 2 } as const;

function leafVerdict(leaf: LicenseLeaf, policy: EffectiveLicensePolicy): LicenseVerdict {
  const license = formatLicense(leaf);
  const deny = policy.deny.find((e) => matchesLeaf(e.pattern, leaf, "deny"));
  if (deny) return { verdict: "denied", denials: [{ license, entry: deny.pattern.source, origin: deny.origin }] };
  if (policy.allow?.some((e) => matchesLeaf(e.pattern, leaf, "allow"))) return { verdict: "allowed" };
  if (!isKnownLicenseId(leaf.id)) return { verdict: "unknown", unknown: [license] };
  if (policy.allow) return { verdict: "denied", denials: [{ license, origin: "licenses.allow (not listed)" }] };
  return { verdict: "allowed" };
}

function combine(kind: "and" | "or", left: LicenseVerdict, right: LicenseVerdict): LicenseVerdict {
  const [better, worse] = RANK[left.verdict] >= RANK[right.verdict] ? [left, right] : [right, left];
  const picked = kind === "or" ? better : worse;
  // Keep every reason of the same kind: `GPL-3.0-only OR AGPL-3.0-only` is denied by two entries.
  if (picked.verdict === "denied" && left.verdict === "denied" && right.verdict === "denied") {
    return { verdict: "denied", denials: [...left.denials, ...right.denials] };
  }
  if (picked.verdict === "unknown" && left.verdict === "unknown" && right.verdict === "unknown") {
    return { verdict: "unknown", unknown: [...left.unknown, ...right.unknown] };
  }
  return picked;
}

export function evaluateLicense(node: LicenseNode, policy: EffectiveLicensePolicy): LicenseVerdict {
  if (node.kind === "license") return leafVerdict(node, policy);
  return combine(node.kind, evaluateLicense(node.left, policy), evaluateLicense(node.right, policy));
}
