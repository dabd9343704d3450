import { z } from "zod";

/** `privacy:` in the policy file; in its own module so agent hooks can read it without the CEL checker. */
export const PrivacySchema = z.strictObject({ storePrompts: z.boolean().optional() });
