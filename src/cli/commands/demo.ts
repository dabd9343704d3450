import type { Command } from "commander";
import { mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ruleById } from "../../analyzers/registry.js";
import { CustodyError } from "../../core/errors.js";
import { openSqliteStore, verifyLedger } from "../../ledger/index.js";
import { gateJson, gateMarkdown, gateText, toSarif } from "../../report/index.js";
import type { Io } from "../io.js";
import { json } from "../options.js";
import type { CommandContext } from "../run.js";
import { buildDemoRepo } from "./demo-repo.js";
import { gate } from "./gate.js";

async function demoDir(io: Io, dir: string | undefined): Promise<string> {
  if (dir === undefined) return mkdtemp(join(tmpdir(), "custody-demo-"));
  const path = resolve(io.cwd, dir);
  await mkdir(path, { recursive: true });
  if ((await readdir(path)).length > 0) {
    throw new CustodyError("usage", `--dir ${dir} is not empty; give a new or empty directory for the demo`);
  }
  return path;
}

export function registerDemo(program: Command, { io }: CommandContext): void {
  program
    .command("demo")
    .description("build a sample repository with human and AI-assisted commits and run the gate on it")
    .option("--dir <dir>", "an empty directory to build the demo in (default: a new temporary directory)")
    .action(async (flags: { dir?: string }) => {
      const dir = await demoDir(io, flags.dir);
      const repo = join(dir, "repo");
      const reports = join(dir, "reports");
      const ledger = join(dir, "ledger", "ledger.db");
      const key = join(dir, "ledger", "ledger.key");
      await mkdir(repo, { recursive: true });
      await mkdir(reports, { recursive: true });
      io.err(`Building a sample repository in ${repo} …\n`);
      const { base, head } = await buildDemoRepo(repo);
      io.err(`Running: custody gate --base ${base.slice(0, 12)} --head ${head.slice(0, 12)}\n\n`);
      const report = await gate({ ...io, cwd: repo }, { base, head, record: true, ledger, ledgerKey: key });
      const files = {
        sarif: join(reports, "custody.sarif"),
        markdown: join(reports, "pr-comment.md"),
        json: join(reports, "decision.json"),
      };
      await writeFile(files.sarif, json(toSarif(report.findings, ruleById)));
      await writeFile(files.markdown, gateMarkdown(report));
      await writeFile(files.json, json(gateJson(report)));
      io.out(gateText(report));

      const store = openSqliteStore(ledger, { readonly: true });
      const verified = await verifyLedger(store, (await readFile(`${key}.pub`, "utf8")).trim()).finally(() => store.close());
      io.out(
        [
          "",
          "Wrote:",
          `  SARIF report        ${files.sarif}`,
          `  PR comment          ${files.markdown}`,
          `  Decision JSON       ${files.json}`,
          `  Ledger              ${ledger} (${verified.ok ? "verified" : "DOES NOT VERIFY"}: ${verified.size} entries)`,
          `  Ledger public key   ${key}.pub`,
          "",
          "Try next:",
          `  npx custody provenance --repo ${repo} ${base.slice(0, 12)}..${head.slice(0, 12)}`,
          `  npx custody ledger verify --ledger ${ledger} --key ${key}.pub`,
          "",
        ].join("\n"),
      );
    });
}
