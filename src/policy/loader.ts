// Reads policy text into an effective `Policy`. Every problem is reported at once, one per line, as
// `<source>:<line>:<col>: <field>: <what is wrong; what to write instead>`.

import { digestOf } from "../core/digest.js";
import { enabledBuiltinRules } from "./defaults.js";
import { invalidPolicy, readDocument } from "./document.js";
import { loadPolicyChain } from "./extends.js";
import type { PolicyOrigin, PolicyReaders } from "./extends.js";
import { toPolicy } from "./schema.js";
import type { Policy, PolicyRule } from "./schema.js";

export { MAX_POLICY_BYTES } from "./document.js";

/**
 * One policy file on its own. A file with `extends:` is refused: reading it alone would drop the
 * rules of the policies it extends, so it must be read with `loadPolicy`, which follows them.
 */
export function parsePolicy(text: string, source: string): Policy {
  const result = readDocument(text, source);
  if (!result.ok) throw invalidPolicy(result.errors);
  const { document } = result;
  if (document.file.extends !== undefined && document.file.extends !== null) {
    throw invalidPolicy([
      document.issue(
        ["extends"],
        "this policy extends other policy files, and this command reads a policy file on its own; run `custody policy validate` on it, or `custody gate` without --policy, which follow extends:",
      ),
    ]);
  }
  return toPolicy(document.file, source);
}

/** A policy and everything it extends, merged; throws `policy-invalid` naming every problem in every file. */
export async function loadPolicy(text: string, origin: PolicyOrigin, readers: PolicyReaders): Promise<Policy> {
  const result = await loadPolicyChain(text, origin, readers);
  if (!result.ok) throw invalidPolicy(result.errors);
  return result.policy;
}

/** The effective policy when the repository has no policy file. */
export function defaultPolicy(): Policy {
  return toPolicy({ version: 1 });
}

/**
 * sha256 (hex) of the RFC 8785 canonical JSON of the effective policy, including the built-in rules it
 * leaves enabled: an upgrade that changes a built-in rule changes the digest, as it changes decisions.
 * Where the parts came from (file names, commits) is left out: the same rules read from another commit
 * or another copy of an org policy give the same digest.
 */
export function policyDigest(policy: Policy): string {
  const meaning: Policy = { ...policy, rules: policy.rules.map(withoutSource) };
  delete meaning.sources;
  return digestOf({ ...meaning, builtins: enabledBuiltinRules(policy) });
}

function withoutSource(rule: PolicyRule): PolicyRule {
  const copy = { ...rule };
  delete copy.source;
  return copy;
}

/** One line naming where a policy came from: its own file, then the files it extends. */
export function sourceLabel(policy: Policy, fallback: string): string {
  const sources = policy.sources ?? [];
  const own = sources.at(-1) ?? fallback;
  return sources.length > 1 ? `${own} (extends ${sources.slice(0, -1).join(", ")})` : own;
}
