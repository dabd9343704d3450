// go.sum: one `<module> <version> <hash>` line per checksum. A module's `/go.mod` line only records
// the go.mod file the go command read while resolving versions; it is not code in the build, so only
// lines hashing the module itself become dependencies.
import type { Dependency, EcosystemParser, ParseDiagnostic, ParseResult } from "../../types.js";
import { baseName, capDiagnostic, checkText, guarded, insideFolder, invalid, MAX_ENTRIES } from "../cargo/common.js";
import { golangPurl } from "./purl.js";

export const goSumParser: EcosystemParser = {
  ecosystem: "go",
  name: "go.sum",
  matches: (path) => baseName(path) === "go.sum" && !insideFolder(path, ["vendor", "node_modules"]),
  parse: guarded("go.sum", parseGoSum),
};

function parseGoSum(path: string, text: string): ParseResult {
  const body = checkText(path, text, "go.sum");
  const dependencies: Dependency[] = [];
  const diagnostics: ParseDiagnostic[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of body.split("\n").entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const fields = line.split(/\s+/);
    const [module, version, hash] = fields;
    if (fields.length !== 3 || module === undefined || version === undefined || hash === undefined || !/^[a-z0-9]+:./.test(hash)) {
      throw invalid(path, index + 1, "malformed go.sum line (expected `<module> <version> <algorithm>:<hash>`)", "regenerate go.sum with `go mod tidy`");
    }
    if (version.endsWith("/go.mod")) continue;
    const key = `${module}@${version}`;
    if (dependencies.length + diagnostics.length >= MAX_ENTRIES) {
      diagnostics.push(capDiagnostic(path, index + 1));
      break;
    }
    if (seen.has(key)) {
      diagnostics.push({ path, line: index + 1, message: `${module} ${version} is listed more than once; the first checksum is kept` });
      continue;
    }
    seen.add(key);
    dependencies.push({
      ecosystem: "go",
      name: module,
      version,
      source: "registry",
      integrity: hash,
      purl: golangPurl(module, version),
      path,
      line: index + 1,
    });
  }
  return { dependencies, diagnostics };
}
