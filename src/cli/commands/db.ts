import type { Command } from "commander";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { importOsv, openOsv, type OsvImportResult, type OsvStats } from "../../analyzers/deps/osv/index.js";
import { CustodyError } from "../../core/errors.js";
import { addOptions, emit, json, pickFormat } from "../options.js";
import type { CommandContext } from "../run.js";
import { progressReporter } from "./common.js";
import { osvDbPath } from "./deps-options.js";

interface DbFlags {
  osvDb?: string;
  format?: string;
  output?: string;
}

function importText(result: OsvImportResult, path: string): string {
  const lines = [
    `Imported ${result.source} into ${path}: ${result.records} record(s) in ${result.documents} document(s)`,
    `  ${result.inserted} new, ${result.updated} updated, ${result.skipped} unchanged, ${result.ignored} for other ecosystems, ${result.invalid} invalid`,
    ...result.problems.slice(0, 10).map((p) => `  invalid: ${p.file}: ${p.message}`),
  ];
  if (result.problems.length > 10) lines.push(`  … and ${result.problems.length - 10} more (see --format json)`);
  return `${lines.join("\n")}\n`;
}

function statsText(stats: OsvStats, path: string): string {
  const lines = [`Advisory database ${path}: ${stats.advisories} advisories (${stats.withdrawn} withdrawn), newest change ${stats.lastModified ?? "—"}, imported ${stats.importedAt ?? "—"}`];
  for (const e of stats.ecosystems) lines.push(`  ${e.ecosystem.padEnd(10)} ${String(e.advisories).padStart(7)} advisories, ${e.malicious} malicious-package reports`);
  return `${lines.join("\n")}\n`;
}

export function registerDb(program: Command, { io }: CommandContext): void {
  const db = program.command("db").description("the local advisory database the dependency checks use (OSV, imported offline)");
  addOptions(
    db
      .command("import")
      .description("import an OSV export (a .zip such as <ecosystem>/all.zip, a directory of .json files, or one .json); repeated imports only add what changed")
      .argument("<source>", "OSV zip, directory or JSON file"),
    ["osvDb", "format", "output"],
  ).action(async (source: string, flags: DbFlags) => {
    const format = pickFormat(flags.format, io, ["text", "json"]);
    const path = osvDbPath(io, flags.osvDb);
    mkdirSync(dirname(path), { recursive: true });
    const progress = progressReporter(io, "importing");
    let last = 0;
    const result = importOsv(resolve(io.cwd, source), path, {
      onProgress: (p) => {
        if (p.done - last < 1000 && p.done !== p.total) return;
        last = p.done;
        progress?.(p.done, p.total);
      },
    });
    await emit(io, format === "json" ? json({ database: path, ...result }) : importText(result, path), flags.output);
  });
  addOptions(db.command("status").description("what the advisory database holds, per ecosystem, and how recent it is"), ["osvDb", "format", "output"]).action(
    async (flags: DbFlags) => {
      const format = pickFormat(flags.format, io, ["text", "json"]);
      const path = osvDbPath(io, flags.osvDb);
      if (!existsSync(path)) throw new CustodyError("file-unreadable", `no advisory database at ${path}; create it with \`custody db import <osv export>\``);
      const osv = openOsv(path);
      try {
        const stats = osv.stats();
        await emit(io, format === "json" ? json({ database: path, ...stats }) : statsText(stats, path), flags.output);
      } finally {
        osv.close();
      }
    },
  );
}
