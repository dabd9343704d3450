// The dependency stage: parse manifests and lockfiles, work out which dependencies a change adds,
// and check them against OSV advisories (known vulnerabilities and malicious packages) and, through
// an assessor, against typosquat lists and the package registries. Parsing and OSV lookups read
// nothing but the texts and the local database they are given; the assessor is the caller's.
import type { Severity } from "../../core/types.js";
import type { TaggedFinding } from "../run.js";
import type { RuleMeta } from "../types.js";
import { addedDependencies, packageId } from "./changes.js";
import { parserFor } from "./ecosystems/index.js";
import type { OsvAdvisory, OsvDatabase } from "./osv/index.js";
import { licenseForVersion, type RegistryLicense } from "./registry/sources.js";
import type { Dependency, ParseResult } from "./types.js";

const OWASP_COMPONENTS = ["A06:2021-Vulnerable and Outdated Components"];
const OWASP_INTEGRITY = ["A08:2021-Software and Data Integrity Failures"];

export const VULNERABLE_RULE: RuleMeta = {
  id: "deps/known-vulnerability",
  title: "Dependency version with a published vulnerability (OSV)",
  severity: "high",
  cwe: ["CWE-1395"],
  owasp: OWASP_COMPONENTS,
  help: "Coding assistants suggest the versions they saw most in their training data, which are often years old and carry fixed vulnerabilities; they also copy pinned versions from old tutorials.\n\n**Fix:** upgrade to a fixed version the finding names (or a later one), regenerate the lockfile, and check the advisory for workarounds when no fix exists. The severity is the advisory's.",
};

export const MALICIOUS_RULE: RuleMeta = {
  id: "deps/malicious-package",
  title: "Known malicious package (OSV MAL- advisory)",
  severity: "critical",
  cwe: ["CWE-506"],
  owasp: OWASP_INTEGRITY,
  help: "Attackers publish packages under names assistants invent or mistype, and under look-alikes of popular names; an agent that installs what it suggested runs their install scripts at once.\n\n**Fix:** remove the package, and treat every machine that installed it (developer laptops, CI runners) as compromised: rotate the credentials they held.",
};

export const TYPOSQUAT_RULE: RuleMeta = {
  id: "deps/typosquat",
  title: "Package name one slip away from a popular package",
  severity: "high",
  cwe: ["CWE-1357"],
  owasp: OWASP_INTEGRITY,
  help: "Assistants and people alike mistype package names, and attackers register the misspellings (swapped letters, look-alike characters, a different separator, a fake scope).\n\n**Fix:** check the name against the package you meant; if this is the intended package, add it to the allow-list so the check stays quiet.",
};

export const HALLUCINATED_RULE: RuleMeta = {
  id: "deps/hallucinated-package",
  title: "Package that does not exist on its registry (probable hallucination)",
  severity: "high",
  cwe: ["CWE-1357"],
  owasp: OWASP_INTEGRITY,
  help: "About one in five package names that code models suggest do not exist, and the same invented names come back again and again, so attackers register them (slopsquatting).\n\n**Fix:** find the real package that does what the code needs, or write the code; never publish or install the invented name.",
};

export const NEW_PACKAGE_RULE: RuleMeta = {
  id: "deps/new-package",
  title: "Package first published very recently (possible slopsquat)",
  severity: "medium",
  cwe: ["CWE-1357"],
  owasp: OWASP_INTEGRITY,
  help: "A package published days ago under a name an assistant suggested may have been registered to catch exactly that suggestion.\n\n**Fix:** look at the package's source, maintainers and download history before depending on it; prefer an established package.",
};

export const DEPS_RULES: readonly RuleMeta[] = [VULNERABLE_RULE, MALICIOUS_RULE, TYPOSQUAT_RULE, HALLUCINATED_RULE, NEW_PACKAGE_RULE];

/** What an assessor learned about one package name. */
export interface PackageAssessment {
  risks: {
    kind: "typosquat" | "hallucinated" | "new-package";
    severity: Severity;
    /** One or two sentences for the finding. */
    detail: string;
  }[];
  /** Set when the registry could not be asked (offline, unreachable): existence and age are unchecked. */
  unverified?: string;
  /** The licenses the registry's answer states, for the license analyzer. */
  license?: RegistryLicense;
}

export type PackageAssessor = (dependency: Dependency) => Promise<PackageAssessment>;

export interface DependencyFile {
  path: string;
  /** The file as the change leaves it (or as it is on disk). */
  text: string;
  /** The file before the change; absent for a new file, or when every dependency counts. */
  baseText?: string;
  /** Set for a change: only dependencies the change adds are checked. */
  inChange?: boolean;
}

export interface DepsOptions {
  osv?: OsvDatabase;
  assess?: PackageAssessor;
  /** Called once the stage is done (the CLI saves the registry cache). */
  finish?: () => Promise<void>;
}

export interface DepsFactsOut {
  added: string[];
  malicious: string[];
  hallucinated: string[];
  typosquat: string[];
  /** Each advisory against a checked version, with the manifest line its finding points at. */
  vulnerable: { package: string; advisory: string; severity: Severity; aliases: string[]; path: string; line: number }[];
}

export interface DepsResult {
  /** The dependencies checked: those the change adds, or every one for a whole-tree scan. */
  dependencies: Dependency[];
  findings: TaggedFinding[];
  facts: DepsFactsOut;
  /** Files that could not be parsed, and entries skipped, with the reason. */
  failures: { path: string; message: string }[];
  /** Package names whose existence and age could not be checked, with the first reason. */
  unverified: { count: number; reason?: string };
  notes: { path: string; line?: number; message: string }[];
}

export function isDependencyFile(path: string): boolean {
  return parserFor(path) !== undefined;
}

function parse(path: string, text: string): ParseResult {
  const parser = parserFor(path);
  if (!parser) return { dependencies: [], diagnostics: [] };
  return parser.parse(path, text);
}

/** Lines of each file text, split once however many findings point into it. */
const splitLines = new WeakMap<object, string[]>();

function lineSpan(file: { text: string }, line: number): Pick<TaggedFinding["location"], "startLine" | "startColumn" | "endLine" | "endColumn"> {
  let lines = splitLines.get(file);
  if (!lines) {
    lines = file.text.split("\n");
    splitLines.set(file, lines);
  }
  const content = (lines[line - 1] ?? "").replace(/\r$/, "");
  const indent = content.length - content.trimStart().length;
  return { startLine: line, startColumn: indent + 1, endLine: line, endColumn: Math.max(indent + 2, Array.from(content).length + 1) };
}

function finding(rule: RuleMeta, d: Dependency, file: DependencyFile, severity: Severity, message: string, key: string): TaggedFinding {
  return {
    ruleId: rule.id,
    analyzer: "deps",
    severity,
    cwe: [...rule.cwe],
    message,
    location: { path: d.path, ...lineSpan(file, d.line) },
    evidence: packageId(d),
    fingerprintText: `${rule.id}\0${packageId(d)}\0${key}`,
  };
}

function advisoryMessage(d: Dependency, advisory: OsvAdvisory): string {
  const aliases = advisory.aliases.length > 0 ? ` (${advisory.aliases.slice(0, 3).join(", ")})` : "";
  const summary = advisory.summary ? `: ${advisory.summary.replace(/\s+/g, " ").slice(0, 200)}` : "";
  const fix = advisory.fixedVersions.length > 0 ? ` Upgrade to ${advisory.fixedVersions[0] ?? ""} or later.` : " No fixed version is published.";
  return `${packageId(d)} is affected by ${advisory.id}${aliases}${summary}.${fix}`;
}

type Vulnerable = DepsFactsOut["vulnerable"][number];

function osvFindings(d: Dependency, file: DependencyFile, osv: OsvDatabase): { findings: TaggedFinding[]; malicious: boolean; vulnerable: Vulnerable[] } {
  if (d.version === undefined || d.source !== "registry") return { findings: [], malicious: false, vulnerable: [] };
  const findings: TaggedFinding[] = [];
  const vulnerable: Vulnerable[] = [];
  let malicious = false;
  for (const advisory of osv.query(d.ecosystem, d.name, d.version)) {
    if (advisory.malicious) {
      malicious = true;
      const message = `${packageId(d)} is a known malicious package (${advisory.id}). Remove it and treat machines that installed it as compromised.`;
      findings.push(finding(MALICIOUS_RULE, d, file, "critical", message, advisory.id));
    } else {
      const severity = advisory.severity ?? "medium";
      findings.push(finding(VULNERABLE_RULE, d, file, severity, advisoryMessage(d, advisory), advisory.id));
      vulnerable.push({ package: packageId(d), advisory: advisory.id, severity, aliases: [...advisory.aliases], path: d.path, line: d.line });
    }
  }
  return { findings, malicious, vulnerable };
}

const ASSESSMENT_RULES = { typosquat: TYPOSQUAT_RULE, hallucinated: HALLUCINATED_RULE, "new-package": NEW_PACKAGE_RULE } as const;

/** Parses the files, picks the dependencies to check, and checks each one once. */
export async function analyzeDependencies(files: readonly DependencyFile[], options: DepsOptions = {}): Promise<DepsResult> {
  // A manifest and its lockfile name the same packages: each name is assessed once.
  const assessed = new Map<string, Promise<PackageAssessment>>();
  const assess = (d: Dependency): Promise<PackageAssessment> | undefined => {
    if (!options.assess || d.source !== "registry") return undefined;
    const key = `${d.ecosystem}:${d.name}`;
    let pending = assessed.get(key);
    if (!pending) {
      pending = options.assess(d);
      assessed.set(key, pending);
      void pending.then((a) => {
        if (a.unverified === undefined) return;
        result.unverified.count += 1;
        result.unverified.reason ??= a.unverified;
      });
    }
    return pending;
  };
  const facts: DepsFactsOut = { added: [], malicious: [], hallucinated: [], typosquat: [], vulnerable: [] };
  const result: DepsResult = { dependencies: [], findings: [], facts, failures: [], notes: [], unverified: { count: 0 } };
  for (const file of files) {
    let head: ParseResult;
    let base: ParseResult | undefined;
    try {
      head = parse(file.path, file.text);
      base = file.baseText === undefined ? undefined : parse(file.path, file.baseText);
    } catch (error) {
      result.failures.push({ path: file.path, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    result.notes.push(...head.diagnostics);
    const chosen = file.inChange ? addedDependencies(base, head) : head.dependencies;
    for (const d of chosen) {
      const index = result.dependencies.push(d) - 1;
      if (file.inChange) result.facts.added.push(packageId(d));
      if (options.osv) {
        const osv = osvFindings(d, file, options.osv);
        result.findings.push(...osv.findings);
        if (osv.malicious) result.facts.malicious.push(packageId(d));
        result.facts.vulnerable.push(...osv.vulnerable);
      }
      const assessment = await assess(d);
      const registryLicense = d.license === undefined ? licenseForVersion(assessment?.license, d.version) : undefined;
      if (registryLicense !== undefined) result.dependencies[index] = { ...d, registryLicense };
      for (const risk of assessment?.risks ?? []) {
        const rule = ASSESSMENT_RULES[risk.kind];
        result.findings.push(finding(rule, d, file, risk.severity, `${packageId(d)}: ${risk.detail}`, risk.kind));
        if (risk.kind === "typosquat") result.facts.typosquat.push(packageId(d));
        if (risk.kind === "hallucinated") result.facts.hallucinated.push(packageId(d));
      }
    }
  }
  await Promise.all(assessed.values());
  return result;
}
