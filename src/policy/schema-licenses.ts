// `licenses:` in the policy file: which dependency licenses are acceptable. Absent fields keep the
// defaults the license analyzer documents (strong and network copyleft and non-commercial licenses
// denied, unknown licenses reported at low severity, dev-only dependencies not checked).
import { z } from "zod";
import { parseLicensePattern } from "../analyzers/license/patterns.js";

export const UNKNOWN_LICENSE_HANDLING = ["allow", "warn", "review", "block"] as const;
export type UnknownLicenseHandling = (typeof UNKNOWN_LICENSE_HANDLING)[number];
export const DENIED_LICENSE_HANDLING = ["review", "block"] as const;
export type DeniedLicenseHandling = (typeof DENIED_LICENSE_HANDLING)[number];

export interface LicenseException {
  /** A package URL or `ecosystem:name` (globs allowed, with or without `@version`), or a bare name. */
  package: string;
  reason: string;
}

/** The policy's license section as written; what an absent field means is the analyzer's default. */
export interface LicensePolicy {
  /** When given, only licenses matching an entry are acceptable. */
  allow?: string[];
  /** When absent, the default deny list applies; `[]` denies nothing. */
  deny?: string[];
  unknown?: UnknownLicenseHandling;
  denied?: DeniedLicenseHandling;
  /** Check dependencies only needed for development and tests too. */
  dev?: boolean;
  exceptions: LicenseException[];
}

const Pattern = z
  .string()
  .min(1)
  .superRefine((source, context) => {
    const parsed = parseLicensePattern(source);
    if ("error" in parsed) context.addIssue({ code: "custom", message: parsed.error });
  });

export const LicenseExceptionSchema = z.strictObject({
  package: z.string().trim().min(1, "name the package: a purl, ecosystem:name or a glob such as npm:@acme/*"),
  reason: z.string().trim().min(1, "give the reason this package's license is acceptable"),
});

export const LicensesSchema = z.strictObject({
  allow: z.array(Pattern).nullish(),
  deny: z.array(Pattern).nullish(),
  unknown: z.enum(UNKNOWN_LICENSE_HANDLING).nullish(),
  denied: z.enum(DENIED_LICENSE_HANDLING).nullish(),
  dev: z.boolean().nullish(),
  exceptions: z.array(LicenseExceptionSchema).nullish(),
});

export function toLicensePolicy(section: z.output<typeof LicensesSchema>): LicensePolicy {
  const policy: LicensePolicy = { exceptions: (section.exceptions ?? []).map((e) => ({ ...e })) };
  if (section.allow != null) policy.allow = section.allow.map((p) => p.trim());
  if (section.deny != null) policy.deny = section.deny.map((p) => p.trim());
  if (section.unknown != null) policy.unknown = section.unknown;
  if (section.denied != null) policy.denied = section.denied;
  if (section.dev != null) policy.dev = section.dev;
  return policy;
}
