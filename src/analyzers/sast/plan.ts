// How a rule list runs on files of one language, worked out once instead of once per file.
//
// napi compiles a rule every time it is handed one and walks the whole tree for each rule, so a
// pack of a hundred rules costs a hundred compilations and tree walks per file. Two things cut that
// down without changing a single finding:
// - a text prefilter drops the rules whose required literals a file does not contain;
// - the remaining rules that can share one query (no constraints, no clashing utilities) are asked
//   together first, as one `any:` query; only when that finds something does each run on its own.
import type { NapiConfig } from "@ast-grep/napi";
import type { SastLanguage } from "./languages.js";
import type { LiteralSet } from "./literals.js";
import type { SastRule } from "./loader.js";
import { literalTester, rulePrefilter } from "./prefilter.js";

export interface PlannedRule {
  rule: SastRule;
  /** Literals one of which a file must contain for the rule to match; undefined: always run. */
  prefilter: LiteralSet | undefined;
  /** Whether the rule may be part of the joint `any:` query. */
  joinable: boolean;
}

export interface LanguagePlan {
  rules: PlannedRule[];
}

/** The rules worth running on one file, and the joint query that may rule most of them out at once. */
export interface FilePlan {
  /** Rules that may have matches in the file: both lists empty means nothing to parse or run. */
  solo: SastRule[];
  joined: SastRule[];
  /** A query matching wherever any of `joined` matches; undefined when fewer than two are joined. */
  query: NapiConfig | undefined;
}

// Keyed by the rule list itself: the loaded pack is one array for the life of the process, and a
// list built by a test gets its own plans.
const plans = new WeakMap<readonly SastRule[], Map<SastLanguage, LanguagePlan>>();

// Prefilters worked out at build time (bundle.ts), so a process does not derive them again.
const seeded = new WeakMap<SastRule, Map<SastLanguage, LiteralSet | undefined>>();

export function seedPrefilter(rule: SastRule, language: SastLanguage, set: LiteralSet | undefined): void {
  const byLanguage = seeded.get(rule) ?? new Map<SastLanguage, LiteralSet | undefined>();
  byLanguage.set(language, set);
  seeded.set(rule, byLanguage);
}

function prefilterOf(rule: SastRule, language: SastLanguage): LiteralSet | undefined {
  const byLanguage = seeded.get(rule);
  return byLanguage?.has(language) === true ? byLanguage.get(language) : rulePrefilter(rule.config, language);
}

function utilsOf(rule: SastRule): Record<string, unknown> {
  return rule.config.utils ?? {};
}

/**
 * A rule joins the shared query when it has no constraints (they apply to metavariables by name,
 * so they would reach into other rules' matches) and each of its utilities has the definition most
 * rules use under that name (the joint query can hold only one).
 */
function buildPlan(rules: readonly SastRule[], language: SastLanguage): LanguagePlan {
  const applicable = rules.filter((rule) => rule.targets.includes(language));
  const votes = new Map<string, Map<string, { count: number; value: unknown }>>();
  for (const rule of applicable) {
    for (const [name, value] of Object.entries(utilsOf(rule))) {
      const byDefinition = votes.get(name) ?? new Map<string, { count: number; value: unknown }>();
      const key = JSON.stringify(value);
      const entry = byDefinition.get(key) ?? { count: 0, value };
      entry.count += 1;
      byDefinition.set(key, entry);
      votes.set(name, byDefinition);
    }
  }
  const canonical = new Map<string, string>();
  for (const [name, byDefinition] of votes) {
    let best: [string, number] | undefined;
    for (const [key, { count }] of byDefinition) if (best === undefined || count > best[1]) best = [key, count];
    if (best) canonical.set(name, best[0]);
  }
  const planned = applicable.map((rule) => {
    const joinable =
      rule.config.constraints === undefined &&
      Object.entries(utilsOf(rule)).every(([name, value]) => canonical.get(name) === JSON.stringify(value));
    return { rule, prefilter: prefilterOf(rule, language), joinable };
  });
  return { rules: planned };
}

/** The plan for files of `language`, built on first use. */
export function languagePlan(rules: readonly SastRule[], language: SastLanguage): LanguagePlan {
  let byLanguage = plans.get(rules);
  if (!byLanguage) {
    byLanguage = new Map();
    plans.set(rules, byLanguage);
  }
  let plan = byLanguage.get(language);
  if (!plan) {
    plan = buildPlan(rules, language);
    byLanguage.set(language, plan);
  }
  return plan;
}

/** Which rules to run on a file with this text, and the joint query to try first. */
export function filePlan(plan: LanguagePlan, text: string): FilePlan {
  const contains = literalTester(text);
  const solo: SastRule[] = [];
  const joined: SastRule[] = [];
  for (const { rule, prefilter, joinable } of plan.rules) {
    if (prefilter !== undefined && !contains(prefilter)) continue;
    (joinable ? joined : solo).push(rule);
  }
  if (joined.length < 2) return { solo: [...solo, ...joined], joined: [], query: undefined };
  // Only the utilities these rules reach: ast-grep compiles every utility it is given.
  const utils = Object.assign({}, ...joined.map(utilsOf)) as Record<string, unknown>;
  const query = { rule: { any: joined.map((rule) => rule.config.rule) }, utils } as NapiConfig;
  return { solo, joined, query };
}
