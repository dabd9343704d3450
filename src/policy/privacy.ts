// The one policy setting agent hooks need, read without loading the rest of the policy machinery (CEL):
// hooks run on every agent edit and must start fast. An unreadable or invalid file means the default.
import { parse } from "yaml";
import { PrivacySchema } from "./schema-privacy.js";

export interface PrivacySettings {
  storePrompts: boolean;
}

export function readPrivacy(policyText: string | undefined): PrivacySettings {
  if (policyText === undefined) return { storePrompts: false };
  let document: unknown;
  try {
    document = parse(policyText);
  } catch {
    return { storePrompts: false };
  }
  const section = typeof document === "object" && document !== null ? (document as Record<string, unknown>).privacy : undefined;
  const parsed = PrivacySchema.safeParse(section ?? {});
  return { storePrompts: parsed.success ? (parsed.data.storePrompts ?? false) : false };
}
