import type { SecretRule } from "../types.js";
import { credentialHelp } from "./help.js";

export const PAYMENT_RULES: SecretRule[] = [
  {
    id: "secrets/stripe-secret-key",
    title: "Stripe live secret or restricted key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["sk_live_", "rk_live_", "sk_test_", "rk_test_"],
    // Test-mode keys are matched so that the generic rule leaves them alone, then not reported:
    // they cannot move money and Stripe publishes some in its own documentation.
    regex: /(?<![A-Za-z0-9_])(?<secret>[rs]k_(?:live|test)_[A-Za-z0-9]{20,247})(?![A-Za-z0-9_])/,
    minEntropy: 3,
    validate: (key) => key.startsWith("sk_live_") || key.startsWith("rk_live_"),
    help: credentialHelp(
      "Stripe key (test keys are often swapped for live ones)",
      "Roll the key in the Stripe dashboard under Developers → API keys.",
    ),
  },
];
