// docs/cli.md is generated from the same command definitions the binary runs (`npm run docs`), and a
// test fails when the two drift apart.
import type { Command, Option } from "commander";
import { bufferIo } from "./io.js";
import { buildProgram } from "./run.js";

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
  return [...lines, ...command.commands.flatMap((sub) => section(sub, name))];
}

export function cliReference(): string {
  const program = buildProgram({ io: bufferIo(), exit: () => undefined });
  return [
    "# Command-line reference",
    "",
    "Generated from the command definitions (`npm run docs`). Exit codes: 0 ok, 1 not satisfied or verification",
    "failed, 2 usage or fatal error. An option's environment variable is used when the flag is absent.",
    "",
    ...program.commands.flatMap((c) => section(c, "custody")),
  ].join("\n");
}
