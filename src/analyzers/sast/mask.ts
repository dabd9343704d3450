// Rules about hard-coded credentials match code that holds the credential itself, and evidence and messages
// are printed and stored: every string literal in them is masked the way the secrets analyzer masks.
import { maskSecret } from "../secrets/mask.js";

/** CWEs whose matches contain a credential: hard-coded credentials, passwords and keys. */
const CREDENTIAL_CWES = new Set(["CWE-798", "CWE-259", "CWE-321", "CWE-547"]);

const STRING_LITERAL = /(["'`])((?:\\.|(?!\1)[^\\])*)\1/g;

export function holdsCredential(cwe: readonly string[]): boolean {
  return cwe.some((c) => CREDENTIAL_CWES.has(c));
}

/** The text with the contents of every quoted string replaced by its masked form. */
export function maskStringLiterals(text: string): string {
  return text.replace(STRING_LITERAL, (_whole, quote: string, content: string) => (content === "" ? `${quote}${quote}` : `${quote}${maskSecret(content)}${quote}`));
}
