import type { RuleMeta } from "../types.js";

const POLICY_HELP =
  "The default policy, used while `.custody/policy.yaml` has no `licenses:` section, denies network copyleft (AGPL, SSPL, OSL, RPL, CPAL), strong copyleft (GPL, EUPL, GFDL, CC-BY-SA, Sleepycat, …) and non-commercial licenses (CC-BY-NC-*), and lets weak copyleft (LGPL, MPL, EPL, CDDL) and permissive licenses through. A GPL license with an exception such as Classpath-exception-2.0 is not denied by it: exceptions only add permissions. Dependencies needed only for development and tests are not checked unless `licenses.dev` is true.";

export const DENIED_DEPENDENCY_RULE: RuleMeta = {
  id: "license/denied-dependency-license",
  title: "A new dependency's license is denied by the license policy",
  severity: "high",
  cwe: [],
  owasp: [],
  help: `Assistants add whatever package solves the problem in front of them; they do not check its license, and a copyleft dependency can oblige the company to publish its own code (for AGPL and SSPL even when the software only runs as a service).\n\nThe license is read from the lockfile or manifest, else from the registry when it was asked, and normalised to an SPDX expression (\`Apache 2\` becomes \`Apache-2.0\`, the deprecated \`GPL-3.0\` becomes \`GPL-3.0-only\`). An expression passes when the licensee can choose an acceptable license: \`MIT OR GPL-3.0-only\` passes when MIT is allowed, \`MIT AND GPL-3.0-only\` does not. The message names the policy entry that denied it.\n\n${POLICY_HELP} The finding is high severity (review by the security group under the built-in rules), or critical with \`licenses.denied: block\`.\n\n**Fix:** replace the package with one under an acceptable license, or, once legal has approved it, add it under \`licenses.exceptions\` with the reason.`,
};

export const UNKNOWN_DEPENDENCY_RULE: RuleMeta = {
  id: "license/unknown-dependency-license",
  title: "A new dependency declares no license, or one that is not an SPDX expression",
  severity: "low",
  cwe: [],
  owasp: [],
  help: "A package without a license grants no rights to use it; one with a custom (`LicenseRef-…`) or free-text license needs a person to read it. Reported when the lockfile, manifest or registry states a license Custody cannot read or judge (free text such as \"Public Domain\", `UNLICENSED`, a `LicenseRef-…`). Dependencies for which neither their files (most lockfiles record no license) nor a registry answer state any license are not guessed at: the run counts them in a note on standard error and under `licenses.dependencies.undetermined` in JSON.\n\nLow severity by default (`licenses.unknown: warn`); `review` makes it high, `block` critical, `allow` silences it.\n\n**Fix:** read the package's license; replace it, or add it under `licenses.exceptions` with the reason.",
};

export const SPDX_TAG_RULE: RuleMeta = {
  id: "license/copyleft-spdx-identifier",
  title: "Added code carries an SPDX-License-Identifier tag naming a copyleft license",
  severity: "high",
  cwe: [],
  owasp: [],
  help: "A `SPDX-License-Identifier: GPL-2.0-only` line in a new file says the file was taken from a project under that license, and the license comes with it: the file, and for strong copyleft the program it is part of, must be distributed under the same terms. Assistants reproduce these tags along with the code they were trained on, and people paste them in with copied files.\n\nReported when every choice the expression offers is copyleft (`MIT OR GPL-2.0-only` is not reported); network and strong copyleft are high severity, weak copyleft (LGPL, MPL, EPL, CDDL) medium. The dependency policy's allow and deny lists do not apply here: copyleft code inside your files makes those files subject to it whatever you accept for dependencies.\n\n**Fix:** remove the copied code and write it yourself, or keep it apart under its license with legal's approval (then accept the finding with an `allow:` entry).",
};

export const HEADER_RULE: RuleMeta = {
  id: "license/copyleft-header",
  title: "Added code carries a copyleft license header (GPL, LGPL, AGPL, MPL, EUPL, EPL, CDDL, CC-BY-SA)",
  severity: "high",
  cwe: [],
  owasp: [],
  help: 'The standard notices (the GNU "This program is free software; you can redistribute it…" paragraph, the Mozilla "This Source Code Form is subject to the terms of…" line) mark a file that was copied from a copyleft project. Comment markers and line breaks inside the notice do not matter. The message names the license and version as the notice states them.\n\nNetwork and strong copyleft are high severity, weak copyleft medium. Permissive headers (MIT, Apache, BSD) are not reported.\n\n**Fix:** remove the copied code and write it yourself, or keep it apart under its license with legal\'s approval.',
};

export const LICENSE_TEXT_RULE: RuleMeta = {
  id: "license/copyleft-license-text",
  title: "The text of a copyleft license is added to the repository",
  severity: "medium",
  cwe: [],
  owasp: [],
  help: 'The title or terms of a copyleft license ("GNU GENERAL PUBLIC LICENSE Version 3", "TERMS AND CONDITIONS FOR COPYING, DISTRIBUTION AND MODIFICATION", "Mozilla Public License Version 2.0") in an added file: usually a vendored directory brought its COPYING file along, or a license was pasted into a source file. Reported once per file and license.\n\n**Fix:** find the code the license came with and decide whether it may stay; a vendored copyleft component needs legal\'s approval.',
};

export const NOTICE_RULE: RuleMeta = {
  id: "license/copyleft-notice",
  title: "Added code says it is licensed under a copyleft license",
  severity: "medium",
  cwe: [],
  owasp: [],
  help: 'Short statements that grant a copyleft license: "Licensed under the GPLv3", "released under the terms of the GNU Lesser General Public License", `@license AGPL-3.0`, `MODULE_LICENSE("GPL")`, `__license__ = "GPL"`. The word GPL in ordinary prose ("we avoid GPL code"), a package name or a negation ("not licensed under the GPL") is not reported, nor a choice that includes a permissive license ("MIT or GPL").\n\n**Fix:** find where the code came from; remove it and write it yourself unless legal approves its license.',
};

export const SNIPPET_RULE: RuleMeta = {
  id: "license/snippet-match",
  title: "Added code matches a file of an indexed license corpus",
  severity: "high",
  cwe: [],
  owasp: [],
  help: "Assistants reproduce code they were trained on, license headers stripped. Custody compares added code with a corpus you index (`custody license index DIR`): sources are normalised (comments, whitespace and case dropped), cut into 20-token k-grams and winnowed with a window of 20 (Schleimer, Wilkerson and Aiken 2003), so any copied run of 39 tokens or more shares at least one fingerprint. A match is reported when one indexed file covers at least 64 tokens and 8 lines of the added code; the message names the indexed file, its license, the matched lines in both files and the share of the added snippet that matched. Fingerprints found in more than 20 indexed files are ignored as common code.\n\nCopyleft sources are high severity; other licenses medium, unknown ones low.\n\n**Fix:** remove the copied code and write it yourself, or keep it under its license with legal's approval.",
};

/** The rules the file analyzer reports (its fixtures cover them). */
export const LICENSE_TEXT_RULES: readonly RuleMeta[] = [SPDX_TAG_RULE, HEADER_RULE, LICENSE_TEXT_RULE, NOTICE_RULE];

/**
 * The rules the pipeline reports with the dependency stage and after the file analyzers; like the
 * dependency stage's own rules, they have no file fixtures and are listed beside the analyzers'.
 */
export const LICENSE_STAGE_RULES: readonly RuleMeta[] = [DENIED_DEPENDENCY_RULE, UNKNOWN_DEPENDENCY_RULE, SNIPPET_RULE];
