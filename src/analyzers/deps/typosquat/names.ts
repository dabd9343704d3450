// How package names are compared: the key a registry treats as one name, the look-alike skeleton a
// reader would not tell apart, and the parts of a structured name that belong to an owner.
import type { Ecosystem } from "../types.js";

/**
 * The form in which two names count as the same package. Registries differ: PyPI folds case and
 * treats `-`, `_` and `.` as one character (PEP 503), crates.io treats `-` and `_` as one, and the
 * others are compared without case because a name differing only in case reads as the same name.
 */
export function nameKey(ecosystem: Ecosystem, name: string): string {
  const lower = name.trim().toLowerCase();
  if (ecosystem === "pypi") return lower.replace(/[-_.]+/g, "-");
  if (ecosystem === "cargo") return lower.replace(/_/g, "-");
  return lower;
}

const SEPARATORS = /[-_.]/g;

/** The name without `-`, `_` and `.`, which readers and AI assistants swap freely. */
export function withoutSeparators(key: string): string {
  return key.replace(SEPARATORS, "");
}

// Characters from other scripts that render like ASCII letters in common fonts. NFKC already folds
// full-width forms, mathematical letters and ligatures; these are the ones it keeps distinct.
const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: "a", е: "e", ё: "e", һ: "h", і: "i", ї: "i", ј: "j", к: "k", о: "o", р: "p", с: "c", у: "y", х: "x",
  ѕ: "s", ԁ: "d", ԛ: "q", ԝ: "w",
  А: "A", В: "B", Е: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", Х: "X", У: "Y",
  І: "I", Ј: "J", Ѕ: "S",
  // Greek
  α: "a", ε: "e", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", υ: "u", χ: "x",
  Α: "A", Β: "B", Ε: "E", Ζ: "Z", Η: "H", Ι: "I", Κ: "K", Μ: "M", Ν: "N", Ο: "O", Ρ: "P", Τ: "T",
  Υ: "Y", Χ: "X",
  // Latin letters outside ASCII that lose a dot or a tail
  ı: "i", ȷ: "j", ɡ: "g", ɑ: "a", ǀ: "l", ɩ: "i",
};

/** Non-ASCII letters folded to the ASCII letter they imitate; accents are dropped. */
export function foldToAscii(name: string): string {
  // Nearly every name is plain ASCII already; skip the Unicode work for those.
  if (/^[\x20-\x7e]*$/.test(name)) return name;
  let out = "";
  for (const ch of name.normalize("NFKC")) out += CONFUSABLES[ch] ?? ch;
  return out.normalize("NFD").replace(/\p{M}+/gu, "");
}

/**
 * What a name looks like on screen, with look-alikes merged: `I`, `1` and `|` read as `l`, `0` as
 * `o`, `rn` as `m` and `vv` as `w`. Capital `I` is folded before lower-casing, because `jeIlyfish`
 * fools the eye only while the `I` is a capital.
 */
export function visualSkeleton(name: string): string {
  return foldToAscii(name.trim())
    .replace(/I/g, "l")
    .toLowerCase()
    .replace(/[1|]/g, "l")
    .replace(/0/g, "o")
    .replace(/rn/g, "m")
    .replace(/vv/g, "w");
}

/** Hosts whose first path element after the host is an account, so `host/account` is the owner. */
const ACCOUNT_HOSTS = new Set(["github.com", "gitlab.com", "bitbucket.org", "gitee.com", "codeberg.org", "git.sr.ht"]);

/** A name split into the parts that nest: scope and name, vendor and name, group and artifact, path elements. */
export function nameSegments(ecosystem: Ecosystem, key: string): string[] {
  switch (ecosystem) {
    case "npm": {
      const slash = key.indexOf("/");
      return key.startsWith("@") && slash > 0 ? [key.slice(0, slash), key.slice(slash + 1)] : [key];
    }
    case "packagist":
    case "go":
      return key.split("/");
    case "maven":
      return key.split(":");
    default:
      return [key];
  }
}

/**
 * How many leading segments name an owner who alone can publish below them: an npm scope, a
 * Packagist vendor, a Maven group (verified by Central), a Go module's host and account. Names that
 * differ only after an identical owner cannot be squatted by someone else.
 */
export function ownerDepth(ecosystem: Ecosystem, segments: readonly string[]): number {
  switch (ecosystem) {
    case "npm":
      return segments.length > 1 ? 1 : 0;
    case "packagist":
    case "maven":
      return 1;
    case "go":
      return ACCOUNT_HOSTS.has(segments[0] ?? "") ? 2 : 1;
    default:
      return 0;
  }
}
