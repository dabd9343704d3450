// Provenance: which commits and lines an AI wrote, with which tool and model, from evidence in git,
// agent hooks, Custody notes, git-ai notes and Agent Trace records.
export { attributeCommit, attributeCommits } from "./attribution.js";
export type { BlamedLine } from "./lines.js";
export { summarize, type AttributionStats } from "./stats.js";
export { normalizeModel } from "./models.js";
export { toolForAgentName } from "./agents.js";
export { AI_IDENTITIES, matchIdentity, type AiIdentity } from "./sources/identities.js";
export type { RangeClaim } from "./claims.js";
export type { ClaimSource } from "./sources/types.js";
export { CLAIM_SOURCES } from "./claim-sources.js";
export { resolveLines, resolveAddedLines, mergeAttribution, MIXED_MARGIN, type OriginBlamedLine, type ResolveOptions } from "./resolve.js";
export { heuristicHints, heuristicAttribution, isHeuristicOnly, MAX_HEURISTIC_CONFIDENCE } from "./heuristic.js";
export { toAgentTrace, toGitAiLog } from "./export.js";
