// package.json: the dependencies a project declares. Workspace members are package.json files of
// their own and are read when their path is; the `workspaces` globs themselves name no package.

import type { Dependency, EcosystemParser, ParseResult } from "../../types.js";
import { keyLines, parseJsonFile } from "./json.js";
import { classifySpec, npmPurl } from "./spec.js";
import { atCapacity, diagnostic, invalidFile, isRecord } from "./support.js";

const SECTIONS = [
  { field: "dependencies", dev: false },
  { field: "devDependencies", dev: true },
  { field: "optionalDependencies", dev: false },
  { field: "peerDependencies", dev: false },
] as const;

const REMEDY = "fix the JSON syntax of package.json";

export const packageJsonParser: EcosystemParser = {
  ecosystem: "npm",
  name: "package.json",
  matches: (path) => /(?:^|\/)package\.json$/.test(path) && !isInstalledCopy(path),
  parse: parsePackageJson,
};

/** Packages installed under node_modules are not the project's own manifests. */
export function isInstalledCopy(path: string): boolean {
  return /(?:^|\/)node_modules\//.test(path);
}

export function parsePackageJson(path: string, text: string): ParseResult {
  const manifest = parseJsonFile(path, text, "package.json", REMEDY);
  if (!isRecord(manifest)) throw invalidFile(path, 1, "package.json is not a JSON object", REMEDY);
  const lines = keyLines(text, (parents, key) => (parents.length === 1 ? `${String(parents[0])}\u0000${key}` : parents.length === 0 ? key : undefined));
  const result: ParseResult = { dependencies: [], diagnostics: [] };
  for (const { field, dev } of SECTIONS) {
    const section = manifest[field];
    if (section === undefined) continue;
    if (!isRecord(section)) {
      result.diagnostics.push(diagnostic(path, lines.get(field), `"${field}" is not an object of name/version pairs; it was skipped`));
      continue;
    }
    for (const [key, spec] of Object.entries(section)) {
      if (atCapacity(result, path)) return result;
      const line = lines.get(`${field}\u0000${key}`) ?? lines.get(field) ?? 1;
      if (typeof spec !== "string") {
        result.diagnostics.push(diagnostic(path, line, `"${field}.${key}" is not a version string; it was skipped`));
        continue;
      }
      result.dependencies.push(declared(path, line, key, spec, dev));
    }
  }
  return result;
}

function declared(path: string, line: number, key: string, spec: string, dev: boolean): Dependency {
  const classified = classifySpec(spec);
  const name = classified.target ?? key;
  const dependency: Dependency = {
    ecosystem: "npm",
    name,
    requirement: classified.requirement,
    direct: true,
    dev,
    source: classified.source,
    purl: npmPurl(name),
    path,
    line,
  };
  if (classified.target !== undefined) dependency.alias = key;
  if (classified.source === "git" || classified.source === "url") dependency.resolved = classified.requirement;
  return dependency;
}
