// Who may count as a human reviewer of a change: not a bot or AI identity, and not one of the people
// who wrote the change. Identities are compared case-insensitively on e-mail addresses and GitHub
// logins, never on display names, which are free text.
import picomatch from "picomatch";
import type { Change, Person } from "../core/types.js";
import { TOOLS } from "../core/types.js";
import { toolForAgentName } from "../provenance/agents.js";
import { AI_IDENTITIES, isHumanIdentity, parsePerson } from "../provenance/sources/identities.js";

const GITHUB_NOREPLY = /^(?:\d+\+)?([^@\s]+)@users\.noreply\.github\.com$/;

/** The parts of a policy member identity that can match a git identity. */
export interface Identity {
  id: string;
  email?: string;
}

function normalize(value: string): string {
  return value.trim().toLowerCase();
}

/** The GitHub login an identity stands for: a bare login or a users.noreply.github.com address. */
function loginOf(value: string): string | undefined {
  const id = normalize(value);
  if (!id.includes("@")) return id;
  return GITHUB_NOREPLY.exec(id)?.[1];
}

/**
 * Why `id` is a bot or AI identity, or undefined for an identity that may be a person. `extra` holds
 * the policy's own globs (approvals.bots).
 */
export function botReason(id: string, extra: readonly string[] = []): string | undefined {
  const value = normalize(id);
  const login = loginOf(value);
  if (value.endsWith("[bot]") || value.includes("[bot]@") || login?.endsWith("[bot]") === true) return "a [bot] account";
  if (value === "noreply@github.com") return "GitHub's automation address";
  const byEmail = AI_IDENTITIES.find((identity) => identity.emails?.includes(value));
  if (byEmail) return `the ${byEmail.product} identity`;
  const byLogin = login === undefined ? undefined : AI_IDENTITIES.find((identity) => identity.logins?.includes(login));
  if (byLogin) return `the ${byLogin.product} identity`;
  const tool = (TOOLS as readonly string[]).includes(value) && value !== "other" ? value : toolForAgentName(value);
  if (tool !== undefined && !value.includes("@")) return `the name of an AI tool (${tool})`;
  if (extra.length > 0 && picomatch(extra.map(normalize), { dot: true, nocase: true })(value)) return "listed under approvals.bots in the policy";
  return undefined;
}

/** Whether a member identity and a git identity are the same person. */
export function isSamePerson(member: Identity, person: Person): boolean {
  const email = normalize(person.email);
  if (email === "") return false;
  const ids = [member.id, member.email].filter((v): v is string => v !== undefined).map(normalize);
  if (ids.includes(email)) return true;
  const login = GITHUB_NOREPLY.exec(email)?.[1];
  return login !== undefined && ids.includes(login);
}

/**
 * The people who wrote a change and so never approve it: the change's author, every commit's author,
 * and the people (not tools) named in `Co-authored-by` trailers.
 */
export function changeAuthors(change: Pick<Change, "author" | "commits">): Person[] {
  const people: Person[] = [change.author];
  for (const commit of change.commits) {
    people.push(commit.author);
    for (const trailer of commit.trailers) {
      if (normalize(trailer.key) !== "co-authored-by") continue;
      const person = parsePerson(trailer.value);
      if (person && isHumanIdentity(person)) people.push(person);
    }
  }
  const seen = new Set<string>();
  return people.filter((p) => {
    const key = normalize(p.email);
    if (key === "" || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The author entry an identity matches, if it wrote part of the change. */
export function authorMatch(identity: Identity, authors: readonly Person[]): Person | undefined {
  return authors.find((person) => isSamePerson(identity, person));
}
