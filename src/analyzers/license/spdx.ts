// Declared licenses as SPDX expressions. What package files and registries say ranges from clean SPDX
// ("MIT OR Apache-2.0") through deprecated ids ("GPL-3.0") to free text ("Apache 2", "GPLv3", "BSD");
// each is read into one expression tree with current ids, and says when it had to be corrected.
import { createRequire } from "node:module";
import correct from "spdx-correct";
import parseSpdx from "spdx-expression-parse";
import { z } from "zod";

const require = createRequire(import.meta.url);
const IdList = z.array(z.string());
/** Every current SPDX license id (spdx-license-ids, which follows the SPDX license list). */
export const LICENSE_IDS: readonly string[] = IdList.parse(require("spdx-license-ids"));
export const DEPRECATED_LICENSE_IDS: readonly string[] = IdList.parse(require("spdx-license-ids/deprecated.json"));
export const EXCEPTION_IDS: readonly string[] = IdList.parse(require("spdx-exceptions"));

export interface LicenseLeaf {
  kind: "license";
  /** A current SPDX id, or `LicenseRef-…` / `DocumentRef-…:LicenseRef-…` for a license SPDX does not list. */
  id: string;
  /** `+`: this version or any later one. Current GNU ids spell it `-or-later` instead. */
  plus: boolean;
  exception?: string;
}

export interface LicenseConjunction {
  kind: "and" | "or";
  left: LicenseNode;
  right: LicenseNode;
}

export type LicenseNode = LicenseLeaf | LicenseConjunction;

export type NormalizedLicense =
  | {
      ok: true;
      /** The expression with current ids, e.g. `MIT OR GPL-3.0-only`. */
      expression: string;
      tree: LicenseNode;
      /** What was declared, when it differs from `expression` beyond spacing. */
      correctedFrom?: string;
    }
  | { ok: false; declared: string; reason: string };

/** Declarations longer than this are license texts or prose, not identifiers. */
export const MAX_DECLARED_LENGTH = 300;

// Deprecated GNU ids meant "this version only"; `+` on them meant "or later" (SPDX license list 3.0).
const GNU_FAMILY = /^(A?GPL|LGPL|GFDL)-(\d\.\d)$/;
const DEPRECATED_WITH_EXCEPTION: Readonly<Record<string, { id: string; exception: string }>> = {
  "GPL-2.0-with-GCC-exception": { id: "GPL-2.0-or-later", exception: "GCC-exception-2.0" },
  "GPL-2.0-with-autoconf-exception": { id: "GPL-2.0-or-later", exception: "Autoconf-exception-2.0" },
  "GPL-2.0-with-bison-exception": { id: "GPL-2.0-or-later", exception: "Bison-exception-2.2" },
  "GPL-2.0-with-classpath-exception": { id: "GPL-2.0-only", exception: "Classpath-exception-2.0" },
  "GPL-2.0-with-font-exception": { id: "GPL-2.0-only", exception: "Font-exception-2.0" },
  "GPL-3.0-with-GCC-exception": { id: "GPL-3.0-or-later", exception: "GCC-exception-3.1" },
  "GPL-3.0-with-autoconf-exception": { id: "GPL-3.0-or-later", exception: "Autoconf-exception-3.0" },
};
const RENAMED: Readonly<Record<string, string>> = {
  "BSD-2-Clause-FreeBSD": "BSD-2-Clause",
  "BSD-2-Clause-NetBSD": "BSD-2-Clause",
  "StandardML-NJ": "SMLNJ",
  "bzip2-1.0.5": "bzip2-1.0.6",
};

/** Words that say "no license" or "not stated" rather than naming one. */
const NOT_A_LICENSE: Readonly<Record<string, string>> = {
  unlicensed: "declares UNLICENSED: its authors grant no rights to use it",
  noassertion: "declares NOASSERTION: no license was stated",
  none: "declares NONE: no license",
  unknown: "declares its license as unknown",
  proprietary: "declares a proprietary license",
  "see license in license": "refers to a license file that is not in the metadata",
};

function upgradeLeaf(leaf: LicenseLeaf): LicenseLeaf {
  const withException = DEPRECATED_WITH_EXCEPTION[leaf.id];
  if (withException) return { kind: "license", id: withException.id, plus: false, exception: withException.exception };
  const gnu = GNU_FAMILY.exec(leaf.id);
  if (gnu) {
    const upgraded: LicenseLeaf = { kind: "license", id: `${gnu[1] ?? ""}-${gnu[2] ?? ""}-${leaf.plus ? "or-later" : "only"}`, plus: false };
    if (leaf.exception !== undefined) upgraded.exception = leaf.exception;
    return upgraded;
  }
  const renamed = RENAMED[leaf.id];
  return renamed === undefined ? leaf : { ...leaf, id: renamed };
}

function fromParsed(info: parseSpdx.Info): LicenseNode {
  if ("conjunction" in info) return { kind: info.conjunction, left: fromParsed(info.left), right: fromParsed(info.right) };
  const leaf: LicenseLeaf = { kind: "license", id: info.license, plus: info.plus === true };
  if (info.exception !== undefined) leaf.exception = info.exception;
  return upgradeLeaf(leaf);
}

/** The expression as text: AND binds tighter than OR, so only an OR inside an AND needs parentheses. */
export function formatLicense(node: LicenseNode): string {
  if (node.kind === "license") return `${node.id}${node.plus ? "+" : ""}${node.exception === undefined ? "" : ` WITH ${node.exception}`}`;
  const side = (child: LicenseNode): string => (node.kind === "and" && child.kind === "or" ? `(${formatLicense(child)})` : formatLicense(child));
  return `${side(node.left)} ${node.kind.toUpperCase()} ${side(node.right)}`;
}

function tryParse(text: string): LicenseNode | undefined {
  try {
    return fromParsed(parseSpdx(text));
  } catch {
    return undefined;
  }
}

function tryCorrect(text: string): LicenseNode | undefined {
  const corrected = correct(text, { upgrade: true });
  return corrected === null ? undefined : tryParse(corrected);
}

/** `MIT/Apache-2.0`, `MIT, GPL-2.0` and `MIT or GPL` as alternatives; `Apache 2 and MIT` as both. */
function correctParts(text: string): LicenseNode | undefined {
  const conjunction = /\s+and\s+|\s*&\s*/i.test(text) && !/\s+or\s+|\//i.test(text) ? "and" : "or";
  const parts = text
    .replace(/^\(|\)$/g, "")
    .split(/\s+(?:and|or)\s+|\s*[/,;&|]\s*/i)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length < 2) return undefined;
  const nodes: LicenseNode[] = [];
  for (const part of parts) {
    const node = tryParse(part) ?? tryCorrect(part);
    if (node === undefined) return undefined;
    nodes.push(node);
  }
  return nodes.reduce((left, right) => ({ kind: conjunction, left, right }));
}

const squeeze = (text: string): string => text.replace(/\s+/g, " ").replace(/\(\s+/g, "(").replace(/\s+\)/g, ")").trim();

/**
 * Reads a declared license into an SPDX expression with current ids. Clean SPDX is taken as it is
 * (deprecated ids upgraded); anything else goes through spdx-correct, split at `/`, `,`, `or` and
 * `and` when every part reads as a license, else whole. What cannot be read is `ok: false` with the reason.
 */
export function normalizeLicense(declared: string): NormalizedLicense {
  const text = squeeze(declared);
  if (text === "") return { ok: false, declared, reason: "declares an empty license" };
  if (text.length > MAX_DECLARED_LENGTH) return { ok: false, declared: `${text.slice(0, 60)}…`, reason: "declares a license text instead of an SPDX identifier" };
  const lower = text.toLowerCase().replace(/^\(|\)$/g, "");
  // Checked before correction: spdx-correct would read UNLICENSED as the Unlicense, its opposite.
  const notLicense = NOT_A_LICENSE[lower] ?? (lower.startsWith("see license in") ? NOT_A_LICENSE["see license in license"] : undefined);
  if (notLicense !== undefined) return { ok: false, declared: text, reason: notLicense };
  // Parts first: spdx-correct reads `MIT/Apache-2.0` as Apache-2.0 alone.
  const tree = tryParse(text) ?? correctParts(text) ?? tryCorrect(text);
  if (tree === undefined) return { ok: false, declared: text, reason: `declares "${text}", which is not an SPDX license expression` };
  const expression = formatLicense(tree);
  const result: NormalizedLicense = { ok: true, expression, tree };
  if (squeeze(expression.replace(/[()]/g, "")) !== squeeze(text.replace(/[()]/g, ""))) result.correctedFrom = text;
  return result;
}

/** The leaves of an expression, left to right. */
export function licenseLeaves(node: LicenseNode): LicenseLeaf[] {
  return node.kind === "license" ? [node] : [...licenseLeaves(node.left), ...licenseLeaves(node.right)];
}

export function isLicenseRef(id: string): boolean {
  return /^(?:DocumentRef-[\w.-]+:)?LicenseRef-[\w.-]+$/.test(id);
}

const KNOWN_IDS = new Set([...LICENSE_IDS, ...DEPRECATED_LICENSE_IDS].map((id) => id.toLowerCase()));
const KNOWN_EXCEPTIONS = new Set(EXCEPTION_IDS.map((id) => id.toLowerCase()));

export function isKnownLicenseId(id: string): boolean {
  return KNOWN_IDS.has(id.toLowerCase());
}

export function isKnownExceptionId(id: string): boolean {
  return KNOWN_EXCEPTIONS.has(id.toLowerCase());
}
