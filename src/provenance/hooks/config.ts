// Writing an agent's hook configuration: merged into the file the user may already have, keeping every
// entry of theirs, and adding ours only where no entry runs our command yet (so running twice is a no-op).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CustodyError } from "../../core/errors.js";
import type { HookAgent } from "./event.js";
import { writeAtomic } from "./store.js";

export interface ConfigChange {
  /** Repository-relative. */
  path: string;
  status: "created" | "updated" | "unchanged";
  /** Events an entry was added to. */
  added: string[];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mentions(value: unknown, command: string): boolean {
  if (typeof value === "string") return value === command;
  if (Array.isArray(value)) return value.some((v) => mentions(v, command));
  if (isObject(value)) return Object.values(value).some((v) => mentions(v, command));
  return false;
}

function invalid(path: string, problem: string): CustodyError {
  return new CustodyError("hook-config-invalid", `${path}: ${problem}; fix the file (or move it aside) and run custody init again`);
}

async function readConfig(file: string, path: string): Promise<JsonObject | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid(path, "not valid JSON");
  }
  if (!isObject(parsed)) throw invalid(path, "the top level is not a JSON object");
  return parsed;
}

/** Merges the agent's hook entries running `command` into its configuration file under `root`. */
export async function installHookConfig(root: string, agent: HookAgent, command: string): Promise<ConfigChange> {
  const { path } = agent.config;
  const file = join(root, ...path.split("/"));
  const existing = await readConfig(file, path);
  const doc: JsonObject = { ...(existing ?? {}) };
  let changed = existing === undefined;
  for (const [key, value] of Object.entries(agent.config.defaults ?? {})) {
    if (!(key in doc)) {
      doc[key] = value;
      changed = true;
    }
  }
  const hooks = doc.hooks ?? {};
  if (!isObject(hooks)) throw invalid(path, "`hooks` is not an object");
  const merged: JsonObject = { ...hooks };
  const added: string[] = [];
  for (const [event, entry] of Object.entries(agent.config.entries(command))) {
    const list = merged[event] ?? [];
    if (!Array.isArray(list)) throw invalid(path, `\`hooks.${event}\` is not an array`);
    if (mentions(list, command)) continue;
    merged[event] = [...(list as unknown[]), entry];
    added.push(event);
  }
  doc.hooks = merged;
  if (!changed && added.length === 0) return { path, status: "unchanged", added };
  await writeAtomic(file, `${JSON.stringify(doc, null, 2)}\n`);
  return { path, status: existing === undefined ? "created" : "updated", added };
}
