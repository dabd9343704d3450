import type { Command } from "commander";
import { allRules, ruleById } from "../../analyzers/registry.js";
import { CustodyError } from "../../core/errors.js";
import { addOptions, emit, json, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";

interface RulesFlags {
  format?: string;
  output?: string;
}

export function registerRules(program: Command, { io }: CommandContext): void {
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
  rules
    .command("explain")
    .description("why a rule exists, why AI writes the pattern and how to fix it")
    .argument("<id>", "rule id, e.g. sast/js-sql-injection")
    .action((id: string) => {
      const rule = ruleById(id);
      if (!rule) throw new CustodyError("usage", `no rule '${id}'; see 'custody rules list'`);
      io.out(`${rule.id} (${rule.severity}; ${[...rule.cwe, ...rule.owasp].join(", ")})\n${rule.title}\n\n${rule.help}\n`);
    });
}
