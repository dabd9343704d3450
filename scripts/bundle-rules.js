// Run by `npm run build` after tsc: loads the compiled SAST rule pack from its YAML files once and
// writes it, with each rule's prefilters, as one JSON file the CLI reads instead (src/analyzers/sast/bundle.ts).
import { writeRuleBundle } from "../dist/analyzers/sast/bundle.js";
import { SHIPPED_RULES_DIR } from "../dist/analyzers/sast/loader.js";
import { SHIPPED_BUNDLE } from "../dist/analyzers/sast/shipped.js";
import { VERSION } from "../dist/core/version.js";

const count = writeRuleBundle(SHIPPED_RULES_DIR, SHIPPED_BUNDLE, VERSION);
console.log(`bundled ${count} SAST rules into ${SHIPPED_BUNDLE.pathname}`);
