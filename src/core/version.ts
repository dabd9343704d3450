import { readFileSync } from "node:fs";
import { z } from "zod";

const PackageJson = z.object({ name: z.string(), version: z.string() });

function readVersion(): string {
  // src/core and dist/core both sit two levels below the package root.
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  return PackageJson.parse(JSON.parse(text)).version;
}

/** The real package version, reported in SARIF and ledger events. */
export const VERSION: string = readVersion();
export const TOOL_NAME = "Custody";
