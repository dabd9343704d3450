// Recognising licenses by their own words: the title and key sentences of each license text (for
// LICENSE and COPYING files, and license texts pasted into code), and the standard per-file notices.
// Every pattern runs on prose (see prose.ts): comment markers gone, whitespace collapsed.

export interface TextSignature {
  /** SPDX id, or a function of the match for texts that carry their version. */
  license: string | ((match: RegExpExecArray) => string);
  pattern: RegExp;
}

const dotted = (version: string | undefined, fallback: string): string => {
  if (version === undefined) return fallback;
  return version.includes(".") ? version : `${version}.0`;
};

function gnuTitle(match: RegExpExecArray): string {
  const kind = (match[1] ?? "").toUpperCase();
  const family = kind === "AFFERO" ? "AGPL" : kind === "LESSER" || kind === "LIBRARY" ? "LGPL" : "GPL";
  return `${family}-${dotted(match[2], "3.0")}-only`;
}

/**
 * License texts, copyleft first. Case matters in the titles: "GNU GENERAL PUBLIC LICENSE Version 3"
 * is the heading of the license itself, while mixed case is how people refer to it.
 */
export const COPYLEFT_TEXTS: readonly TextSignature[] = [
  { license: gnuTitle, pattern: /GNU\s+(?:(AFFERO|LESSER|LIBRARY)\s+)?GENERAL\s+PUBLIC\s+LICENSE\s+Version\s+(\d(?:\.\d)?),/ },
  { license: "GPL-3.0-only", pattern: /The\s+GNU\s+General\s+Public\s+License\s+is\s+a\s+free,\s+copyleft\s+license\s+for\s+software/i },
  { license: "AGPL-3.0-only", pattern: /The\s+GNU\s+Affero\s+General\s+Public\s+License\s+is\s+a\s+free,\s+copyleft\s+license/i },
  { license: "GPL-2.0-only", pattern: /TERMS\s+AND\s+CONDITIONS\s+FOR\s+COPYING,\s+DISTRIBUTION\s+AND\s+MODIFICATION\s+0\.\s+This\s+License\s+applies\s+to\s+any\s+program/ },
  { license: "MPL-2.0", pattern: /Mozilla\s+Public\s+License,?\s+[Vv]ersion\s+2\.0\s+(?:=+\s+)?1\.\s+Definitions/ },
  { license: "SSPL-1.0", pattern: /Server\s+Side\s+Public\s+License\s+VERSION\s+1/ },
  { license: (m) => `EUPL-${m[1] ?? "1.2"}`, pattern: /EUROPEAN\s+UNION\s+PUBLIC\s+LICEN[CS]E\s+v\.?\s*(1\.[012])/i },
  { license: (m) => `EPL-${m[1] ?? "2.0"}`, pattern: /Eclipse\s+Public\s+License\s+-\s+v\s+(1\.0|2\.0)\s+THE\s+ACCOMPANYING\s+PROGRAM/i },
  { license: (m) => `CDDL-${m[1] ?? "1.0"}`, pattern: /COMMON\s+DEVELOPMENT\s+AND\s+DISTRIBUTION\s+LICENSE\s+\(CDDL\)\s+Version\s+(1\.[01])/ },
  { license: (m) => `CC-BY-SA-${m[1] ?? "4.0"}`, pattern: /Attribution-ShareAlike\s+(\d\.\d)\s+International\s+Public\s+License/i },
];

/** Permissive and other license texts, for telling what license an indexed file is under. */
export const OTHER_TEXTS: readonly TextSignature[] = [
  { license: "Apache-2.0", pattern: /Apache\s+License,?\s+Version\s+2\.0/i },
  { license: "MIT", pattern: /Permission\s+is\s+hereby\s+granted,\s+free\s+of\s+charge,\s+to\s+any\s+person\s+obtaining\s+a\s+copy/i },
  { license: "ISC", pattern: /Permission\s+to\s+use,\s+copy,\s+modify,\s+and\/?o?r?\s+distribute\s+this\s+software\s+for\s+any\s+purpose\s+with\s+or\s+without\s+fee/i },
  { license: "BSD-3-Clause", pattern: /Redistribution\s+and\s+use\s+in\s+source\s+and\s+binary\s+forms[\s\S]{0,900}?Neither\s+the\s+name/i },
  { license: "BSD-2-Clause", pattern: /Redistribution\s+and\s+use\s+in\s+source\s+and\s+binary\s+forms/i },
  { license: "Unlicense", pattern: /This\s+is\s+free\s+and\s+unencumbered\s+software\s+released\s+into\s+the\s+public\s+domain/i },
  { license: "BSL-1.0", pattern: /Boost\s+Software\s+License\s+-\s+Version\s+1\.0/i },
  { license: "Zlib", pattern: /This\s+software\s+is\s+provided\s+'as-is',\s+without\s+any\s+express\s+or\s+implied\s+warranty/i },
];

export interface TextMatch {
  license: string;
  index: number;
  length: number;
}

export function matchSignature(signature: TextSignature, prose: string): TextMatch | undefined {
  const match = signature.pattern.exec(prose);
  if (!match) return undefined;
  const license = typeof signature.license === "string" ? signature.license : signature.license(match);
  return { license, index: match.index, length: match[0].length };
}

/** The license a LICENSE/COPYING text is, when its words say; copyleft texts win over permissive ones. */
export function classifyLicenseText(prose: string): string | undefined {
  for (const signature of [...COPYLEFT_TEXTS, ...OTHER_TEXTS]) {
    const match = matchSignature(signature, prose);
    if (match) return match.license;
  }
  return undefined;
}
