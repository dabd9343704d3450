// License text in added code: SPDX tags, notices, license texts and grants that put the code under a
// copyleft (or non-commercial) license. The dependency policy does not apply here: copyleft text in
// your own files makes those files subject to it, whatever is acceptable for a dependency.
import { createHash } from "node:crypto";
import { onAddedLines, type AnalyzerFinding, type SourceFile } from "../types.js";
import { CATEGORY_PATTERNS, CATEGORY_WORDS, licenseCategory, type LicenseCategory } from "./categories.js";
import { findHeaders, findLicenseTexts, findNotices, findSpdxTags, type LicenseMention, type MentionKind } from "./detect.js";
import { effectiveLicensePolicy, evaluateLicense } from "./evaluate.js";
import { toProse } from "./prose.js";
import { HEADER_RULE, LICENSE_TEXT_RULE, NOTICE_RULE, SPDX_TAG_RULE } from "./rules.js";
import { normalizeLicense, type LicenseNode } from "./spdx.js";

/**
 * One test decides whether a file can mention a license at all; most files stop here. Only words that
 * stay on one line in practice: notices wrap anywhere ("General Public\n * License").
 */
const PREFILTER =
  /SPDX-License-Identifier|General\s+Public|GPL|Mozilla\s+Public|Source\s+Code\s+Form|EUPL|European\s+Union|Share-?Alike|Eclipse\s+Public|Common\s+Development|Server\s+Side|@license|MODULE_LICENSE|__license__/i;

/** A concatenated bundle of copied files reports this many per rule, not hundreds. */
export const MAX_FINDINGS_PER_RULE = 20;

const COPYLEFT_PATTERNS = [
  ...CATEGORY_PATTERNS["network-copyleft"],
  ...CATEGORY_PATTERNS["strong-copyleft"],
  ...CATEGORY_PATTERNS["weak-copyleft"],
  ...CATEGORY_PATTERNS["non-commercial"],
];
// Any exception counts here too: a GPL file with a linking exception is still GPL code once pasted in.
const TEXT_POLICY = effectiveLicensePolicy({ deny: [...COPYLEFT_PATTERNS, ...COPYLEFT_PATTERNS.map((p) => `${p} WITH *`)], exceptions: [] });

const RULES = { "spdx-tag": SPDX_TAG_RULE, header: HEADER_RULE, "license-text": LICENSE_TEXT_RULE, notice: NOTICE_RULE } as const;
const WORDS: Readonly<Record<MentionKind, string>> = {
  "spdx-tag": "An SPDX-License-Identifier tag",
  header: "A license notice",
  "license-text": "The text of the license",
  notice: "A license statement",
};

/** The copyleft categories an expression cannot avoid, worst first; empty when one choice is not copyleft. */
export function unavoidableCategories(tree: LicenseNode): { categories: LicenseCategory[]; withException: boolean } {
  const verdict = evaluateLicense(tree, TEXT_POLICY);
  if (verdict.verdict !== "denied") return { categories: [], withException: false };
  const categories = new Set<LicenseCategory>();
  let withException = false;
  for (const denial of verdict.denials) {
    const [id = "", exception] = denial.license.split(" WITH ");
    const category = licenseCategory(id);
    if (category) categories.add(category);
    if (exception !== undefined) withException = true;
  }
  const order: LicenseCategory[] = ["network-copyleft", "strong-copyleft", "non-commercial", "weak-copyleft"];
  return { categories: order.filter((c) => categories.has(c)), withException };
}

function toFinding(path: string, lines: string[], mention: LicenseMention, tree: LicenseNode): AnalyzerFinding | undefined {
  const { categories, withException } = unavoidableCategories(tree);
  const worst = categories[0];
  if (worst === undefined) return undefined;
  const rule = RULES[mention.kind];
  const severity = worst === "weak-copyleft" || withException ? "medium" : mention.kind === "license-text" || mention.kind === "notice" ? rule.severity : "high";
  const first = lines[mention.startLine - 1] ?? "";
  const last = (lines[mention.endLine - 1] ?? "").replace(/\r$/, "");
  const what = categories.map((c) => CATEGORY_WORDS[c]).join(", ");
  return {
    ruleId: rule.id,
    severity,
    cwe: [],
    message: `${WORDS[mention.kind]} puts this code under ${mention.license} (${what}): code copied from a project under that license brings its terms into this repository. Remove it and write the code yourself, or get legal approval to keep it.`,
    location: {
      path,
      startLine: mention.startLine,
      startColumn: first.length - first.trimStart().length + 1,
      endLine: mention.endLine,
      endColumn: Array.from(last).length + 1,
    },
    evidence: mention.license,
    fingerprintText: createHash("sha256").update(`${mention.license}\0${mention.text.toLowerCase()}`).digest("hex"),
  };
}

/** Every license mention in a text, whatever the license; the index uses this to label files. */
export function licenseMentions(text: string): LicenseMention[] {
  if (!PREFILTER.test(text)) return [];
  const prose = toProse(text);
  const mentions: LicenseMention[] = [];
  for (const tag of findSpdxTags(text)) {
    if (tag.license.ok) mentions.push({ kind: "spdx-tag", license: tag.license.expression, startLine: tag.line, endLine: tag.line, text: tag.text });
  }
  const texts = findLicenseTexts(prose);
  // A license text contains its own "how to apply" notice; the text is reported, not the notice in it.
  const inText = (m: LicenseMention): boolean => texts.some((t) => t.license.split("-")[0] === m.license.split("-")[0]);
  mentions.push(...texts, ...findHeaders(prose).filter((m) => !inText(m)));
  const headers = mentions.filter((m) => m.kind === "header" || m.kind === "license-text");
  const overlaps = (m: LicenseMention): boolean => headers.some((h) => m.startLine <= h.endLine && m.endLine >= h.startLine);
  mentions.push(...findNotices(prose, text).filter((m) => !overlaps(m) && !inText(m)));
  return mentions.sort((a, b) => a.startLine - b.startLine || a.kind.localeCompare(b.kind));
}

export function analyzeLicenseText(file: SourceFile): AnalyzerFinding[] {
  const mentions = licenseMentions(file.text);
  if (mentions.length === 0) return [];
  const lines = file.text.split("\n");
  const findings: AnalyzerFinding[] = [];
  const textsSeen = new Set<string>();
  for (const mention of mentions) {
    if (mention.kind === "license-text") {
      if (textsSeen.has(mention.license)) continue;
      textsSeen.add(mention.license);
    }
    const normalized = normalizeLicense(mention.license);
    const finding = normalized.ok ? toFinding(file.path, lines, mention, normalized.tree) : undefined;
    if (finding) findings.push(finding);
  }
  const perRule = new Map<string, number>();
  return onAddedLines(file, findings).filter((f) => {
    const count = (perRule.get(f.ruleId) ?? 0) + 1;
    perRule.set(f.ruleId, count);
    return count <= MAX_FINDINGS_PER_RULE;
  });
}
