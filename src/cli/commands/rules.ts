import type { Command } from "commander";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { allRules, FILE_ANALYZERS, ruleById } from "../../analyzers/registry.js";
import { testFixtures, uncoveredRules, type FixtureProblem } from "../../analyzers/tester.js";
import type { Analyzer } from "../../analyzers/types.js";
import { CustodyError } from "../../core/errors.js";
import { addOptions, emit, json, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";

interface RulesFlags {
  format?: string;
  output?: string;
}

interface TestFlags extends RulesFlags {
  analyzer?: string;
}

interface AnalyzerTest {
  analyzer: string;
  fixtures: number;
  annotations: number;
  problems: FixtureProblem[];
  /** Rules without both a `ruleid:` and an `ok:` case. */
  uncovered: string[];
}

/** Fixtures sit beside each analyzer's sources; the built package does not ship them. */
function fixturesDir(analyzer: Analyzer): string {
  return fileURLToPath(new URL(`../../analyzers/${analyzer.id}/fixtures/`, import.meta.url));
}

function selectAnalyzers(name: string | undefined): readonly Analyzer[] {
  if (name === undefined) return FILE_ANALYZERS;
  const found = FILE_ANALYZERS.find((a) => a.id === name);
  if (!found) throw new CustodyError("usage", `--analyzer: unknown analyzer '${name}'; available: ${FILE_ANALYZERS.map((a) => a.id).join(", ")}`);
  return [found];
}

function testAnalyzer(analyzer: Analyzer): AnalyzerTest {
  const dir = fixturesDir(analyzer);
  if (!existsSync(dir)) {
    throw new CustodyError(
      "fixtures-missing",
      `no rule fixtures at ${dir}: installed packages do not ship them; run 'custody rules test' from a source checkout`,
    );
  }
  const report = testFixtures(analyzer, dir);
  return {
    analyzer: analyzer.id,
    fixtures: report.fixtures,
    annotations: report.annotations,
    problems: report.problems,
    uncovered: uncoveredRules(analyzer, report),
  };
}

function testText(results: AnalyzerTest[]): string {
  const lines = results.flatMap((r) => {
    const count = r.problems.length + r.uncovered.length;
    return [
      `${r.analyzer}: ${r.fixtures} fixture(s), ${r.annotations} annotation(s), ${count === 0 ? "ok" : `${count} problem(s)`}`,
      ...r.problems.map((p) => `  ${r.analyzer}/fixtures/${p.fixture}:${p.line} ${p.ruleId ? `${p.ruleId} ` : ""}${p.problem}`),
      ...r.uncovered.map((id) => `  ${id} lacks a ruleid: case or an ok: case`),
    ];
  });
  return `${lines.join("\n")}\n`;
}

export function registerRules(program: Command, { io, exit }: CommandContext): void {
  const rules = program.command("rules").description("the analyzer rules Custody ships");
  addOptions(rules.command("list").description("list every rule with its severity and CWE"), ["format", "output"]).action(
    async (flags: RulesFlags) => {
      const format = pickFormat(flags.format, io, ["text", "json"]);
      const list = allRules();
      const text =
        format === "json"
          ? json({ rules: list })
          : `${list.map((r) => `${r.id.padEnd(48)} ${r.severity.padEnd(9)} ${r.cwe.join(",").padEnd(10)} ${r.title}`).join("\n")}\n`;
      await emit(io, text, flags.output);
    },
  );
  addOptions(
    rules
      .command("test")
      .description("run every rule on its annotated fixtures (ruleid:/ok:) and report misses, extra findings and gaps")
      .option("--analyzer <id>", "test only this analyzer's rules"),
    ["format", "output"],
  ).action(async (flags: TestFlags) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    const results = selectAnalyzers(flags.analyzer).map(testAnalyzer);
    await emit(io, format === "json" ? json({ analyzers: results }) : testText(results), flags.output);
    exit(results.some((r) => r.problems.length > 0 || r.uncovered.length > 0) ? 1 : 0);
  });
  rules
    .command("explain")
    .description("why a rule exists, why AI writes the pattern and how to fix it")
    .argument("<id>", "rule id, e.g. sast/js-sql-injection")
    .action((id: string) => {
      const rule = ruleById(id);
      if (!rule) throw new CustodyError("usage", `no rule '${id}'; see 'custody rules list'`);
      io.out(`${rule.id} (${[rule.severity, ...rule.cwe, ...rule.owasp].join(", ")})\n${rule.title}\n\n${rule.help}\n`);
    });
}
