// The sast analyzer: structural rules on real syntax trees (ast-grep), one YAML file per rule, and
// line rules for the server-side templates and configuration files no grammar parses.
import type { Analyzer } from "../types.js";
import { onAddedLines } from "../types.js";
import { scanFile } from "./engine.js";
import { compareFindings } from "./finding.js";
import { languageForPath } from "./languages.js";
import type { RulePack } from "./loader.js";
import { defaultRulePack } from "./shipped.js";
import { scanTextFile } from "./text.js";

/** Whether a template or configuration rule reads the file at `path`. */
function readByTextRules(path: string): boolean {
  let pack: RulePack;
  try {
    pack = defaultRulePack();
  } catch {
    // A pack that does not load is reported by analyzeFile on every source file; deciding which
    // files to read must not abort the scan of the other analyzers.
    return false;
  }
  return pack.text.some((rule) => rule.reads(path));
}

export const sastAnalyzer: Analyzer = {
  id: "sast",
  description:
    "Structural security rules on JavaScript, TypeScript, TSX, Python, Java, Go, C#, PHP and Ruby syntax trees " +
    "(injection, unsafe deserialization, disabled TLS verification), and line rules for server-side templates " +
    "(unescaped output) and production configuration (debug mode)",
  needsNetwork: false,
  appliesTo(path: string): boolean {
    return languageForPath(path) !== undefined || readByTextRules(path);
  },
  analyzeFile(file) {
    if (file.addedLines?.length === 0) return [];
    const pack = defaultRulePack();
    // A Blade view ends in .php: it is parsed as PHP and also read by the template rules.
    const findings = [...scanFile(pack.astGrep, file), ...scanTextFile(pack.text, file)].sort(compareFindings);
    return onAddedLines(file, findings);
  },
  rules() {
    return defaultRulePack().all.map((rule) => ({ ...rule.meta, cwe: [...rule.meta.cwe], owasp: [...rule.meta.owasp] }));
  },
};

export { scanFile } from "./engine.js";
export { languageForPath, SAST_LANGUAGES, type SastLanguage } from "./languages.js";
export { defaultRulePack, defaultRules } from "./shipped.js";
export {
  isTextRule,
  loadRuleFile,
  loadRulePack,
  loadRules,
  type LoadedRule,
  type RulePack,
  type SastRule,
} from "./loader.js";
export { scanTextFile, type TextRule } from "./text.js";
