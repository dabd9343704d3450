// The pages of docs/rules/: one per rule in the registry, with the rule's metadata, its help and, for
// SAST rules, the reported and not-reported cases from the rule's own fixture file (or, for template
// and configuration rules, the files in the rule's own fixture folder), plus an index.
// `scripts/write-rule-docs.ts` writes them and a test fails when they drift from the rules.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { FILE_ANALYZERS } from "../src/analyzers/registry.js";
import { listFixtureFiles, parseAnnotations, type Annotation } from "../src/analyzers/tester.js";
import type { RuleMeta } from "../src/analyzers/types.js";

export interface RuleDoc {
  /** Relative to docs/rules/, forward slashes. */
  path: string;
  text: string;
}

const SAST_FIXTURES = fileURLToPath(new URL("../src/analyzers/sast/fixtures/", import.meta.url));
const MAX_EXAMPLES = 5;
const ANNOTATION_LINE = /\b(?:ruleid|ok):\s*[a-z0-9]/i;
const FENCE: Record<string, string> = {
  js: "javascript",
  cjs: "javascript",
  mjs: "javascript",
  ts: "typescript",
  py: "python",
  cs: "csharp",
  rb: "ruby",
  kt: "kotlin",
  erb: "erb",
  cshtml: "razor",
  razor: "razor",
  hbs: "handlebars",
  handlebars: "handlebars",
  mustache: "mustache",
  twig: "twig",
  njk: "nunjucks",
  j2: "jinja",
  jinja: "jinja",
  jinja2: "jinja",
  yml: "yaml",
};
/** Compound endings that say more than the last extension. */
const FENCE_BY_ENDING: readonly (readonly [string, string])[] = [[".blade.php", "blade"]];

/** The code-fence language of a fixture file, from its name. */
function fenceOf(file: string): string {
  const name = basename(file).toLowerCase();
  // .env, .env.production, production.env: the extension names the environment, not the format.
  if (name === ".env" || name.startsWith(".env.") || name.endsWith(".env")) return "dotenv";
  const ending = FENCE_BY_ENDING.find(([end]) => name.endsWith(end));
  if (ending) return ending[1];
  const ext = extname(name).slice(1);
  return FENCE[ext] ?? ext;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function ruleName(id: string): string {
  return id.slice(id.indexOf("/") + 1);
}

function cweLink(cwe: string): string {
  const n = /^CWE-(\d+)$/.exec(cwe)?.[1];
  return n ? `[${cwe}](https://cwe.mitre.org/data/definitions/${n}.html)` : cwe;
}

/** The annotation comment(s), one line of context above them, and the line they point at. */
function snippet(lines: string[], target: number): string {
  let first = target - 1;
  while (first >= 2 && ANNOTATION_LINE.test(lines[first - 2] ?? "")) first -= 1;
  const context = first >= 2 && (lines[first - 2] ?? "").trim() !== "" ? first - 1 : first;
  return lines.slice(context - 1, target).join("\n");
}

/**
 * A rule's fixtures, relative to the fixture folder with forward slashes: `<rule>.<ext>`, and every
 * file under a folder named `<rule>` (template and configuration fixtures keep realistic paths).
 */
function fixtureFiles(name: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(SAST_FIXTURES);
  } catch {
    return [];
  }
  return entries
    .filter((f) => basename(f, extname(f)) === name)
    .flatMap((f) => {
      const full = join(SAST_FIXTURES, f);
      if (!statSync(full).isDirectory()) return [f];
      return listFixtureFiles(full).map((file) => relative(SAST_FIXTURES, file).split(sep).join("/"));
    })
    .sort();
}

function examples(rule: RuleMeta): string[] {
  const out: string[] = [];
  for (const kind of ["ruleid", "ok"] as const) {
    const blocks: string[] = [];
    const sources: string[] = [];
    let total = 0;
    for (const file of fixtureFiles(ruleName(rule.id))) {
      const text = readFileSync(join(SAST_FIXTURES, file), "utf8");
      const lines = text.split("\n");
      const cases = parseAnnotations(text).filter((a: Annotation) => a.kind === kind && a.ruleId === rule.id);
      total += cases.length;
      if (cases.length > 0 && blocks.length < MAX_EXAMPLES) sources.push(`\`src/analyzers/sast/fixtures/${file}\``);
      for (const c of cases.slice(0, Math.max(0, MAX_EXAMPLES - blocks.length))) {
        blocks.push(`\`\`\`${fenceOf(file)}\n${snippet(lines, c.line)}\n\`\`\``);
      }
    }
    if (blocks.length === 0) continue;
    const more = total > blocks.length ? `\n\n${total - blocks.length} more in the fixture.` : "";
    const heading = kind === "ruleid" ? "## Reported" : "## Not reported";
    out.push(heading, "", `From ${sources.join(", ")}:`, "", blocks.join("\n\n") + more, "");
  }
  return out;
}

function rulePage(analyzer: string, rule: RuleMeta): string {
  const lines = [
    `# ${rule.title}`,
    "",
    "| | |",
    "|---|---|",
    `| id | \`${rule.id}\` |`,
    `| analyzer | ${analyzer} |`,
    `| severity | ${rule.severity} |`,
    `| CWE | ${rule.cwe.length > 0 ? rule.cwe.map(cweLink).join(", ") : "—"} |`,
    `| OWASP | ${rule.owasp.length > 0 ? cell(rule.owasp.join(", ")) : "—"} |`,
    "",
    rule.help.trim(),
    "",
    ...(analyzer === "sast" ? examples(rule) : []),
    `To accept one occurrence, write \`custody-ignore ${rule.id}: <reason>\` in a comment on its line or the line above ` +
      "(see [suppressions](../../analyzers.md#suppressions)).",
    "",
  ];
  return lines.join("\n");
}

function index(): string {
  const lines = [
    "# Rules",
    "",
    "Generated from the rule registry (`npx tsx scripts/write-rule-docs.ts`); `custody rules explain ID` prints the same help.",
    "",
  ];
  for (const analyzer of FILE_ANALYZERS) {
    const rules = [...analyzer.rules()].sort((a, b) => a.id.localeCompare(b.id));
    lines.push(`## ${analyzer.id}`, "", cell(analyzer.description), "", "| rule | severity | CWE | finds |", "|---|---|---|---|");
    for (const r of rules) {
      lines.push(`| [\`${r.id}\`](${analyzer.id}/${ruleName(r.id)}.md) | ${r.severity} | ${r.cwe.join(", ") || "—"} | ${cell(r.title)} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** Every page of docs/rules/, sorted by path. */
export function ruleDocs(): RuleDoc[] {
  const pages = FILE_ANALYZERS.flatMap((analyzer) =>
    analyzer.rules().map((rule) => ({ path: `${analyzer.id}/${ruleName(rule.id)}.md`, text: rulePage(analyzer.id, rule) })),
  );
  // Code-unit order, the same on every machine whatever its locale.
  return [{ path: "README.md", text: index() }, ...pages].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
