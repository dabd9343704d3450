import type { Command } from "commander";
import { join, relative, resolve } from "node:path";
import { CustodyError } from "../../core/errors.js";
import { POLICY_PATH } from "../../core/pipeline.js";
import { formatIssue, invalidPolicy, loadPolicyChain, policyDigest, policyDocument, policyWarnings, readPolicyFile } from "../../policy/index.js";
import type { LocatedIssue, Policy, PolicyReaders } from "../../policy/index.js";
import type { Io } from "../io.js";
import { addOptions, emit, json } from "../options.js";
import type { CommandContext } from "../run.js";
import { repoPath } from "./common.js";
import { registerPolicySimulate } from "./policy-simulate.js";
import { cachedPolicyFetcher } from "./policy-fetch.js";

interface PolicyFlags {
  repo?: string;
  format?: string;
  output?: string;
  offline?: boolean;
}

type Loaded = { ok: true; shown: string; policy: Policy; warnings: LocatedIssue[] } | { ok: false; shown: string; errors: LocatedIssue[] };

/** The policy file a command names, or the working tree's, with everything it extends. */
async function loadFromFlags(io: Io, file: string | undefined, flags: PolicyFlags): Promise<Loaded> {
  const path = file !== undefined ? resolve(io.cwd, file) : join(repoPath(io, flags.repo), POLICY_PATH);
  const shown = relative(io.cwd, path) || path;
  const text = await readPolicyFile(path);
  if (text === undefined) {
    throw new CustodyError("policy-not-found", `${shown}: no policy file there; create one with the fields in docs/policy.md`);
  }
  const readers: PolicyReaders = { readFile: readPolicyFile, fetchUrl: cachedPolicyFetcher(io, { offline: flags.offline === true }) };
  const result = await loadPolicyChain(text, { kind: "file", path, display: shown }, readers);
  if (!result.ok) return { ok: false, shown, errors: result.errors };
  return { ok: true, shown, policy: result.policy, warnings: policyWarnings(result.policy, result.documents) };
}

function issueJson(issue: LocatedIssue) {
  return { file: issue.source, line: issue.line, column: issue.col, field: issue.field, message: issue.message };
}

function validateText(loaded: Extract<Loaded, { ok: true }>): string {
  const { policy, shown, warnings } = loaded;
  const sources = policy.sources ?? [];
  const extended = sources.length > 1 ? `; extends ${sources.slice(0, -1).join(", ")}` : "";
  const summary = `${shown}: valid (${policy.rules.length} rule(s)${extended}; digest ${policyDigest(policy).slice(0, 12)})`;
  const lines = [summary, ...warnings.map((warning) => `warning: ${formatIssue(warning)}`)];
  if (warnings.length > 0) lines.push(`${warnings.length} warning(s): legal, but probably not what was meant`);
  return `${lines.join("\n")}\n`;
}

export function registerPolicy(program: Command, { io, exit }: CommandContext): void {
  const policy = program.command("policy").description("check and explain the policy");
  registerPolicySimulate(policy, io);
  const validate = policy
    .command("validate")
    .description(
      `check a policy file and every file it extends (default: ${POLICY_PATH} in the working tree); exit 2 naming each error, warnings exit 0`,
    )
    .argument("[file]", "policy file");
  addOptions(validate, ["repo", "reportFormat", "policyOffline"]);
  validate.action(async (file: string | undefined, flags: PolicyFlags) => {
    const loaded = await loadFromFlags(io, file, flags);
    if (flags.format === "json") {
      const body = loaded.ok
        ? { file: loaded.shown, valid: true, digest: policyDigest(loaded.policy), sources: loaded.policy.sources ?? [], rules: loaded.policy.rules.length, errors: [], warnings: loaded.warnings.map(issueJson) }
        : { file: loaded.shown, valid: false, errors: loaded.errors.map(issueJson), warnings: [] };
      io.out(json(body));
      exit(loaded.ok ? 0 : 2);
      return;
    }
    if (!loaded.ok) throw invalidPolicy(loaded.errors);
    io.out(validateText(loaded));
  });

  const doc = policy
    .command("doc")
    .description(`write the AI code usage-policy document (Markdown) for a policy (default: ${POLICY_PATH} in the working tree)`)
    .argument("[file]", "policy file");
  addOptions(doc, ["repo", "output", "policyOffline"]);
  doc.action(async (file: string | undefined, flags: PolicyFlags) => {
    const loaded = await loadFromFlags(io, file, flags);
    if (!loaded.ok) throw invalidPolicy(loaded.errors);
    await emit(io, policyDocument(loaded.policy), flags.output);
  });
}
