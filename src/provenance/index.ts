// Provenance: which commits and lines an AI wrote, with which tool and model, from evidence in git.
export { attributeCommit, attributeCommits } from "./attribution.js";
export { attributeLines, type BlamedLine } from "./lines.js";
export { summarize, type AttributionStats } from "./stats.js";
export { normalizeModel } from "./models.js";
export { toolForAgentName } from "./agents.js";
export { AI_IDENTITIES, matchIdentity, type AiIdentity } from "./sources/identities.js";
