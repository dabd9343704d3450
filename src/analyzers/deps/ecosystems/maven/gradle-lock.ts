// Gradle dependency locking: `gradle.lockfile` (and the `buildscript-` and `settings-` variants) holds
// one `group:name:version=configuration,…` line per resolved module, plus an `empty=` line naming
// configurations that resolved to nothing. Gradle before 6 wrote one file per configuration under
// `gradle/dependency-locks/`, with bare `group:name:version` lines.
import type { Dependency, EcosystemParser, ParseDiagnostic, ParseResult } from "../../types.js";
import { baseName, buildPurl, capDiagnostic, checkText, guarded, invalid, MAX_ENTRIES } from "../cargo/common.js";

const LOCKFILE_NAMES = new Set(["gradle.lockfile", "buildscript-gradle.lockfile", "settings-gradle.lockfile"]);
const ENTRY = /^([^:=\s]+):([^:=\s]+):([^:=\s]+)(?:=(.*))?$/;

export const gradleLockParser: EcosystemParser = {
  ecosystem: "maven",
  name: "gradle.lockfile",
  matches: (path) => LOCKFILE_NAMES.has(baseName(path)) || isLegacyLockfile(path),
  parse: guarded("Gradle lockfile", parseGradleLock),
};

function isLegacyLockfile(path: string): boolean {
  return /(?:^|\/)gradle\/dependency-locks\/[^/]+\.lockfile$/.test(path);
}

function parseGradleLock(path: string, text: string): ParseResult {
  const body = checkText(path, text, "Gradle lockfile");
  const legacyConfiguration = isLegacyLockfile(path) ? baseName(path).replace(/\.lockfile$/, "") : undefined;
  const dependencies: Dependency[] = [];
  const diagnostics: ParseDiagnostic[] = [];
  for (const [index, raw] of body.split("\n").entries()) {
    const line = raw.trim();
    // `empty=` lists configurations without dependencies; nothing to record.
    if (line === "" || line.startsWith("#") || line.startsWith("empty=")) continue;
    const match = ENTRY.exec(line);
    const [, group, artifact, version, listed] = match ?? [];
    if (group === undefined || artifact === undefined || version === undefined || (listed === undefined && legacyConfiguration === undefined)) {
      throw invalid(path, index + 1, `"${line.slice(0, 120)}" is not a \`group:name:version=configurations\` entry`, "regenerate the lockfile with `gradle dependencies --write-locks`");
    }
    if (dependencies.length + diagnostics.length >= MAX_ENTRIES) {
      diagnostics.push(capDiagnostic(path, index + 1));
      break;
    }
    const configurations = listed === undefined ? [legacyConfiguration ?? ""] : listed.split(",").map((name) => name.trim());
    dependencies.push({
      ecosystem: "maven",
      name: `${group}:${artifact}`,
      version,
      // Test configurations (`testRuntimeClasspath`, Android's `debugUnitTestRuntimeClasspath`) only feed tests.
      dev: configurations.length > 0 && configurations.every((name) => /test/i.test(name)),
      source: "registry",
      purl: buildPurl("maven", group, artifact, version),
      path,
      line: index + 1,
    });
  }
  return { dependencies, diagnostics };
}
