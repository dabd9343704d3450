// The shipped rule pack, loaded and planned once at build time and kept as one JSON file beside the
// compiled code. Reading 200-odd YAML files, validating them and working out each rule's text
// prefilter costs more than a whole gate run on a small change; parsing one JSON file costs a few
// milliseconds. Running from the TypeScript sources there is no bundle, so tests always exercise the
// YAML loader, and the build writes the bundle from that same loader.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SAST_LANGUAGES, type SastLanguage } from "./languages.js";
import type { LiteralSet } from "./literals.js";
import { isTextRule, loadRulePack, type LoadedRule, type RulePack, type SastRule } from "./loader.js";
import { seedPrefilter } from "./plan.js";
import { rulePrefilter } from "./prefilter.js";
import { pathMatcher, type TextRule } from "./text.js";

const BUNDLE_FORMAT = "custody-sast-bundle/1";

type BundledTextRule = Omit<TextRule, "reads" | "regex" | "notRegex" | "fileRegex"> & { kind: "text"; regex: string; notRegex?: string; fileRegex?: string };
type BundledAstGrepRule = SastRule & { kind: "ast-grep"; prefilters: Partial<Record<SastLanguage, LiteralSet | null>> };

interface Bundle {
  format: typeof BUNDLE_FORMAT;
  /** The package version that wrote it: a bundle from another build is ignored. */
  version: string;
  rules: (BundledAstGrepRule | BundledTextRule)[];
}

function bundleRule(rule: LoadedRule): BundledAstGrepRule | BundledTextRule {
  if (isTextRule(rule)) {
    const { meta, message, language, files, file, regex, notRegex, fileRegex } = rule;
    return {
      kind: "text",
      meta,
      message,
      language,
      files,
      file,
      regex: regex.source,
      ...(notRegex ? { notRegex: notRegex.source } : {}),
      ...(fileRegex ? { fileRegex: fileRegex.source } : {}),
    };
  }
  const prefilters: BundledAstGrepRule["prefilters"] = {};
  for (const language of rule.targets) prefilters[language] = rulePrefilter(rule.config, language) ?? null;
  return { ...rule, kind: "ast-grep", prefilters };
}

function unbundleRule(entry: BundledAstGrepRule | BundledTextRule): LoadedRule {
  if (entry.kind === "text") {
    const { meta, message, language, files, file, regex, notRegex, fileRegex } = entry;
    const rebuilt: TextRule = { meta, message, language, files, file, reads: pathMatcher(files), regex: new RegExp(regex, "g"), notRegex: undefined };
    if (notRegex !== undefined) rebuilt.notRegex = new RegExp(notRegex);
    if (fileRegex !== undefined) rebuilt.fileRegex = new RegExp(fileRegex);
    return rebuilt;
  }
  const { meta, message, language, targets, config, file, prefilters } = entry;
  const rule: SastRule = { meta, message, language, targets, config, file };
  for (const language of SAST_LANGUAGES) {
    const set = prefilters[language];
    if (set !== undefined) seedPrefilter(rule, language, set ?? undefined);
  }
  return rule;
}

function toPack(all: LoadedRule[]): RulePack {
  return { all, astGrep: all.filter((rule): rule is SastRule => !isTextRule(rule)), text: all.filter(isTextRule) };
}

/** Writes the bundle of the rules in `rulesDir` to `file`; run by the build. */
export function writeRuleBundle(rulesDir: URL, file: URL, version: string): number {
  const pack = loadRulePack(rulesDir);
  const bundle: Bundle = { format: BUNDLE_FORMAT, version, rules: pack.all.map(bundleRule) };
  writeFileSync(fileURLToPath(file), JSON.stringify(bundle));
  return pack.all.length;
}

/** The bundled pack, or undefined when there is no bundle from this version (then the YAML files are read). */
export function readRuleBundle(file: URL, version: string): RulePack | undefined {
  const path = fileURLToPath(file);
  if (!existsSync(path)) return undefined;
  let bundle: unknown;
  try {
    bundle = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
  if (!isBundle(bundle) || bundle.version !== version) return undefined;
  return toPack(bundle.rules.map(unbundleRule));
}

function isBundle(value: unknown): value is Bundle {
  if (typeof value !== "object" || value === null) return false;
  const { format, version, rules } = value as Record<string, unknown>;
  return format === BUNDLE_FORMAT && typeof version === "string" && Array.isArray(rules);
}
