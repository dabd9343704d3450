// go.mod: `require` lines and blocks, with `replace` applied and `exclude` checked. Since Go 1.17 a
// tidy go.mod lists every module the build needs, marking those the main module does not import
// itself with `// indirect`, so the versions here are the ones the build selects.
import type { Dependency, EcosystemParser, ParseDiagnostic, ParseResult } from "../../types.js";
import { baseName, capDiagnostic, checkText, guarded, insideFolder, invalid, MAX_ENTRIES } from "../cargo/common.js";
import { golangPurl } from "./purl.js";

interface Line {
  tokens: string[];
  comment: string;
  number: number;
}

interface Requirement {
  module: string;
  version: string;
  indirect: boolean;
  line: number;
}

interface Replacement {
  module: string;
  /** Only this version is replaced; undefined replaces every version. */
  version?: string;
  target: string;
  targetVersion?: string;
}

/** Directives that change nothing about which third-party modules are built. */
const IGNORED_DIRECTIVES = new Set(["module", "go", "toolchain", "godebug", "retract", "tool", "ignore"]);
const KNOWN_DIRECTIVES = new Set([...IGNORED_DIRECTIVES, "require", "replace", "exclude"]);

export const goModParser: EcosystemParser = {
  ecosystem: "go",
  name: "go.mod",
  matches: (path) => baseName(path) === "go.mod" && !insideFolder(path, ["vendor", "node_modules"]),
  parse: guarded("go.mod", parseGoMod),
};

function parseGoMod(path: string, text: string): ParseResult {
  const body = checkText(path, text, "go.mod");
  const diagnostics: ParseDiagnostic[] = [];
  const requirements: Requirement[] = [];
  const replacements: Replacement[] = [];
  const excluded = new Set<string>();
  for (const { verb, line } of directives(path, body)) {
    if (requirements.length + replacements.length + diagnostics.length >= MAX_ENTRIES) {
      diagnostics.push(capDiagnostic(path, line.number));
      break;
    }
    switch (verb) {
      case "require":
        requirements.push(readRequire(path, line));
        break;
      case "replace":
        replacements.push(readReplace(path, line));
        break;
      case "exclude": {
        const [module, version] = expectPair(path, line, "exclude");
        excluded.add(`${module}@${version}`);
        break;
      }
      default:
        if (!IGNORED_DIRECTIVES.has(verb)) diagnostics.push({ path, line: line.number, message: `unknown directive \`${verb}\`; ignored` });
    }
  }
  const byModule = new Map<string, Replacement[]>();
  for (const replacement of replacements) {
    const list = byModule.get(replacement.module);
    if (list === undefined) byModule.set(replacement.module, [replacement]);
    else list.push(replacement);
  }
  const dependencies = requirements.map((requirement) => {
    if (excluded.has(`${requirement.module}@${requirement.version}`)) {
      diagnostics.push({ path, line: requirement.line, message: `${requirement.module} ${requirement.version} is both required and excluded; the go command will pick another version` });
    }
    if (!/^v\d/.test(requirement.version)) {
      diagnostics.push({ path, line: requirement.line, message: `${requirement.module}: "${requirement.version}" is not a canonical module version; run \`go mod tidy\`` });
    }
    return toDependency(path, requirement, replacementFor(requirement, byModule));
  });
  return { dependencies, diagnostics };
}

/** Each directive line, with block lines (`require ( … )`) expanded to their verb. */
function* directives(path: string, text: string): Generator<{ verb: string; line: Line }> {
  let block: { verb: string; line: number } | undefined;
  for (const line of lexLines(path, text)) {
    const [first, ...rest] = line.tokens;
    if (first === undefined) continue;
    if (block !== undefined) {
      if (first === ")") block = undefined;
      // A directive keyword inside a block means its `)` went missing (a bad merge or a hand edit).
      else if (KNOWN_DIRECTIVES.has(first) && rest.length > 0) throw unclosedBlock(path, block);
      else yield { verb: block.verb, line };
      continue;
    }
    if (rest[0] === "(") {
      if (rest[1] !== ")") block = { verb: first, line: line.number };
      continue;
    }
    yield { verb: first, line: { ...line, tokens: rest } };
  }
  if (block !== undefined) throw unclosedBlock(path, block);
}

function unclosedBlock(path: string, block: { verb: string; line: number }): Error {
  return invalid(path, block.line, `the \`${block.verb} (\` block is never closed`, "add the closing `)` or regenerate go.mod with `go mod tidy`");
}

// A bare word runs until whitespace, a quote, a parenthesis, `=>` or `//`. Sticky, so lexing a long
// line never copies its tail.
const WORD = /[^\s()"`]+?(?==>|\/\/|[\s()"`]|$)/y;

/** Splits lines into tokens (bare words, "quoted" and `raw` strings, parentheses, `=>`) and the trailing comment. */
function* lexLines(path: string, text: string): Generator<Line> {
  const lines = text.split("\n");
  for (const [index, raw] of lines.entries()) {
    const tokens: string[] = [];
    let comment = "";
    let at = 0;
    while (at < raw.length) {
      const char = raw[at] ?? "";
      if (/\s/.test(char)) {
        at++;
      } else if (raw.startsWith("//", at)) {
        comment = raw.slice(at + 2).trim();
        break;
      } else if (char === '"' || char === "`") {
        const end = closingQuote(raw, at, char);
        if (end === -1) throw invalid(path, index + 1, "unterminated string", "close the quote");
        tokens.push(unquote(raw.slice(at, end + 1)));
        at = end + 1;
      } else if (char === "(" || char === ")") {
        tokens.push(char);
        at++;
      } else if (raw.startsWith("=>", at)) {
        tokens.push("=>");
        at += 2;
      } else {
        WORD.lastIndex = at;
        const word = WORD.exec(raw)?.[0] ?? char;
        tokens.push(word);
        at += word.length;
      }
    }
    yield { tokens, comment, number: index + 1 };
  }
}

function closingQuote(line: string, start: number, quote: string): number {
  for (let at = start + 1; at < line.length; at++) {
    if (quote === '"' && line[at] === "\\") {
      at++;
      continue;
    }
    if (line[at] === quote) return at;
  }
  return -1;
}

function unquote(raw: string): string {
  if (raw.startsWith("`")) return raw.slice(1, -1);
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "string" ? value : raw.slice(1, -1);
  } catch {
    return raw.slice(1, -1);
  }
}

function expectPair(path: string, line: Line, verb: string): [string, string] {
  const [module, version, extra] = line.tokens;
  if (module === undefined || version === undefined || extra !== undefined) {
    throw invalid(path, line.number, `\`${verb}\` needs a module path and a version, found "${line.tokens.join(" ")}"`, "write `module/path vX.Y.Z` or regenerate go.mod with `go mod tidy`");
  }
  return [module, version];
}

function readRequire(path: string, line: Line): Requirement {
  const [module, version] = expectPair(path, line, "require");
  // `// indirect` may be followed by more comment text after a semicolon.
  const indirect = /^indirect(?:$|;)/.test(line.comment);
  return { module, version, indirect, line: line.number };
}

function readReplace(path: string, line: Line): Replacement {
  const arrow = line.tokens.indexOf("=>");
  const left = line.tokens.slice(0, arrow);
  const right = line.tokens.slice(arrow + 1);
  const [module, version] = left;
  const [target, targetVersion] = right;
  if (arrow === -1 || module === undefined || target === undefined || left.length > 2 || right.length > 2) {
    throw invalid(path, line.number, `malformed replace "${line.tokens.join(" ")}"`, "write `old/module [version] => new/module version` or `old/module => ../local/dir`");
  }
  return {
    module,
    target,
    ...(version === undefined ? {} : { version }),
    ...(targetVersion === undefined ? {} : { targetVersion }),
  };
}

/** The replacement that applies to a requirement: a version-specific one wins over a wildcard one. */
function replacementFor(requirement: Requirement, byModule: ReadonlyMap<string, readonly Replacement[]>): Replacement | undefined {
  const forModule = byModule.get(requirement.module) ?? [];
  return forModule.find((replacement) => replacement.version === requirement.version) ?? forModule.find((replacement) => replacement.version === undefined);
}

/** A replacement without a version is a directory on disk (`./x`, `../x`, `/abs`, `C:\x`). */
function isLocalPath(target: string): boolean {
  return /^(?:\.{1,2}[/\\]|\/|[A-Za-z]:[/\\])/.test(target) || target === "." || target === "..";
}

function toDependency(path: string, requirement: Requirement, replacement: Replacement | undefined): Dependency {
  const base = { ecosystem: "go" as const, direct: !requirement.indirect, path, line: requirement.line };
  const canonical = /^v\d/.test(requirement.version);
  if (replacement === undefined) {
    return {
      ...base,
      name: requirement.module,
      ...(canonical ? { version: requirement.version } : { requirement: requirement.version }),
      source: "registry",
      purl: golangPurl(requirement.module, canonical ? requirement.version : undefined),
    };
  }
  if (isLocalPath(replacement.target) || replacement.targetVersion === undefined) {
    return { ...base, name: requirement.module, source: "path", resolved: replacement.target, purl: golangPurl(requirement.module) };
  }
  // The code built is the replacement module; the project still imports it by the original path.
  return {
    ...base,
    name: replacement.target,
    version: replacement.targetVersion,
    source: "registry",
    alias: requirement.module,
    purl: golangPurl(replacement.target, replacement.targetVersion),
  };
}
