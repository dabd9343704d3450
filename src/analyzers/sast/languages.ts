// The language table: which file extensions SAST reads, which tree-sitter grammar parses them, and
// which grammars a rule written for one language also runs on. Languages beyond the ones built into
// @ast-grep/napi arrive as @ast-grep/lang-* packages and are registered here, in one call, because
// napi keeps a single process-wide registry of dynamic languages.
import { extname } from "node:path";
import { Lang, registerDynamicLanguage } from "@ast-grep/napi";
import type { DynamicLangRegistrations } from "@ast-grep/napi";
import csharp from "@ast-grep/lang-csharp";
import go from "@ast-grep/lang-go";
import java from "@ast-grep/lang-java";
import php from "@ast-grep/lang-php";
import python from "@ast-grep/lang-python";
import ruby from "@ast-grep/lang-ruby";
import { CustodyError } from "../../core/errors.js";

export const SAST_LANGUAGES = ["javascript", "typescript", "tsx", "python", "java", "go", "csharp", "php", "ruby"] as const;
export type SastLanguage = (typeof SAST_LANGUAGES)[number];

interface LanguageEntry {
  /** The name napi knows the grammar by. */
  grammar: string;
  /** Lower-case, without the dot. */
  extensions: readonly string[];
  /**
   * File languages a rule written in this language is also run on. TypeScript and TSX accept the
   * JavaScript syntax rules are written in, and the JavaScript grammar accepts JSX, so one JS rule
   * covers the whole family instead of being copied three times.
   */
  runsOn: readonly SastLanguage[];
  /** Set for dynamic languages: the character napi substitutes for `$` in patterns. */
  expandoChar?: string;
}

const TABLE: Record<SastLanguage, LanguageEntry> = {
  javascript: {
    grammar: Lang.JavaScript,
    extensions: ["js", "mjs", "cjs", "jsx"],
    runsOn: ["javascript", "typescript", "tsx"],
  },
  typescript: { grammar: Lang.TypeScript, extensions: ["ts", "mts", "cts"], runsOn: ["typescript", "tsx"] },
  tsx: { grammar: Lang.Tsx, extensions: ["tsx"], runsOn: ["tsx", "javascript"] },
  python: { grammar: "python", extensions: ["py"], runsOn: ["python"], expandoChar: python.expandoChar },
  java: { grammar: "java", extensions: ["java"], runsOn: ["java"], expandoChar: java.expandoChar },
  go: { grammar: "go", extensions: ["go"], runsOn: ["go"], expandoChar: go.expandoChar },
  csharp: { grammar: "csharp", extensions: ["cs"], runsOn: ["csharp"], expandoChar: csharp.expandoChar },
  php: { grammar: "php", extensions: ["php"], runsOn: ["php"], expandoChar: php.expandoChar },
  ruby: { grammar: "ruby", extensions: ["rb", "rbw", "gemspec", "ru", "rake"], runsOn: ["ruby"], expandoChar: ruby.expandoChar },
};

/** The @ast-grep/lang-* package behind each dynamic language. */
const PACKAGES = { python, java, go, csharp, php, ruby } as const;

function dynamicRegistrations(): DynamicLangRegistrations {
  return Object.fromEntries(
    Object.entries(PACKAGES).map(([name, pkg]) => [
      name,
      { libraryPath: pkg.libraryPath, extensions: pkg.extensions, languageSymbol: pkg.languageSymbol, expandoChar: pkg.expandoChar },
    ]),
  );
}

const DYNAMIC = SAST_LANGUAGES.filter((language) => TABLE[language].expandoChar !== undefined);

let registered = false;

function ensureRegistered(): void {
  if (registered) return;
  try {
    registerDynamicLanguage(dynamicRegistrations());
  } catch (error) {
    throw new CustodyError(
      "parser-unavailable",
      `sast: cannot load the tree-sitter parsers for ${DYNAMIC.join(", ")} ` +
        `(${error instanceof Error ? error.message : String(error)}); reinstall dependencies so the ` +
        `@ast-grep/lang-* prebuilt parsers for this platform are present`,
      { cause: error },
    );
  }
  registered = true;
}

const BY_EXTENSION = new Map<string, SastLanguage>(
  SAST_LANGUAGES.flatMap((language) => TABLE[language].extensions.map((ext) => [ext, language] as const)),
);

/** The language a file is parsed as, from its extension; undefined when SAST does not read it. */
export function languageForPath(path: string): SastLanguage | undefined {
  const ext = extname(path).slice(1).toLowerCase();
  return ext === "" ? undefined : BY_EXTENSION.get(ext);
}

/** The napi grammar name for a language, registering dynamic grammars on first use. */
export function grammarOf(language: SastLanguage): string {
  ensureRegistered();
  return TABLE[language].grammar;
}

/** File languages a rule written for `language` is run on. */
export function targetsOf(language: SastLanguage): readonly SastLanguage[] {
  return TABLE[language].runsOn;
}

/** A pattern as the grammar sees it: dynamic languages cannot parse `$`, so napi swaps it first. */
export function patternSource(language: SastLanguage, pattern: string): string {
  const expando = TABLE[language].expandoChar;
  return expando === undefined ? pattern : pattern.replaceAll("$", expando);
}
