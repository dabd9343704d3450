// `custody hook <agent>`: the command an agent's hook configuration runs. It reads the payload on
// standard input, records what the agent did and answers the way the agent's protocol expects. It never
// fails the agent: every problem is one line on standard error and the exit status stays 0.
import type { Command } from "commander";
import { isCustodyError } from "../../core/errors.js";
import { POLICY_PATH } from "../../core/paths.js";
import { readBlob } from "../../git/index.js";
import { readPrivacy } from "../../policy/privacy.js";
import { handleHookEvent, HOOK_AGENTS, hookAgent, type HookAgent, type HookEvent, type HookOutcome } from "../../provenance/hooks/index.js";
import type { Io } from "../io.js";
import { addOptions } from "../options.js";
import type { CommandContext } from "../run.js";
import { repoPath } from "./common.js";

/** Largest payload read; a Write of a 2 MiB file, escaped as JSON, fits. */
export const MAX_HOOK_INPUT = 16 * 1024 * 1024;

interface HookFlags {
  repo?: string;
}

/** The committed policy's choice (`privacy.storePrompts`); without it prompts are referenced by hash only. */
async function storePrompts(repo: string): Promise<boolean> {
  const text = await readBlob(repo, "HEAD", POLICY_PATH).catch(() => undefined);
  return readPrivacy(text?.toString("utf8")).storePrompts;
}

function parsePayload(agent: HookAgent, input: Buffer): HookEvent {
  let json: unknown;
  try {
    json = JSON.parse(input.toString("utf8"));
  } catch {
    throw new Error(`${agent.id} hook payload is not JSON`);
  }
  return agent.parse(json);
}

function summary(outcome: HookOutcome): string[] {
  return outcome.skipped.map((s) => `custody hook: skipped ${s.path}: ${s.reason}\n`);
}

/** Runs one hook call; returns what to print on standard output (possibly nothing). */
export async function runHook(io: Io, agentName: string, input: Buffer, flags: HookFlags): Promise<string> {
  if (!(HOOK_AGENTS as readonly string[]).includes(agentName)) {
    io.err(`custody hook: unknown agent '${agentName}'; use one of: ${HOOK_AGENTS.join(", ")}\n`);
    return "";
  }
  const agent = hookAgent(agentName);
  let event: HookEvent;
  try {
    event = parsePayload(agent, input);
  } catch (error) {
    io.err(`custody hook: ${error instanceof Error ? error.message : String(error)}; nothing recorded\n`);
    return "";
  }
  const answer = agent.response(event) ?? "";
  try {
    const repo = flags.repo !== undefined ? repoPath(io, flags.repo) : (event.cwd ?? io.cwd);
    const outcome = await handleHookEvent(repo, agent.id, event, { now: () => io.now(), privacy: { storePrompts: await storePrompts(repo) } });
    for (const line of summary(outcome)) io.err(line);
  } catch (error) {
    const message = isCustodyError(error) ? `${error.message} [${error.code}]` : error instanceof Error ? error.message : String(error);
    io.err(`custody hook: ${agent.id} ${event.event}: ${message}; nothing recorded\n`);
  }
  return answer;
}

export function registerHook(program: Command, { io, exit }: CommandContext): void {
  const command = program
    .command("hook")
    .description(`record an AI agent's edits from its hook payload on standard input (agents: ${HOOK_AGENTS.join(", ")})`)
    .argument("<agent>", "the agent whose hook runs this");
  addOptions(command, ["repo"]).action(async (agentName: string, flags: HookFlags) => {
    let input: Buffer;
    try {
      input = await io.readStdin(MAX_HOOK_INPUT);
    } catch (error) {
      io.err(`custody hook: ${error instanceof Error ? error.message : String(error)}; nothing recorded\n`);
      exit(0);
      return;
    }
    const answer = await runHook(io, agentName, input, flags);
    if (answer !== "") io.out(`${answer}\n`);
    exit(0);
  });
}
