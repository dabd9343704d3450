// `custody keygen FILE`: a new Ed25519 key for signing approvals, and the public key to put in the policy.
import type { Command } from "commander";
import { resolve } from "node:path";
import { generateSigningKey } from "../../approvals/index.js";
import { addOptions, emit, json, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";

interface KeygenFlags {
  comment?: string;
  format?: string;
  output?: string;
}

export function registerKeygen(program: Command, { io }: CommandContext): void {
  const command = program
    .command("keygen")
    .description("create an Ed25519 key for signing approvals (private key mode 0600, public key in FILE.pub) and print the public key for the policy")
    .argument("<file>", "where to write the private key; it is never overwritten")
    .option("--comment <identity>", "stored with the key, usually your policy identity (e-mail)");
  addOptions(command, ["reportFormat", "output"]);
  command.action(async (file: string, flags: KeygenFlags) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    const path = resolve(io.cwd, file);
    const { signingKey, sshPublicKey } = await generateSigningKey(path, flags.comment ?? "");
    const result = { key: path, publicKeyFile: `${path}.pub`, publicKey: signingKey.publicKey.text, sshPublicKey, fingerprint: signingKey.publicKey.fingerprint };
    const text = [
      `Wrote ${path} (private: keep it to yourself) and ${path}.pub.`,
      `Fingerprint: ${result.fingerprint}`,
      "Add the public key to your entry in .custody/policy.yaml:",
      "  groups:",
      "    <group>:",
      "      members:",
      `        - id: ${flags.comment ?? "<your identity>"}`,
      `          keys: ["${result.publicKey}"]`,
      "",
    ].join("\n");
    await emit(io, format === "json" ? json(result) : text, flags.output);
  });
}
