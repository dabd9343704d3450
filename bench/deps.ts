// Dependency analysis of a large monorepo lockfile against a local OSV database: a package-lock.json
// with thousands of real package names (the most downloaded on npm) and an advisory database of
// OSV records built for them, imported with `custody db import`. Registries are not asked (--offline).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { measured } from "./measure.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIR = join(ROOT, "bench", "corpus", "deps");

export interface DepsBench {
  packages: number;
  advisories: number;
  importMs: number;
  scanMs: number;
  maxRssKiB: number | undefined;
  findings: number;
}

/** A lockfile of `count` popular npm names at plausible versions, and OSV records for a third of them. */
function ensureInputs(count: number): void {
  if (existsSync(join(DIR, "osv", "done"))) return;
  const names = readFileSync(join(ROOT, "data", "popular", "npm.txt"), "utf8")
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .slice(0, count);
  const packages: Record<string, unknown> = { "": { name: "monorepo", version: "1.0.0", workspaces: ["packages/*"] } };
  names.forEach((name, i) => {
    const version = `${(i % 7) + 1}.${i % 13}.${i % 5}`;
    packages[`node_modules/${name}`] = { version, resolved: `https://registry.npmjs.org/${name}/-/x-${version}.tgz`, integrity: "sha512-AAAA", dev: i % 4 === 0 };
  });
  mkdirSync(join(DIR, "repo"), { recursive: true });
  writeFileSync(join(DIR, "repo", "package-lock.json"), JSON.stringify({ name: "monorepo", lockfileVersion: 3, requires: true, packages }, null, 2));
  mkdirSync(join(DIR, "osv"), { recursive: true });
  names.forEach((name, i) => {
    if (i % 3 !== 0) return;
    for (let k = 0; k < 3; k++) {
      const id = `GHSA-bench-${i}-${k}`;
      const record = {
        schema_version: "1.6.0",
        id,
        modified: "2026-01-01T00:00:00Z",
        aliases: [`CVE-2026-${10000 + i * 3 + k}`],
        summary: `Synthetic advisory ${k} for ${name}`,
        affected: [{ package: { ecosystem: "npm", name }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: `${(i % 7) + 1}.${(i % 13) + k}.9` }] }] }],
        database_specific: { severity: ["LOW", "MODERATE", "HIGH"][k] },
      };
      writeFileSync(join(DIR, "osv", `${id}.json`), JSON.stringify(record));
    }
  });
  writeFileSync(join(DIR, "osv", "done"), "");
}

export function benchDeps(count = 5_000): DepsBench {
  const bin = join(ROOT, "bin", "custody.js");
  if (!existsSync(join(ROOT, "dist", "cli", "bin.js"))) throw new Error("run `npm run build` before the benchmark");
  ensureInputs(count);
  const db = join(DIR, "osv.db");
  const imported = measured(process.execPath, [bin, "db", "import", join(DIR, "osv"), "--osv-db", db, "--format", "json"], [0]);
  const advisories = (JSON.parse(imported.stdout) as { records: number }).records;
  const scan = measured(process.execPath, [bin, "scan", join(DIR, "repo"), "--analyzers", "deps", "--osv-db", db, "--offline", "--format", "json", "--fail-on", "none"], [0]);
  const report = JSON.parse(scan.stdout) as { findings: unknown[]; dependencies?: { checked: number } };
  return { packages: report.dependencies?.checked ?? 0, advisories, importMs: imported.ms, scanMs: scan.ms, maxRssKiB: scan.maxRssKiB, findings: report.findings.length };
}

export function formatDepsBench(r: DepsBench): string {
  const peak = r.maxRssKiB === undefined ? "?" : `${Math.round(r.maxRssKiB / 1024)} MiB`;
  return [
    `dependencies, a ${r.packages.toLocaleString("en-US")}-package package-lock.json against ${r.advisories.toLocaleString("en-US")} OSV advisories (offline):`,
    `  import ${(r.importMs / 1000).toFixed(2)} s; scan ${(r.scanMs / 1000).toFixed(2)} s, peak ${peak}, ${r.findings} findings`,
  ].join("\n");
}
