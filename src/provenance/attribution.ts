// Commit-level attribution: gathers every signal a commit carries and weighs them into one answer.
import type { Attribution, Commit, CommitAttribution, Contributor, Evidence } from "../core/types.js";
import { formatPerson, isHumanIdentity, parsePerson } from "./sources/identities.js";
import { identitySignals } from "./sources/identity.js";
import { markerSignals } from "./sources/markers.js";
import type { Signal } from "./sources/signal.js";

/** A stronger kind of claim wins over a more confident weaker one: any AI authorship beats assistance. */
const CONTRIBUTOR_RANK: Record<Signal["contributor"], number> = { ai: 2, mixed: 1, human: 0 };

export function attributeCommit(commit: Commit): Attribution {
  const signals = [...identitySignals(commit), ...markerSignals(commit.trailers)];
  // No evidence either way is "unknown": a commit without AI markers may still be AI-written.
  if (signals.length === 0) return unknownAttribution();

  const contributor = strongestContributor(signals);
  const chosen = signals
    .filter((s) => s.contributor === contributor)
    .sort((a, b) => b.confidence - a.confidence);
  const primary = chosen[0];
  if (primary === undefined) return unknownAttribution();

  const tool = primary.tool ?? chosen.find((s) => s.tool !== undefined)?.tool;
  const model = chosen.find((s) => s.model !== undefined && (s.tool === undefined || s.tool === tool))?.model;
  const sessionId = chosen.find((s) => s.sessionId !== undefined)?.sessionId;
  const human = humanOfRecord(commit, signals);
  return {
    contributor,
    ...(tool !== undefined && { tool }),
    ...(model !== undefined && { model }),
    ...(sessionId !== undefined && { sessionId }),
    ...(human !== undefined && { humanOfRecord: human }),
    evidence: uniqueEvidence(signals),
    confidence: primary.confidence,
  };
}

export function attributeCommits(commits: Commit[]): CommitAttribution[] {
  return commits.map((commit) => ({ sha: commit.sha, subject: commit.subject, attribution: attributeCommit(commit) }));
}

export function unknownAttribution(): Attribution {
  return { contributor: "unknown", evidence: [], confidence: 0 };
}

function strongestContributor(signals: Signal[]): Contributor {
  let best: Signal["contributor"] = "human";
  for (const signal of signals) {
    if (CONTRIBUTOR_RANK[signal.contributor] > CONTRIBUTOR_RANK[best]) best = signal.contributor;
  }
  return best;
}

/**
 * The person accountable for the commit: the author when a human authored it with an AI credited;
 * when an AI authored it, the human who committed it, or failing that a human co-author.
 */
function humanOfRecord(commit: Commit, signals: Signal[]): string | undefined {
  const marked = signals.find((s) => s.humanOfRecord !== undefined)?.humanOfRecord;
  if (marked !== undefined) return formatPerson(marked);
  const aiAuthored = signals.some((s) => s.role === "author" && s.contributor !== "human");
  if (!aiAuthored) return isHumanIdentity(commit.author) ? formatPerson(commit.author) : undefined;
  if (isHumanIdentity(commit.committer)) return formatPerson(commit.committer);
  for (const trailer of commit.trailers) {
    if (trailer.key.trim().toLowerCase() !== "co-authored-by") continue;
    const person = parsePerson(trailer.value);
    if (person !== undefined && isHumanIdentity(person)) return formatPerson(person);
  }
  return undefined;
}

function uniqueEvidence(signals: Signal[]): Evidence[] {
  const seen = new Set<string>();
  const evidence: Evidence[] = [];
  for (const { evidence: e } of signals) {
    const key = `${e.source}\u0000${e.detail}`;
    if (seen.has(key)) continue;
    seen.add(key);
    evidence.push(e);
  }
  return evidence;
}
