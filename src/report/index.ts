export { toSarif, cweTag } from "./sarif.js";
export { gateMarkdown, scanMarkdown } from "./markdown.js";
export { gateText, scanText } from "./text.js";
export { gateJson, changeSummary, OUTCOME_LABEL, type GateReport, type LedgerRef } from "./summary.js";
