import { createHash } from "node:crypto";
import canonicalizeModule from "canonicalize";

// The package's type declarations describe a CommonJS namespace; at run time the default import is the function.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/** RFC 8785 canonical JSON; undefined for values JSON cannot represent. */
export function canonicalJson(value: unknown): string | undefined {
  return canonicalize(value);
}

/** sha256 (hex) of the canonical JSON of a value: the same data always gives the same digest. */
export function digestOf(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value) ?? "null").digest("hex");
}
