// docs/cli.md is generated from the same command definitions the binary runs (`npm run docs`), and a
// test fails when the two drift apart.
import type { Command, Option } from "commander";
import { bufferIo } from "./io.js";
import { buildProgram } from "./run.js";

/** Subcommands a user sees in --help (internal ones, such as those git hooks run, are hidden). */
function visible(command: Command): Command[] {
  return command.createHelp().visibleCommands(command).filter((c) => c.name() !== "help");
}

function optionRow(option: Option): string {
  const env = option.envVar ? `\`${option.envVar}\`` : "";
  const choices = option.argChoices ? ` (one of: ${option.argChoices.join(", ")})` : "";
  const def = option.defaultValue !== undefined && typeof option.defaultValue !== "boolean" ? ` Default: \`${String(option.defaultValue)}\`.` : "";
  return `| \`${option.flags}\` | ${option.description}${choices}.${def} | ${env} |`;
}

function section(command: Command, prefix: string): string[] {
  const name = `${prefix} ${command.name()}`.trim();
  const args = command.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}${a.variadic ? "…" : ""}]`));
  const lines = [`## \`${[name, ...args].join(" ")}\``, "", command.description(), ""];
  if (command.options.length > 0) {
    lines.push("| option | meaning | environment |", "|---|---|---|", ...command.options.map(optionRow), "");
  }
  return [...lines, ...visible(command).flatMap((sub) => section(sub, name))];
}

export async function cliReference(): Promise<string> {
  const program = await buildProgram({ io: bufferIo(), exit: () => undefined });
  return [
    "# Command-line reference",
    "",
    "Generated from the command definitions (`npm run docs`). Exit codes: 0 ok, 1 not satisfied or verification",
    "failed, 2 usage or fatal error. An option's environment variable is used when the flag is absent.",
    "",
    ...visible(program).flatMap((c) => section(c, "custody")),
  ].join("\n");
}
