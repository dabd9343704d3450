// Signals from who the commit says wrote it: the author, the committer and `Co-authored-by` trailers.
import type { Commit, Person, Trailer } from "../../core/types.js";
import { modelFromDisplayName } from "../models.js";
import { formatPerson, matchIdentity, parsePerson } from "./identities.js";
import { detailFor, type Signal } from "./signal.js";

/** An AI identity that only committed may have applied a person's work (a rebase, a merge). */
const COMMITTER_ONLY_DISCOUNT = 0.25;

/** Aider marks its own edits by appending " (aider)" to the user's git name. */
const AIDER_SUFFIX = /^(.*\S)\s+\(aider\)$/i;

export function identitySignals(commit: Commit): Signal[] {
  return [
    ...aiderSuffixSignals(commit.author, commit.committer),
    ...personSignal(commit.author, "author"),
    ...personSignal(commit.committer, "committer"),
    ...commit.trailers.flatMap(coAuthorSignal),
  ];
}

function personSignal(person: Person, role: "author" | "committer"): Signal[] {
  const identity = matchIdentity(person);
  if (identity === undefined) return [];
  const model = modelFromDisplayName(person.name);
  const confidence =
    role === "author" ? identity.authorConfidence : identity.authorConfidence - COMMITTER_ONLY_DISCOUNT;
  return [
    {
      contributor: "ai",
      tool: identity.tool,
      ...(model !== undefined && { model }),
      role,
      evidence: { source: "bot-author", detail: detailFor(`${role}: ${formatPerson(person)}`, identity.tool, identity.product) },
      confidence,
    },
  ];
}

function coAuthorSignal(trailer: Trailer): Signal[] {
  if (trailer.key.trim().toLowerCase() !== "co-authored-by") return [];
  const person = parsePerson(trailer.value);
  if (person === undefined) return [];
  const identity = matchIdentity(person);
  if (identity === undefined) return [];
  const model = modelFromDisplayName(person.name);
  return [
    {
      contributor: "ai",
      tool: identity.tool,
      ...(model !== undefined && { model }),
      role: "trailer",
      evidence: {
        source: "trailer",
        detail: detailFor(`${trailer.key}: ${trailer.value}`, identity.tool, identity.product),
      },
      confidence: identity.coAuthorConfidence,
    },
  ];
}

/**
 * Aider renames the author to "Name (aider)" on commits of its own edits, and renames only the
 * committer when it commits changes the user made by hand before handing over. So a suffixed author
 * is aider's work, while a suffixed committer under an unsuffixed author is the user's.
 */
function aiderSuffixSignals(author: Person, committer: Person): Signal[] {
  const authorName = AIDER_SUFFIX.exec(author.name.trim())?.[1];
  const committerSuffixed = AIDER_SUFFIX.test(committer.name.trim());
  const signals: Signal[] = [];
  if (authorName !== undefined) {
    signals.push({
      contributor: "ai",
      tool: "aider",
      role: "author",
      evidence: { source: "bot-author", detail: `author: ${formatPerson(author)}` },
      confidence: 0.9,
      humanOfRecord: { name: authorName, email: author.email },
    });
  }
  if (committerSuffixed) {
    signals.push({
      contributor: authorName === undefined ? "human" : "ai",
      ...(authorName !== undefined && { tool: "aider" as const }),
      role: "committer",
      evidence: { source: "bot-author", detail: `committer: ${formatPerson(committer)}` },
      confidence: authorName === undefined ? 0.6 : 0.9,
    });
  }
  return signals;
}
