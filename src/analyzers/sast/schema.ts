// The shape of a rule file: ast-grep's rule syntax (`rule`, `constraints`, `utils`, `language`) plus
// our metadata. Unknown keys are rejected so a misspelt field is an error, not a silently ignored one.
import { z } from "zod";
import { SEVERITIES } from "../../core/types.js";
import { SAST_LANGUAGES } from "./languages.js";

/** An ast-grep rule object; its inner grammar is checked by compiling it with ast-grep itself. */
const astGrepRule = z.record(z.string(), z.unknown()).refine((rule) => Object.keys(rule).length > 0, {
  message: "must not be empty: give at least one of pattern, kind, regex, any, all, …",
});

export const RULE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Languages of text rules: files no grammar parses (server-side templates, configuration), read
 * line by line with a regular expression instead of a syntax tree.
 */
export const TEXT_RULE_LANGUAGES = ["template", "config"] as const;
export type TextRuleLanguage = (typeof TEXT_RULE_LANGUAGES)[number];

/** Every value `language:` may take, for the error that lists them. */
export const RULE_LANGUAGES = [...SAST_LANGUAGES, ...TEXT_RULE_LANGUAGES] as const;

/** Fields every rule carries, whatever it matches with. */
const metadata = {
  id: z.string().regex(RULE_NAME, "must be kebab-case, e.g. js-sql-injection"),
  title: z.string().trim().min(1),
  severity: z.enum(SEVERITIES),
  cwe: z.array(z.string().regex(/^CWE-[1-9][0-9]*$/, "must look like CWE-89")).min(1),
  owasp: z
    .array(z.string().regex(/^A(?:0[1-9]|10):2021-\S/, 'must name an OWASP Top 10 2021 category, e.g. "A03:2021-Injection"'))
    .min(1),
  message: z.string().trim().min(1),
  help: z.string().trim().min(40, "must explain in a paragraph why AI writes this and how to fix it"),
};

export const ruleFileSchema = z.strictObject({
  ...metadata,
  language: z.enum(SAST_LANGUAGES),
  rule: astGrepRule,
  constraints: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "must be a metavariable name"), astGrepRule).optional(),
  utils: z.record(z.string().regex(RULE_NAME, "must be a kebab-case utility name"), astGrepRule).optional(),
});

export type RuleFile = z.infer<typeof ruleFileSchema>;

/** A glob of the files a text rule reads, relative to the repository root like scanned paths are. */
const fileGlob = z
  .string()
  .trim()
  .min(1)
  .refine((glob) => !/^(?:\/|\.\/|[A-Za-z]:)/.test(glob) && !glob.includes("\\"), {
    message: "must be a repository-relative glob with forward slashes, e.g. **/*.html.erb",
  });

/**
 * A text rule: `files` selects the files by name, `regex` (JavaScript syntax) is run on each of
 * their lines, and a line that `not-regex` matches is never reported. With `file-regex`, only files
 * with at least one line it matches are read (`.env` files that set `APP_ENV=production`). The
 * expressions themselves are checked when the rule is loaded.
 */
export const textRuleFileSchema = z.strictObject({
  ...metadata,
  language: z.enum(TEXT_RULE_LANGUAGES),
  files: z.array(fileGlob).min(1),
  regex: z.string().min(1),
  "not-regex": z.string().min(1).optional(),
  "file-regex": z.string().min(1).optional(),
});

export type TextRuleFile = z.infer<typeof textRuleFileSchema>;
