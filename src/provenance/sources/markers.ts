// Signals from trailers that are not a person: a tool's own markers and the Linux kernel's
// `Assisted-by:` form. Only trailers git parsed are read; the message body is never searched,
// because people write about tools in prose all the time.
import type { Tool, Trailer } from "../../core/types.js";
import { toolForAgentName } from "../agents.js";
import { modelFromDisplayName, normalizeModel } from "../models.js";
import { matchIdentity, parsePerson } from "./identities.js";
import { detailFor, type Signal } from "./signal.js";

/** Session ids copied into attributions; anything else is left in the evidence text only. */
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Entire's checkpoint ids: 12 hex digits, or a ULID in newer versions. */
const ENTIRE_CHECKPOINT = /^(?:[0-9a-f]{12}|[0-9A-HJKMNP-TV-Z]{26})$/i;

export function markerSignals(trailers: Trailer[]): Signal[] {
  return [
    ...trailers.flatMap(assistedBySignal),
    ...replitSignals(trailers),
    ...entireSignals(trailers),
    ...trailers.flatMap(madeWithSignal),
  ];
}

function trailerValue(trailers: Trailer[], key: string): string | undefined {
  const wanted = key.toLowerCase();
  return trailers.find((t) => t.key.trim().toLowerCase() === wanted)?.value.trim();
}

function sessionId(value: string | undefined): string | undefined {
  return value !== undefined && SESSION_ID.test(value) ? value : undefined;
}

function quote(trailer: Trailer): string {
  return `${trailer.key}: ${trailer.value}`;
}

/**
 * The Linux kernel's rule for AI-assisted patches: `Assisted-by: AGENT_NAME:MODEL_VERSION [TOOL…]`,
 * e.g. `Assisted-by: Claude:claude-3-opus coccinelle sparse`. The human author stays responsible for
 * the patch and declares that an agent helped, so the lines count as mixed rather than AI-written.
 */
function assistedBySignal(trailer: Trailer): Signal[] {
  if (trailer.key.trim().toLowerCase() !== "assisted-by") return [];
  const value = trailer.value.trim();
  const parsed = parseAssistedBy(value);
  if (parsed === undefined) return [];
  return [
    {
      contributor: "mixed",
      tool: parsed.tool,
      ...(parsed.model !== undefined && { model: parsed.model }),
      role: "trailer",
      evidence: { source: "trailer", detail: detailFor(quote(trailer), parsed.tool, parsed.agent) },
      confidence: 0.85,
    },
  ];
}

function parseAssistedBy(value: string): { agent: string; tool: Tool; model?: string } | undefined {
  const person = parsePerson(value);
  if (person !== undefined) {
    const identity = matchIdentity(person);
    if (identity === undefined) return undefined;
    const model = modelFromDisplayName(person.name);
    return { agent: identity.product, tool: identity.tool, ...(model !== undefined && { model }) };
  }
  const colon = value.indexOf(":");
  if (colon > 0) {
    const agent = value.slice(0, colon).trim();
    if (agent === "" || agent.length > 60) return undefined;
    const modelText = value.slice(colon + 1).trim().split(/\s+/)[0] ?? "";
    const model = normalizeModel(modelText);
    return { agent, tool: toolForAgentName(agent) ?? "other", ...(model !== undefined && { model }) };
  }
  // Without the colon the agent cannot be told from a person's name, so only known agents count.
  const first = value.split(/\s+/)[0] ?? "";
  const tool = toolForAgentName(value) ?? toolForAgentName(first);
  if (tool === undefined) return undefined;
  return { agent: toolForAgentName(value) === undefined ? first : value, tool };
}

/**
 * Replit marks commits with `Replit-Commit-Author: Agent` when its agent made them (and other values,
 * such as `Deployment`, when it did not), plus `Replit-Commit-Session-Id`.
 */
function replitSignals(trailers: Trailer[]): Signal[] {
  const marker = trailers.find((t) => t.key.trim().toLowerCase() === "replit-commit-author");
  if (marker === undefined || marker.value.trim().toLowerCase() !== "agent") return [];
  const session = sessionId(trailerValue(trailers, "Replit-Commit-Session-Id"));
  return [
    {
      contributor: "ai",
      tool: "other",
      ...(session !== undefined && { sessionId: session }),
      role: "trailer",
      evidence: { source: "trailer", detail: detailFor(quote(marker), "other", "Replit Agent") },
      confidence: 0.9,
    },
  ];
}

/**
 * Entire links a commit to the agent session checkpoint that produced it with `Entire-Checkpoint`,
 * and may name the agent (`Entire-Agent: Claude Code`) and session (`Entire-Session`). The commit can
 * also hold the user's own edits, so it weighs less than a tool's own co-author trailer.
 */
function entireSignals(trailers: Trailer[]): Signal[] {
  const checkpoint = trailers.find(
    (t) => t.key.trim().toLowerCase() === "entire-checkpoint" && ENTIRE_CHECKPOINT.test(t.value.trim()),
  );
  if (checkpoint === undefined) return [];
  const agentTrailer = trailers.find((t) => t.key.trim().toLowerCase() === "entire-agent");
  const agent = agentTrailer?.value.trim();
  const tool = agent === undefined || agent === "" ? undefined : (toolForAgentName(agent) ?? "other");
  const session = sessionId(trailerValue(trailers, "Entire-Session"));
  const quoted = agentTrailer === undefined ? quote(checkpoint) : `${quote(checkpoint)}; ${quote(agentTrailer)}`;
  return [
    {
      contributor: "ai",
      ...(tool !== undefined && { tool }),
      ...(session !== undefined && { sessionId: session }),
      role: "trailer",
      evidence: { source: "trailer", detail: detailFor(quoted, tool, agent ?? "Entire") },
      confidence: 0.8,
    },
  ];
}

/** Cursor's commit attribution can also take the form `Made-with: Cursor`. */
function madeWithSignal(trailer: Trailer): Signal[] {
  if (trailer.key.trim().toLowerCase() !== "made-with") return [];
  const product = trailer.value.trim().split(/\s+/)[0] ?? "";
  if (toolForAgentName(product) !== "cursor") return [];
  return [
    {
      contributor: "ai",
      tool: "cursor",
      role: "trailer",
      evidence: { source: "trailer", detail: quote(trailer) },
      confidence: 0.8,
    },
  ];
}
