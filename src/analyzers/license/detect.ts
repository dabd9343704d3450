// Where a file states a license: SPDX-License-Identifier tags, the standard per-file notices of
// copyleft licenses, license texts, and short grant statements ("licensed under the GPLv3",
// `@license`, `MODULE_LICENSE("GPL")`). Pure functions of the text; the analyzer decides what to report.
import { COPYLEFT_TEXTS, matchSignature } from "./license-texts.js";
import { lineAt, type Prose } from "./prose.js";
import { normalizeLicense, type NormalizedLicense } from "./spdx.js";

export type MentionKind = "spdx-tag" | "header" | "license-text" | "notice";

export interface LicenseMention {
  kind: MentionKind;
  /** An SPDX expression. */
  license: string;
  startLine: number;
  endLine: number;
  /** The words that state it, whitespace collapsed, for the fingerprint. */
  text: string;
}

const versionOf = (raw: string | undefined): string | undefined => (raw === undefined ? undefined : raw.includes(".") ? raw : `${raw}.0`);

function gnuId(kind: string | undefined, version: string | undefined, later: boolean): string {
  const word = (kind ?? "").toLowerCase();
  const family = word === "affero" ? "AGPL" : word === "lesser" || word === "library" ? "LGPL" : "GPL";
  // The Library GPL is LGPL 2.0; a notice without a version allows any version.
  const fallback = family === "AGPL" ? "3.0" : family === "LGPL" ? "2.0" : "1.0";
  const v = versionOf(version) ?? (word === "library" ? "2.0" : fallback);
  return `${family}-${v}-${later || version === undefined ? "or-later" : "only"}`;
}

interface HeaderPattern {
  pattern: RegExp;
  license: (match: RegExpExecArray, after: string) => string;
}

const GNU_HEADER = /you\s+can\s+redistribute\s+it\s+and\/or\s+modify\s+it\s+under\s+the\s+terms\s+of\s+the\s+GNU\s+(?:(Affero|Lesser|Library)\s+)?General\s+Public\s+Licen[cs]e(?:,?\s+version\s+(\d(?:\.\d)?))?/gi;

/** The per-file notices; the GNU one reads its version from the sentence after the anchor. */
const HEADERS: readonly HeaderPattern[] = [
  {
    pattern: GNU_HEADER,
    license: (m, after) => {
      const sentence = after.slice(0, 260);
      const version = m[2] ?? /either\s+version\s+(\d(?:\.\d)?)/i.exec(sentence)?.[1] ?? /\bversion\s+(\d(?:\.\d)?)/i.exec(sentence)?.[1];
      return gnuId(m[1], version, /any\s+later\s+version/i.test(sentence));
    },
  },
  { pattern: /This\s+Source\s+Code\s+Form\s+is\s+subject\s+to\s+the\s+terms\s+of\s+the\s+Mozilla\s+Public\s+License,?\s+v(?:ersion|\.)?\s*2\.0/gi, license: () => "MPL-2.0" },
  { pattern: /The\s+contents\s+of\s+this\s+file\s+are\s+subject\s+to\s+the\s+Mozilla\s+Public\s+License\s+Version\s+(1\.[01])/gi, license: (m) => `MPL-${m[1] ?? "1.1"}` },
  {
    pattern: /(?:made\s+available|licensed)\s+under\s+the\s+terms\s+of\s+the\s+Eclipse\s+Public\s+License,?\s+(?:v(?:ersion|\.)?\s*)?(1\.0|2\.0)/gi,
    license: (m) => `EPL-${m[1] ?? "2.0"}`,
  },
  { pattern: /subject\s+to\s+the\s+terms\s+of\s+the\s+Common\s+Development\s+and\s+Distribution\s+License(?:\s+\(?CDDL\)?)?(?:\s+Version\s+(1\.[01]))?/gi, license: (m) => `CDDL-${m[1] ?? "1.0"}` },
  {
    pattern: /Licensed\s+under\s+the\s+(?:EUPL|European\s+Union\s+Public\s+Licen[cs]e)(?:,?\s+(?:v(?:ersion|\.)?\s*)?(1\.[012]))?/gi,
    license: (m) => `EUPL-${m[1] ?? "1.2"}`,
  },
  { pattern: /under\s+the\s+terms\s+of\s+the\s+Server\s+Side\s+Public\s+License/gi, license: () => "SSPL-1.0" },
  {
    pattern: /(?:licensed|available|released|published|distributed)\s+under\s+(?:a\s+|the\s+)?(?:terms\s+of\s+the\s+)?Creative\s+Commons\s+Attribution[-\s]Share[-\s]?Alike(?:\s+(?:License\s+)?(\d\.\d))?/gi,
    license: (m) => `CC-BY-SA-${m[1] ?? "4.0"}`,
  },
];

/** A short grant of a GNU license in prose. */
const GNU_NOTICE =
  /\b(?:licen[cs]ed|released|distributed|made\s+available|available|published|provided|offered|covered)\s+under\s+(?:the\s+)?(?:terms\s+of\s+(?:the\s+)?)?(?:GNU\s+)?(?:(Affero|Lesser|Library)\s+General\s+Public\s+Licen[cs]e|(General\s+Public\s+Licen[cs]e)|\b(A|L)?GPL)(?:[\s-]*(?:v|version\s*)?(\d(?:\.\d)?))?(\+|,?\s+or\s+(?:\(at\s+your\s+option\)\s+)?(?:any\s+)?later(?:\s+version)?)?/gi;
/** A quote or backtick right before a statement: it is being cited ("such as …"), not made. */
const QUOTED = /["'`\u201c\u2018]\s*$/;
/** What may stand before an SPDX tag on its line: nothing but comment markers (not code, not a string). */
const TAG_PREFIX = /^\s*(?:\/\/+!?|#+'?|\/\*+!?|\*+|--+|;+|<!--|%+|'|"""|\{-|\(\*|REM\b|\.\.|@REM\b|dnl\b)?\s*$/i;
const NEGATION = /\b(?:not|never|no\s+longer|nor|isn't|aren't|wasn't|without|instead\s+of|rather\s+than)\b[^.]{0,30}$/i;
const PERMISSIVE_CHOICE = /^[^.;]{0,40}?\bor\s+(?:the\s+)?(?:MIT|Apache|BSD|ISC|Unlicense|zlib|CC0|Boost)\b/i;

function gnuNotice(m: RegExpExecArray): string {
  const kind = m[1] ?? (m[3] === "A" || m[3] === "a" ? "Affero" : m[3] === "L" || m[3] === "l" ? "Lesser" : undefined);
  return gnuId(kind, m[4], m[5] !== undefined);
}

function span(prose: Prose, index: number, length: number) {
  return { startLine: lineAt(prose, index), endLine: lineAt(prose, Math.max(index, index + length - 1)) };
}

/** `SPDX-License-Identifier: <expression>` lines, with the expression read (or why it could not be). */
export function findSpdxTags(text: string): { line: number; license: NormalizedLicense; text: string }[] {
  const found: { line: number; license: NormalizedLicense; text: string }[] = [];
  const pattern = /SPDX-License-Identifier:[ \t]*([^\r\n]*)/gi;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const lineStart = text.lastIndexOf("\n", m.index) + 1;
    if (!TAG_PREFIX.test(text.slice(lineStart, m.index))) continue;
    const raw = (m[1] ?? "").replace(/\s*(?:\*\/|-->|\*\)|"""|'''|["'`;,]+)\s*$/, "").trim();
    if (raw === "") continue;
    const line = text.slice(0, m.index).split("\n").length;
    found.push({ line, license: normalizeLicense(raw), text: m[0].trim() });
  }
  return found;
}

export function findHeaders(prose: Prose): LicenseMention[] {
  const found: LicenseMention[] = [];
  for (const header of HEADERS) {
    header.pattern.lastIndex = 0;
    for (let m = header.pattern.exec(prose.text); m; m = header.pattern.exec(prose.text)) {
      const license = header.license(m, prose.text.slice(m.index + m[0].length));
      found.push({ kind: "header", license, ...span(prose, m.index, m[0].length), text: m[0].replace(/\s+/g, " ") });
    }
  }
  return found;
}

export function findLicenseTexts(prose: Prose): LicenseMention[] {
  const found: LicenseMention[] = [];
  for (const signature of COPYLEFT_TEXTS) {
    const match = matchSignature(signature, prose.text);
    if (match) found.push({ kind: "license-text", license: match.license, ...span(prose, match.index, match.length), text: prose.text.slice(match.index, match.index + match.length) });
  }
  return found;
}

/** Grants in prose, and in the license fields of code (`@license`, `MODULE_LICENSE`, `__license__`). */
export function findNotices(prose: Prose, text: string): LicenseMention[] {
  const found: LicenseMention[] = [];
  GNU_NOTICE.lastIndex = 0;
  for (let m = GNU_NOTICE.exec(prose.text); m; m = GNU_NOTICE.exec(prose.text)) {
    const before = prose.text.slice(Math.max(0, m.index - 40), m.index);
    const after = prose.text.slice(m.index + m[0].length);
    if (NEGATION.test(before) || QUOTED.test(before) || PERMISSIVE_CHOICE.test(after)) continue;
    found.push({ kind: "notice", license: gnuNotice(m), ...span(prose, m.index, m[0].length), text: m[0].replace(/\s+/g, " ") });
  }
  const fields = /(?:@license\s+([A-Za-z][\w.+-]*(?:\s+(?:OR|AND|WITH)\s+[\w.+-]+)*)|MODULE_LICENSE\(\s*"([^"\n]{1,60})"\s*\)|__license__\s*=\s*["']([^"'\n]{1,60})["'])/g;
  for (let m = fields.exec(text); m; m = fields.exec(text)) {
    if (QUOTED.test(text.slice(Math.max(0, m.index - 2), m.index))) continue;
    const line = text.slice(0, m.index).split("\n").length;
    const license = m[2] !== undefined ? kernelLicense(m[2]) : normalizedExpression(m[1] ?? m[3] ?? "");
    if (license !== undefined) found.push({ kind: "notice", license, startLine: line, endLine: line, text: m[0] });
  }
  return found;
}

function normalizedExpression(declared: string): string | undefined {
  const normalized = normalizeLicense(declared);
  return normalized.ok ? normalized.expression : undefined;
}

/** The Linux kernel's own license strings (include/linux/module.h). */
function kernelLicense(value: string): string | undefined {
  const known: Record<string, string> = {
    GPL: "GPL-2.0-or-later",
    "GPL v2": "GPL-2.0-only",
    "GPL and additional rights": "GPL-2.0-or-later",
    "Dual BSD/GPL": "BSD-3-Clause OR GPL-2.0-only",
    "Dual MIT/GPL": "MIT OR GPL-2.0-only",
    "Dual MPL/GPL": "MPL-1.1 OR GPL-2.0-only",
  };
  return known[value];
}
