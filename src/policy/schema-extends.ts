// `extends:` in the policy file: one reference or a list, each a path (relative to the file that names
// it, or absolute) or an https:// URL. Plain http is accepted only on the loopback interface, where
// nothing on the network can change the policy in transit.

import { z } from "zod";

export type PolicyReference = { kind: "path"; path: string } | { kind: "url"; url: URL };

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** What a reference names, or a message saying why it cannot be used. */
export function parseReference(text: string): PolicyReference | { problem: string } {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(text)) return { kind: "path", path: text };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `${JSON.stringify(text)} is not a valid URL` };
  }
  if (url.username !== "" || url.password !== "") return { problem: "a URL with credentials in it would leak them into every decision; serve the policy without them" };
  if (url.protocol === "https:") return { kind: "url", url };
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return { kind: "url", url };
  if (url.protocol === "http:") return { problem: "plain http:// can be altered in transit; serve the policy over https://" };
  return { problem: `${url.protocol.slice(0, -1)}:// is not supported; use a path or an https:// URL` };
}

const Reference = z
  .string()
  .trim()
  .min(1)
  .superRefine((text, context) => {
    const parsed = parseReference(text);
    if ("problem" in parsed) context.addIssue({ code: "custom", message: parsed.problem });
  });

export const ExtendsSchema = z.union([Reference, z.array(Reference).min(1)]);

/** The references of an `extends:` value as a list. */
export function referencesOf(value: string | string[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return typeof value === "string" ? [value] : value;
}
