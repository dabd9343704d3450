// Who a key signs as: the policy member who owns it, or a delegate acting for a member under a
// delegation in force. Refusals say what to do, because the reviewer is at the keyboard.
import { CustodyError } from "../core/errors.js";
import { outsidePeriod, type Delegation } from "./delegation.js";
import { memberKey, ownersOf, type Directory, type Member } from "./members.js";
import type { PublicKey } from "./keys.js";

export interface SignerIdentity {
  /** The identity the statement names as reviewer. */
  reviewer: string;
  /** The member it counts as. */
  person: Member;
  delegation?: Delegation;
}

export interface SignerOptions {
  /** `--as`: the identity to sign as, when the key alone does not say. */
  as?: string;
  /** `--on-behalf-of`: the delegator, when signing as a delegate. */
  onBehalfOf?: string;
  /** Where the policy came from, for messages. */
  policySource: string;
  /** Now, and the ledger index the statement will get, to check the delegation period. */
  now: string;
  nextEntry: number;
}

function refuse(message: string): CustodyError {
  return new CustodyError("approval-refused", message);
}

export function resolveSigner(directory: Directory, key: PublicKey, delegations: readonly Delegation[], options: SignerOptions): SignerIdentity {
  const owners = ownersOf(directory, key.fingerprint);
  const mine = delegations.filter((d) => d.delegateKey.fingerprint === key.fingerprint);
  if (options.onBehalfOf !== undefined || (owners.length === 0 && mine.length > 0)) return asDelegate(key, mine, options);
  if (owners.length === 0) {
    throw refuse(
      `key ${key.fingerprint} belongs to no member of the policy (${options.policySource}) and no delegation to it is recorded; ` +
        `add its public key ${key.text} to your entry under groups: in the policy (it counts once merged), or pass the right --key`,
    );
  }
  if (options.as !== undefined) {
    const person = owners.find((m) => memberKey(m.id) === memberKey(options.as ?? ""));
    if (!person) throw refuse(`--as ${options.as}: key ${key.fingerprint} belongs to ${owners.map((m) => m.id).join(", ")}, not to ${options.as}`);
    return { reviewer: person.id, person };
  }
  const [only, ...others] = owners;
  if (!only || others.length > 0) throw refuse(`key ${key.fingerprint} is listed for ${owners.map((m) => m.id).join(", ")}; say which with --as`);
  return { reviewer: only.id, person: only };
}

function asDelegate(key: PublicKey, mine: readonly Delegation[], options: SignerOptions): SignerIdentity {
  const named = mine.filter(
    (d) =>
      (options.onBehalfOf === undefined || memberKey(d.delegator.id) === memberKey(options.onBehalfOf)) &&
      (options.as === undefined || memberKey(d.delegateId) === memberKey(options.as)),
  );
  if (named.length === 0) {
    const whose = options.onBehalfOf !== undefined ? ` from ${options.onBehalfOf}` : "";
    throw refuse(`no valid delegation${whose} to key ${key.fingerprint} is recorded; the delegator records one with \`custody delegate\``);
  }
  const current = named.filter((d) => outsidePeriod(d, options.now, options.now, options.nextEntry) === undefined);
  if (current.length === 0) {
    const last = named[named.length - 1];
    throw refuse(last ? (outsidePeriod(last, options.now, options.now, options.nextEntry) ?? "the delegation is not in force") : "the delegation is not in force");
  }
  const delegators = [...new Set(current.map((d) => d.delegator.id))];
  if (delegators.length > 1) throw refuse(`key ${key.fingerprint} is a delegate of ${delegators.join(", ")}; say for whom with --on-behalf-of`);
  const delegation = current[current.length - 1];
  if (!delegation) throw refuse("the delegation is not in force");
  return { reviewer: delegation.delegateId, person: delegation.delegator, delegation };
}
