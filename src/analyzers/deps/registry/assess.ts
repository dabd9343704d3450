// One verdict per dependency name, from the popular list and the registry together: a typosquat of
// a popular package, a name that does not exist (an AI assistant's hallucination, which anyone can
// register: slopsquatting), or a package so new it may have been registered for exactly that.
import type { Severity } from "../../../core/types.js";
import type { Ecosystem } from "../types.js";
import { checkName } from "../typosquat/check.js";
import type { TyposquatMatch, TyposquatTechnique } from "../typosquat/check.js";
import type { PopularIndex } from "../typosquat/popular.js";
import type { RegistryClient } from "./client.js";
import { REGISTRY_NAMES } from "./sources.js";
import type { RegistryResult } from "./sources.js";

/** Packages first published more recently than this are reported as very new. */
export const VERY_NEW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type PackageRiskKind = "typosquat" | "hallucinated" | "very-new";

export interface PackageRisk {
  kind: PackageRiskKind;
  severity: Severity;
  /** One or two sentences for the report. */
  message: string;
  /** The popular package the name imitates, when it does. */
  typosquat?: TyposquatMatch;
  /** For `very-new`: the first publication, when the registry gave one. */
  firstPublished?: string;
}

export interface PackageAssessment {
  ecosystem: Ecosystem;
  name: string;
  /**
   * What the registry said. Absent when the name is on the popular list and was not looked up.
   * `unknown` means the existence and age checks did not run: the caller must say so.
   */
  registry?: RegistryResult;
  risks: PackageRisk[];
}

export interface AssessOptions {
  registry: RegistryClient;
  popular: PopularIndex;
  now?: Date;
}

/** Techniques that can also be how a legitimate package is named (`lodash-es`, `chalk-cli`). */
const LOOSER_TECHNIQUES: ReadonlySet<TyposquatTechnique> = new Set(["affix", "combosquat"]);

const TECHNIQUE_WORDS: Readonly<Record<TyposquatTechnique, string>> = {
  homoglyph: "look-alike characters",
  separator: "different separators",
  scope: "a look-alike or impersonating npm scope",
  transposition: "two letters swapped",
  "repeated-character": "a doubled letter",
  "omitted-character": "a missing letter",
  "extra-character": "an extra letter",
  "edit-distance": "a small spelling change",
  affix: "a language or tool word added",
  combosquat: "a reassuring word added",
};

function typosquatRisk(name: string, match: TyposquatMatch): PackageRisk {
  const what = match.target.startsWith("@") && !match.target.includes("/") ? "npm scope" : "package";
  return {
    kind: "typosquat",
    severity: LOOSER_TECHNIQUES.has(match.technique) ? "medium" : "high",
    message: `"${name}" imitates the popular ${what} "${match.target}" (${TECHNIQUE_WORDS[match.technique]}): possible typosquat. Check that "${match.target}" was not meant.`,
    typosquat: match,
  };
}

function hallucinatedRisk(ecosystem: Ecosystem, name: string, match: TyposquatMatch | undefined): PackageRisk {
  const meant = match === undefined ? "" : ` Did you mean "${match.target}"?`;
  const risk: PackageRisk = {
    kind: "hallucinated",
    severity: "high",
    message:
      `"${name}" does not exist on ${REGISTRY_NAMES[ecosystem]}: probably a hallucinated package name. ` +
      `Anyone can register it with malicious code (slopsquatting); do not install it until you know where it comes from.${meant}`,
  };
  if (match !== undefined) risk.typosquat = match;
  return risk;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** A `very-new` risk when the package is, or may be, less than VERY_NEW_DAYS old. */
function ageRisk(ecosystem: Ecosystem, name: string, result: Extract<RegistryResult, { status: "exists" }>, now: Date): PackageRisk | undefined {
  const limit = VERY_NEW_DAYS * DAY_MS;
  if (result.firstPublished !== undefined) {
    const age = now.getTime() - Date.parse(result.firstPublished);
    if (age >= limit) return undefined;
    const days = Math.max(0, Math.floor(age / DAY_MS));
    return {
      kind: "very-new",
      severity: "medium",
      message:
        `"${name}" was first published on ${day(result.firstPublished)}, ${days === 1 ? "1 day" : `${days} days`} ago: possible slopsquat, ` +
        "a name registered after AI assistants started suggesting it. Check its source and maintainers before trusting it.",
      firstPublished: result.firstPublished,
    };
  }
  // The first publication is unknown, but a version older than the limit proves the package is too.
  if (result.publishedBefore !== undefined && now.getTime() - Date.parse(result.publishedBefore) >= limit) return undefined;
  return {
    kind: "very-new",
    severity: "medium",
    message:
      `${REGISTRY_NAMES[ecosystem]} does not say when "${name}" was first published, and it is not a widely used package: ` +
      "possible slopsquat. Check its source and maintainers before trusting it.",
  };
}

/**
 * Assesses one dependency name. A name on the popular list is not looked up and has no risks.
 * Otherwise the registry is asked; when it cannot answer, only the typosquat check applies and
 * `registry.status` is `unknown`.
 */
export async function assessPackage(ecosystem: Ecosystem, name: string, options: AssessOptions): Promise<PackageAssessment> {
  if (options.popular.has(name)) return { ecosystem, name, risks: [] };
  const match = checkName(ecosystem, name, options.popular);
  const registry = await options.registry.lookup(ecosystem, name);
  const risks: PackageRisk[] = [];
  if (registry.status === "missing") {
    risks.push(hallucinatedRisk(ecosystem, name, match));
    return { ecosystem, name, registry, risks };
  }
  if (match !== undefined) risks.push(typosquatRisk(name, match));
  if (registry.status === "exists") {
    const age = ageRisk(ecosystem, name, registry, options.now ?? new Date());
    if (age !== undefined) risks.push(age);
  }
  return { ecosystem, name, registry, risks };
}
