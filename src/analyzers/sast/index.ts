// The sast analyzer: structural rules on real syntax trees (ast-grep), one YAML file per rule.
import type { Analyzer } from "../types.js";
import { onAddedLines } from "../types.js";
import { scanFile } from "./engine.js";
import { languageForPath } from "./languages.js";
import { defaultRules } from "./loader.js";

export const sastAnalyzer: Analyzer = {
  id: "sast",
  description:
    "Structural security rules on JavaScript, TypeScript, TSX and Python syntax trees: injection, " +
    "unsafe deserialization, disabled TLS verification",
  needsNetwork: false,
  appliesTo(path: string): boolean {
    return languageForPath(path) !== undefined;
  },
  analyzeFile(file) {
    if (file.addedLines?.length === 0) return [];
    return onAddedLines(file, scanFile(defaultRules(), file));
  },
  rules() {
    return defaultRules().map((rule) => ({ ...rule.meta, cwe: [...rule.meta.cwe], owasp: [...rule.meta.owasp] }));
  },
};

export { scanFile } from "./engine.js";
export { languageForPath, SAST_LANGUAGES, type SastLanguage } from "./languages.js";
export { defaultRules, loadRuleFile, loadRules, type SastRule } from "./loader.js";
