import type { Command } from "commander";
import { readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { CustodyError } from "../../core/errors.js";
import { POLICY_PATH } from "../../core/pipeline.js";
import { policyDigest, parsePolicy } from "../../policy/index.js";
import type { CommandContext } from "../run.js";
import { repoPath } from "./common.js";

interface ValidateFlags {
  repo?: string;
}

export function registerPolicy(program: Command, { io }: CommandContext): void {
  const policy = program.command("policy").description("check and explain the policy");
  policy
    .command("validate")
    .description(`check a policy file (default: ${POLICY_PATH} in the working tree); exit 2 naming each error`)
    .argument("[file]", "policy file")
    .option("-C, --repo <path>", "repository to work in")
    .action(async (file: string | undefined, flags: ValidateFlags) => {
      const path = file !== undefined ? resolve(io.cwd, file) : join(repoPath(io, flags.repo), POLICY_PATH);
      const shown = relative(io.cwd, path) || path;
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch {
        throw new CustodyError("policy-not-found", `${shown}: no policy file there; create one with the fields in docs/policy.md`);
      }
      const parsed = parsePolicy(text, shown);
      io.out(`${shown}: valid (${parsed.rules.length} rule(s); digest ${policyDigest(parsed).slice(0, 12)})\n`);
    });
}
