// The evidence sources line resolution asks, besides commit trailers and bot identities.
import { custodyClaimSource } from "./notes/index.js";
import { agentTraceClaimSource } from "./sources/agent-trace.js";
import { gitAiClaimSource } from "./sources/git-ai.js";
import type { ClaimSource } from "./sources/types.js";

export const CLAIM_SOURCES: readonly ClaimSource[] = [custodyClaimSource, gitAiClaimSource, agentTraceClaimSource];
