// `custody gate` on a 20-file, ~1,000-added-line change, as a cold process each time (what CI pays).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commitFiles, initRepo } from "../src/git/index.js";
import type { Person } from "../src/core/types.js";

const DEV: Person = { name: "Bench Developer", email: "bench@example.com" };
const FILES = 20;
const LINES_PER_FILE = 50;

function moduleSource(index: number): string {
  const lines = [`import { db } from "../db.js";`, ""];
  for (let fn = 0; lines.length < LINES_PER_FILE - 4; fn++) {
    lines.push(
      `export async function handler${index}_${fn}(req: { query: Record<string, string> }) {`,
      `  const rows = await db.query("SELECT * FROM items WHERE id = $1", [req.query.id]);`,
      `  return rows.map((row) => ({ ...row, index: ${index}, fn: ${fn} }));`,
      `}`,
      "",
    );
  }
  lines.push(`export function risky${index}(req: { query: Record<string, string> }) {`, "  return eval(req.query.expr);", "}");
  return `${lines.join("\n")}\n`;
}

export interface GateBench {
  files: number;
  addedLines: number;
  runs: number[];
}

export async function benchGate(runs: number): Promise<GateBench> {
  const bin = new URL("../bin/custody.js", import.meta.url).pathname;
  if (!existsSync(new URL("../dist/cli/bin.js", import.meta.url))) throw new Error("run `npm run build` before the benchmark");
  const dir = await mkdtemp(join(tmpdir(), "custody-bench-"));
  try {
    await initRepo(dir);
    const base = await commitFiles(dir, { message: "init", author: DEV, files: { "src/db.ts": "export const db = { query: async (..._a: unknown[]) => [] as object[] };\n" } });
    let head = base;
    for (let batch = 0; batch < 4; batch++) {
      const files: Record<string, string> = {};
      for (let i = batch * 5; i < batch * 5 + 5; i++) files[`src/${i % 2 === 0 ? "auth" : "api"}/module${i}.ts`] = moduleSource(i);
      const trailer = batch % 2 === 0 ? "\n\nCo-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>" : "";
      head = await commitFiles(dir, { message: `Add modules batch ${batch}${trailer}`, author: DEV, files });
    }
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      try {
        execFileSync(process.execPath, [bin, "gate", "--repo", dir, "--base", base, "--head", head, "--format", "json", "--no-record"], { stdio: "pipe" });
      } catch (error) {
        // Exit 1 is the expected verdict (the change has findings); anything else is a failure.
        if ((error as { status?: number }).status !== 1) throw error;
      }
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return { files: FILES, addedLines: FILES * LINES_PER_FILE, runs: times };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
