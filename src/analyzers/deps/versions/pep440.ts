// PEP 440 order for PyPI: epochs (`1!0.1`), pre-releases (`a`, `b`, `rc`), post-releases, dev
// releases and local versions, with the spellings PEP 440 normalises (`1.0-RC1`, `1.0.post.1`).
import { compare, valid } from "@renovatebot/pep440";

export function isPep440(version: string): boolean {
  return valid(version.trim()) !== null;
}

/** `undefined` when either side is not a PEP 440 version (legacy releases such as `2004d`). */
export function comparePep440(a: string, b: string): number | undefined {
  if (!isPep440(a) || !isPep440(b)) return undefined;
  return compare(a.trim(), b.trim());
}
