// The policy's reviewers as one directory: each person once (a person listed in several groups keeps
// every key given anywhere), with the groups they belong to and their parsed public keys.
import type { Policy } from "../policy/schema.js";
import { parsePublicKey, type PublicKey } from "./keys.js";

export interface Member {
  /** The identity as the policy writes it. */
  id: string;
  email?: string;
  groups: string[];
  keys: PublicKey[];
}

export interface Directory {
  /** By lower-cased id. */
  members: Map<string, Member>;
  /** Keys that do not parse, named so that the policy can be fixed; such keys count for nobody. */
  problems: string[];
}

export function memberKey(id: string): string {
  return id.trim().toLowerCase();
}

export function memberDirectory(policy: Pick<Policy, "groups">): Directory {
  const members = new Map<string, Member>();
  const problems: string[] = [];
  for (const [group, { members: list }] of Object.entries(policy.groups).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const entry of list) {
      const key = memberKey(entry.id);
      const member = members.get(key) ?? { id: entry.id, groups: [], keys: [] };
      if (member.email === undefined && entry.email !== undefined) member.email = entry.email;
      if (!member.groups.includes(group)) member.groups.push(group);
      entry.keys.forEach((text, index) => {
        const parsed = parsePublicKey(text);
        if (!parsed.ok) {
          problems.push(`groups.${group}: member ${entry.id}, keys[${index}]: ${parsed.message}`);
          return;
        }
        if (!member.keys.some((k) => k.fingerprint === parsed.key.fingerprint)) member.keys.push(parsed.key);
      });
      members.set(key, member);
    }
  }
  return { members, problems: [...new Set(problems)] };
}

export function findMember(directory: Directory, id: string): Member | undefined {
  return directory.members.get(memberKey(id));
}

/** The members holding a key, by fingerprint (normally one). */
export function ownersOf(directory: Directory, fingerprint: string): Member[] {
  return [...directory.members.values()].filter((m) => m.keys.some((k) => k.fingerprint === fingerprint));
}

export function allMemberKeys(directory: Directory): PublicKey[] {
  const keys = new Map<string, PublicKey>();
  for (const member of directory.members.values()) for (const key of member.keys) keys.set(key.fingerprint, key);
  return [...keys.values()];
}

export function groupMembers(directory: Directory, group: string): Member[] {
  return [...directory.members.values()].filter((m) => m.groups.includes(group));
}
