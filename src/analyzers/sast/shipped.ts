// The rule pack shipped with custody: from the bundle the build writes when there is one, else from
// the YAML files, loaded once per process (or worker thread).
import { VERSION } from "../../core/version.js";
import { readRuleBundle } from "./bundle.js";
import { loadRulePack, SHIPPED_RULES_DIR, type RulePack, type SastRule } from "./loader.js";

/** Beside the compiled code; the build writes it (scripts/bundle-rules.js). */
export const SHIPPED_BUNDLE = new URL("./rules.bundle.json", import.meta.url);

let cached: RulePack | undefined;

/** The shipped rules; their tests compile each one, so loading them here does not. */
export function defaultRulePack(): RulePack {
  cached ??= readRuleBundle(SHIPPED_BUNDLE, VERSION) ?? loadRulePack(SHIPPED_RULES_DIR, { compile: false });
  return cached;
}

/** The shipped ast-grep rules. */
export function defaultRules(): readonly SastRule[] {
  return defaultRulePack().astGrep;
}
