// Name tricks that are not spelling mistakes: a language or tool word glued to a popular name
// (`lodash-js`, `python3-dateutil`, `node-chalk`), and a popular name with a reassuring word
// added (`requests-secure`, `official-axios`). Both are common in registry malware reports.

/** Words put in front of a name, joined by a separator: `node-`, `py-`, `python3-`. */
const PREFIXES = ["node", "nodejs", "js", "py", "py3", "python", "python3", "go", "golang", "rs", "rust", "rb", "ruby", "php"];

/** Words put after a name, joined by a separator: `-js`, `.js`, `-dev`, `-cli`. */
const SUFFIXES = [
  "js", "node", "nodejs", "py", "python", "python3", "go", "golang", "rs", "rb", "php",
  "dev", "cli", "util", "utils", "next", "lite", "2",
];

/** Suffixes also seen glued on without a separator: `reactjs`, `lodash2`. */
const GLUED_SUFFIXES = ["js", "2"];

const PREFIX_PATTERN = new RegExp(`^(?:${PREFIXES.join("|")})[-_.](.+)$`);
const SUFFIX_PATTERN = new RegExp(`^(.+?)[-_.](?:${SUFFIXES.join("|")})$`);
const GLUED_PATTERN = new RegExp(`^(.+?)(?:${GLUED_SUFFIXES.join("|")})$`);

/** The name after a language prefix (`python-dateutil` → `dateutil`), if it has one. */
export function stripPrefix(part: string): string | undefined {
  return PREFIX_PATTERN.exec(part)?.[1];
}

/** The names left after removing a known prefix, a known suffix, or one of each; empty when none applies. */
export function stripAffixes(part: string): string[] {
  const cores = new Set<string>();
  const afterPrefix = PREFIX_PATTERN.exec(part)?.[1];
  const bases = afterPrefix === undefined ? [part] : [part, afterPrefix];
  if (afterPrefix !== undefined) cores.add(afterPrefix);
  for (const base of bases) {
    const core = SUFFIX_PATTERN.exec(base)?.[1] ?? GLUED_PATTERN.exec(base)?.[1];
    if (core !== undefined) cores.add(core);
  }
  return [...cores];
}

/**
 * Words added to a popular name to make a new one look official, fixed or improved. Words that
 * popular projects use for their own companion packages (`config`, `plugin`, `types`, `core`, `lib`,
 * `helper`, `sdk`) are left out on purpose: they would flag the legitimate family of every popular package.
 */
export const COMBO_WORDS: ReadonlySet<string> = new Set([
  "secure", "security", "safe", "official", "verified", "trusted", "original", "real",
  "update", "updated", "updater", "latest", "new", "fix", "fixed", "patch", "patched", "hotfix",
  "pro", "plus", "premium", "free", "legacy", "stable", "beta",
  "install", "installer", "setup", "download", "downloader",
]);

/** Splits a name part at its separators, keeping each separator with the piece after it. */
export function splitWords(part: string): { words: string[]; joiners: string[] } {
  const words: string[] = [];
  const joiners: string[] = [];
  let start = 0;
  for (let i = 0; i < part.length; i++) {
    const ch = part[i];
    if (ch === "-" || ch === "_" || ch === ".") {
      words.push(part.slice(start, i));
      joiners.push(ch);
      start = i + 1;
    }
  }
  words.push(part.slice(start));
  return { words, joiners };
}

/**
 * Every way to read `part` as a popular-looking name plus combo words on one side:
 * `requests-secure` gives `requests`, `official-axios-latest` gives nothing (words on both sides).
 */
export function comboCores(part: string): string[] {
  const { words, joiners } = splitWords(part);
  if (words.some((w) => w.length === 0)) return [];
  const cores: string[] = [];
  const join = (from: number, to: number): string => {
    let out = words[from] ?? "";
    for (let i = from + 1; i < to; i++) out += (joiners[i - 1] ?? "-") + (words[i] ?? "");
    return out;
  };
  for (let split = 1; split < words.length; split++) {
    if (words.slice(split).every((w) => COMBO_WORDS.has(w))) cores.push(join(0, split));
    if (words.slice(0, split).every((w) => COMBO_WORDS.has(w))) cores.push(join(split, words.length));
  }
  return cores;
}
