// Licenses of the dependencies the dependency stage picked (those a change adds, or every one on a
// whole-tree scan), judged against the license policy. Runs on the stage's data; reads nothing.
import type { Severity } from "../../core/types.js";
import { packageId } from "../deps/changes.js";
import type { Dependency } from "../deps/types.js";
import type { TaggedFinding } from "../run.js";
import type { RuleMeta } from "../types.js";
import { CATEGORY_WORDS, licenseCategory } from "./categories.js";
import { DEFAULT_DENY_ORIGIN, evaluateLicense, type Denial, type EffectiveLicensePolicy } from "./evaluate.js";
import { matchesIdPattern } from "./patterns.js";
import { DENIED_DEPENDENCY_RULE, UNKNOWN_DEPENDENCY_RULE } from "./rules.js";
import { licenseLeaves, normalizeLicense } from "./spdx.js";

export interface DependencyLicenseSummary {
  /** Dependencies whose license was judged. */
  checked: number;
  /** Dependencies no file or registry answer stated a license for: not judged. */
  undetermined: number;
  /** The first of them (at most MAX_LISTED), as `ecosystem:name@version`. */
  undeterminedPackages: string[];
  /** Dev-only dependencies left out (`licenses.dev` is false). */
  devSkipped: number;
  /** Dependencies a `licenses.exceptions` entry accepts, with its reason. */
  excepted: { package: string; license: string; reason: string }[];
}

/** A whole-tree scan of a large monorepo can have thousands; the count says how many. */
export const MAX_LISTED = 50;

const nameKey = (d: Dependency): string => `${d.ecosystem}\0${d.name}`;

/** Each package once: a bare manifest requirement says nothing the pinned lockfile entry does not. */
function select(dependencies: readonly Dependency[]): Dependency[] {
  const pinned = new Set(dependencies.filter((d) => d.version !== undefined).map(nameKey));
  const seen = new Set<string>();
  return dependencies.filter((d) => {
    if (d.source === "workspace" || d.source === "path") return false;
    if (d.version === undefined && pinned.has(nameKey(d))) return false;
    const key = `${nameKey(d)}\0${d.version ?? d.requirement ?? ""}\0${d.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What the files or the registry say about a package's license, from any of its declarations. */
function declaredLicense(d: Dependency, all: readonly Dependency[]): string | undefined {
  const own = d.license ?? d.registryLicense;
  if (own !== undefined) return own;
  const same = all.find((o) => nameKey(o) === nameKey(d) && (o.version === d.version || d.version === undefined) && (o.license ?? o.registryLicense) !== undefined);
  return same?.license ?? same?.registryLicense;
}

function exceptionFor(d: Dependency, policy: EffectiveLicensePolicy) {
  const names = [d.purl, d.purl.replace(/@[^@/]*$/, ""), packageId(d), `${d.ecosystem}:${d.name}`, d.name];
  return policy.exceptions.find((e) => names.some((n) => matchesIdPattern(e.package, n)));
}

function lineSpan(text: string | undefined, line: number) {
  const content = (text?.split("\n")[line - 1] ?? "").replace(/\r$/, "");
  const indent = content.length - content.trimStart().length;
  return { startLine: line, startColumn: indent + 1, endLine: line, endColumn: Math.max(indent + 2, Array.from(content).length + 1) };
}

function finding(rule: RuleMeta, d: Dependency, severity: Severity, message: string, expression: string, text: string | undefined): TaggedFinding {
  return {
    ruleId: rule.id,
    analyzer: "license",
    severity,
    cwe: [],
    message,
    location: { path: d.path, ...lineSpan(text, d.line) },
    evidence: `${packageId(d)} ${expression}`,
    fingerprintText: `${rule.id}\0${packageId(d)}\0${expression}`,
  };
}

function deniedBy(denials: Denial[], policy: EffectiveLicensePolicy): string {
  const parts = denials.map((d) => {
    const category = licenseCategory(d.license.split(" WITH ")[0] ?? d.license);
    const what = category === undefined ? d.license : `${d.license} (${CATEGORY_WORDS[category]})`;
    return d.entry === undefined ? `${what} is not in licenses.allow` : `${what} is denied by ${d.origin} entry "${d.entry}"`;
  });
  const hint = policy.defaultDeny && denials.some((d) => d.origin === DEFAULT_DENY_ORIGIN) ? " Set licenses: in .custody/policy.yaml to change what is acceptable." : "";
  return `${[...new Set(parts)].join("; ")}.${hint}`;
}

const UNKNOWN_SEVERITY = { warn: "low", review: "high", block: "critical" } as const;

/** Findings for the dependencies' licenses, and what could not be judged. */
export function checkDependencyLicenses(
  dependencies: readonly Dependency[],
  texts: ReadonlyMap<string, string>,
  policy: EffectiveLicensePolicy,
): { findings: TaggedFinding[]; summary: DependencyLicenseSummary } {
  const summary: DependencyLicenseSummary = { checked: 0, undetermined: 0, undeterminedPackages: [], devSkipped: 0, excepted: [] };
  const findings: TaggedFinding[] = [];
  for (const d of select(dependencies)) {
    if (d.dev === true && !policy.dev) {
      summary.devSkipped += 1;
      continue;
    }
    const declared = declaredLicense(d, dependencies);
    if (declared === undefined) {
      summary.undetermined += 1;
      if (summary.undeterminedPackages.length < MAX_LISTED) summary.undeterminedPackages.push(packageId(d));
      continue;
    }
    summary.checked += 1;
    const normalized = normalizeLicense(declared);
    const expression = normalized.ok ? normalized.expression : normalized.declared;
    const exception = exceptionFor(d, policy);
    if (exception) {
      summary.excepted.push({ package: packageId(d), license: expression, reason: exception.reason });
      continue;
    }
    const text = texts.get(d.path);
    const where = d.license === undefined && d.registryLicense !== undefined ? " (as its registry states)" : "";
    if (!normalized.ok) {
      if (policy.unknown === "allow") continue;
      const message = `${packageId(d)} ${normalized.reason}${where}. Read its license before depending on it; accept it under licenses.exceptions once checked.`;
      findings.push(finding(UNKNOWN_DEPENDENCY_RULE, d, UNKNOWN_SEVERITY[policy.unknown], message, expression, text));
      continue;
    }
    const verdict = evaluateLicense(normalized.tree, policy);
    const read = normalized.correctedFrom === undefined ? "" : ` (declared "${normalized.correctedFrom}")`;
    if (verdict.verdict === "denied") {
      const severity = policy.denied === "block" ? "critical" : "high";
      const message = `${packageId(d)} is licensed ${expression}${read}${where}: ${deniedBy(verdict.denials, policy)}`;
      findings.push(finding(DENIED_DEPENDENCY_RULE, d, severity, message, expression, text));
    } else if (verdict.verdict === "unknown" && policy.unknown !== "allow") {
      const custom = verdict.unknown.length === licenseLeaves(normalized.tree).length ? "" : " and nothing else it offers is acceptable";
      const message = `${packageId(d)} is licensed ${expression}${read}${where}: ${verdict.unknown.join(", ")} is not a license Custody can judge${custom}. Read it before depending on the package; accept it under licenses.exceptions once checked.`;
      findings.push(finding(UNKNOWN_DEPENDENCY_RULE, d, UNKNOWN_SEVERITY[policy.unknown], message, expression, text));
    }
  }
  return { findings, summary };
}
