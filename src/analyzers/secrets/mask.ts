import { createHash } from "node:crypto";

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Prefix length that never reveals more than a quarter of a secret, and at most 4 characters. */
function defaultVisible(secret: string): number {
  return Math.min(4, Math.floor(secret.length / 4));
}

/**
 * The only form in which a secret may be printed or stored: a short prefix (which for provider
 * tokens is the public `ghp_`-style marker), an ellipsis and a hash prefix that lets people match
 * a finding to a credential they hold without the finding revealing it.
 */
export function maskSecret(secret: string, visible: number = defaultVisible(secret)): string {
  const shown = Math.max(0, Math.min(4, visible, defaultVisible(secret)));
  const prefix = Array.from(secret).slice(0, shown).join("");
  return `${prefix}… (sha256:${sha256Hex(secret).slice(0, 8)})`;
}
