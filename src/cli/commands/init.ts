// `custody init`: installs the git hooks that keep Custody notes and, with `--hooks`, each named agent's
// hook configuration calling `custody hook <agent>`, merged into any configuration already there.
import type { Command } from "commander";
import { CustodyError } from "../../core/errors.js";
import { findRepoRoot } from "../../git/index.js";
import { HOOK_AGENTS, hookAgent, installHookConfig, type ConfigChange } from "../../provenance/hooks/index.js";
import { installGitHooks } from "../../provenance/notes/install.js";
import { addOptions } from "../options.js";
import type { CommandContext } from "../run.js";
import { repoPath } from "./common.js";

interface InitFlags {
  repo?: string;
  hooks?: string[];
}

/** The command agents run; `npx` finds the project's own Custody without a global install. */
export const HOOK_COMMAND_PREFIX = "npx custody hook";

function agentList(values: string[] | undefined): string[] {
  if (values === undefined) return [];
  const names = values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
  if (names.includes("all")) return [...HOOK_AGENTS];
  for (const name of names) {
    if (!(HOOK_AGENTS as readonly string[]).includes(name)) {
      throw new CustodyError("usage", `--hooks: unknown agent '${name}'; use any of: ${HOOK_AGENTS.join(", ")}, or all`);
    }
  }
  return [...new Set(names)];
}

function describe(change: ConfigChange): string {
  if (change.status === "unchanged") return `${change.path}: already set up, unchanged\n`;
  return `${change.path}: ${change.status}, hooks added for ${change.added.join(", ")}\n`;
}

export function registerInit(program: Command, { io, exit }: CommandContext): void {
  const command = program
    .command("init")
    .description("install the git hooks that record AI attribution, and the hook configuration of the agents you use")
    .option("--hooks <agent...>", `agents to configure: ${HOOK_AGENTS.join(", ")}, or all`);
  addOptions(command, ["repo"]).action(async (flags: InitFlags) => {
    const agents = agentList(flags.hooks);
    const root = await findRepoRoot(repoPath(io, flags.repo));
    for (const name of agents) {
      const agent = hookAgent(name);
      io.out(describe(await installHookConfig(root, agent, `${HOOK_COMMAND_PREFIX} ${agent.id}`)));
    }
    const git = await installGitHooks(root, { command: "npx custody" });
    const chained = git.chained.length > 0 ? ` (your own ${git.chained.join(", ")} still run first)` : "";
    io.out(`git hooks installed in ${git.hooksDir}${chained}\n`);
    exit(0);
  });
}
