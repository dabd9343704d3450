import type { SecretRule } from "../types.js";
import { AI_PROVIDER_RULES } from "./ai-providers.js";
import { CLOUD_RULES } from "./cloud.js";
import { CONNECTION_STRING_RULES } from "./connection-strings.js";
import { EMBEDDED_RULES } from "./embedded.js";
import { GENERIC_RULES } from "./generic.js";
import { INFRASTRUCTURE_RULES } from "./infrastructure.js";
import { KEY_RULES } from "./keys.js";
import { MESSAGING_RULES } from "./messaging.js";
import { PAYMENT_RULES } from "./payments.js";
import { REGISTRY_RULES } from "./registries.js";
import { SAAS_RULES } from "./saas.js";
import { SOURCE_CONTROL_RULES } from "./source-control.js";

/** Every built-in secrets rule. Generic rules come last; their matches yield to specific ones. */
export const SECRET_RULES: readonly SecretRule[] = [
  ...CLOUD_RULES,
  ...INFRASTRUCTURE_RULES,
  ...SOURCE_CONTROL_RULES,
  ...MESSAGING_RULES,
  ...PAYMENT_RULES,
  ...AI_PROVIDER_RULES,
  ...REGISTRY_RULES,
  ...SAAS_RULES,
  ...KEY_RULES,
  ...CONNECTION_STRING_RULES,
  ...EMBEDDED_RULES,
  ...GENERIC_RULES,
];

export { credentialHelp } from "./help.js";
