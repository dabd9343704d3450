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
    // they cannot move money and Stripe publishes some in its own documentation. Exactly 40
    // lower-case hex characters is Paystack's format, which its own rule reports.
    regex: /(?<![A-Za-z0-9_])(?<secret>[rs]k_(?:live|test)_(?![0-9a-f]{40}(?![A-Za-z0-9_]))[A-Za-z0-9]{20,247})(?![A-Za-z0-9_])/,
    minEntropy: 3,
    validate: (key) => key.startsWith("sk_live_") || key.startsWith("rk_live_"),
    help: credentialHelp(
      "Stripe key (test keys are often swapped for live ones)",
      "Roll the key in the Stripe dashboard under Developers → API keys.",
    ),
  },
  {
    id: "secrets/stripe-webhook-secret",
    title: "Stripe webhook signing secret",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["whsec_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>whsec_[A-Za-z0-9]{32,88})(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "Stripe webhook signing secret (it lets anyone forge events your endpoint trusts)",
      "Roll the signing secret on the endpoint's page under Developers → Webhooks in the Stripe dashboard.",
    ),
  },
  {
    id: "secrets/paystack-secret-key",
    title: "Paystack live secret key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["sk_live_", "sk_test_"],
    // Same prefixes as Stripe, but always 40 lower-case hex characters. Test keys are claimed, not reported.
    regex: /(?<![A-Za-z0-9_])(?<secret>sk_(?:live|test)_[0-9a-f]{40})(?![A-Za-z0-9_])/,
    minEntropy: 3,
    validate: (key) => key.startsWith("sk_live_"),
    help: credentialHelp("Paystack secret key", "Generate new API keys in the Paystack dashboard under Settings → API Keys & Webhooks."),
  },
  {
    id: "secrets/square-access-token",
    title: "Square access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["eaaa", "sq0atp-"],
    // Current tokens are "EAAA" and 60 more characters; legacy ones start with "sq0atp-". Meta's
    // tokens also start with "EAA" but are far longer, so the exact length keeps the two apart.
    regex:
      /(?<![A-Za-z0-9_+/-])(?<secret>EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22})(?![A-Za-z0-9_+/=-])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "Square access token",
      "Revoke it in the Square Developer Dashboard (the application's Credentials or OAuth page) and issue a new one.",
    ),
  },
  {
    id: "secrets/square-oauth-secret",
    title: "Square OAuth application secret",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["sq0csp-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>sq0csp-[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "Square application secret",
      "Replace the application secret on the application's OAuth page in the Square Developer Dashboard.",
    ),
  },
  {
    id: "secrets/braintree-access-token",
    title: "Braintree (PayPal) production access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["access_token$production$", "access_token$sandbox$"],
    // Sandbox tokens are matched so that nothing else reports them, then not reported.
    regex:
      /(?<![A-Za-z0-9_])(?<secret>access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32})(?![A-Za-z0-9_])/,
    validate: (token) => token.startsWith("access_token$production$"),
    help: credentialHelp(
      "Braintree access token",
      "Revoke the token from the Braintree Control Panel (or PayPal's linked account settings) and connect again.",
    ),
  },
  {
    id: "secrets/paypal-client-secret",
    title: "PayPal REST API client secret",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["paypal"],
    regex: /paypal[\w.-]{0,20}?(?:client[_-]?)?secret[^\w\n]{1,6}(?<secret>[A-Za-z0-9_-]{80})(?![A-Za-z0-9_-])/i,
    minEntropy: 4,
    help: credentialHelp(
      "PayPal client secret",
      "Generate a new secret for the app under Apps & Credentials in the PayPal Developer Dashboard and disable the old one.",
    ),
  },
  {
    id: "secrets/adyen-api-key",
    title: "Adyen API key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["aqe"],
    // Three parts joined by "-": base64 starting "AQE", a base64 32-byte value, and a short tail.
    // That shape does not occur by accident, so no surrounding name is needed.
    regex:
      /(?<![A-Za-z0-9+/])(?<secret>AQE[A-Za-z0-9+/]{40,160}={0,2}-[A-Za-z0-9+/]{43}=-[^\s"'`]{8,40})/,
    minEntropy: 4,
    help: credentialHelp(
      "Adyen API key",
      "Generate a new key for the API credential in the Adyen Customer Area (Developers → API credentials) and revoke the old one.",
    ),
  },
  {
    id: "secrets/razorpay-key-secret",
    title: "Razorpay API key secret",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["razorpay", "rzp_live_"],
    // The key id (rzp_live_…) is public, it goes to the checkout page; the 24-character secret is not.
    regex:
      /(?:razorpay[\w.-]{0,20}?(?:key[_-]?)?secret[^\w\n]{1,6}(?<secret>[A-Za-z0-9]{24})|rzp_live_[A-Za-z0-9]{14}[^\n]{0,80}?key_secret["'`]?[ \t]{0,3}[:=,][ \t]{0,3}["'`](?<secret2>[A-Za-z0-9]{24})["'`])(?![A-Za-z0-9])/i,
    minEntropy: 3.5,
    validate: (secret) => /[0-9]/.test(secret) && /[A-Za-z]/.test(secret),
    help: credentialHelp("Razorpay key secret", "Regenerate the API key in the Razorpay Dashboard under Account & Settings → API Keys."),
  },
  {
    id: "secrets/flutterwave-secret-key",
    title: "Flutterwave live secret key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["flwseck-", "flwseck_test-"],
    // Test keys are matched so that nothing else reports them, then not reported.
    regex: /(?<![A-Za-z0-9_-])(?<secret>FLWSECK(?:_TEST)?-[0-9a-f]{32}(?:-[0-9a-z]{10,16})?-X)(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    validate: (key) => key.startsWith("FLWSECK-"),
    help: credentialHelp("Flutterwave secret key", "Generate new API keys in the Flutterwave dashboard under Settings → API Keys."),
  },
  {
    id: "secrets/plaid-access-token",
    title: "Plaid production access token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["access-production-", "access-development-", "access-sandbox-"],
    // Sandbox tokens reach fake banks only: matched so nothing else reports them, then not reported.
    regex:
      /(?<![A-Za-z0-9_-])(?<secret>access-(?:production|development|sandbox)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![A-Za-z0-9_-])/,
    validate: (token) => !token.startsWith("access-sandbox-"),
    help: credentialHelp(
      "Plaid access token (it reads a user's bank data)",
      "Call `/item/access_token/invalidate` (or `/item/remove`) for the Item and store the new token server-side only.",
    ),
  },
  {
    id: "secrets/plaid-secret",
    title: "Plaid API secret",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["plaid"],
    regex: /plaid[\w.-]{0,20}?secret[^\w\n]{1,6}(?<secret>[0-9a-f]{30})(?![A-Za-z0-9])/i,
    minEntropy: 3,
    help: credentialHelp("Plaid secret", "Rotate the secret for that environment in the Plaid Dashboard under Developers → Keys."),
  },
  {
    id: "secrets/shopify-access-token",
    title: "Shopify Admin API access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["shpat_", "shpca_", "shppa_"],
    // shpat_: custom and public app tokens; shpca_: custom apps made in the admin; shppa_: private apps.
    regex: /(?<![A-Za-z0-9_])(?<secret>shp(?:at|ca|pa)_[0-9a-fA-F]{32})(?![A-Za-z0-9_])/,
    minEntropy: 3,
    help: credentialHelp(
      "Shopify access token",
      "Uninstall and reinstall the app (or rotate the custom app's credentials in the Shopify admin) to revoke the token.",
    ),
  },
  {
    id: "secrets/shopify-shared-secret",
    title: "Shopify app shared secret",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["shpss_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>shpss_[0-9a-fA-F]{32})(?![A-Za-z0-9_])/,
    minEntropy: 3,
    help: credentialHelp(
      "Shopify shared secret (it signs webhooks and OAuth exchanges)",
      "Rotate the client secret in the Shopify Partner Dashboard or the app's settings in the admin.",
    ),
  },
  {
    id: "secrets/gocardless-access-token",
    title: "GoCardless live access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["gocardless"],
    // "live_" alone is far too common, so the name GoCardless must be on the same line before it.
    regex: /gocardless[^\n]{0,60}?(?<![A-Za-z0-9_-])(?<secret>live_[A-Za-z0-9_-]{40})(?![A-Za-z0-9_=-])/i,
    minEntropy: 3.5,
    help: credentialHelp(
      "GoCardless access token",
      "Revoke the token in the GoCardless dashboard under Developers → Create → Access token list, and create a new one.",
    ),
  },
  {
    id: "secrets/mollie-api-key",
    title: "Mollie live API key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["mollie"],
    // "live_" alone is far too common, so the name Mollie must be on the same line before it.
    // Test keys are matched so that nothing else reports them, then not reported.
    regex: /mollie[^\n]{0,60}?(?<![A-Za-z0-9_-])(?<secret>(?:live|test)_[A-Za-z0-9]{30})(?![A-Za-z0-9_-])/i,
    minEntropy: 3.5,
    validate: (key) => key.startsWith("live_"),
    help: credentialHelp("Mollie API key", "Reset the live API key in the Mollie Dashboard under Developers → API keys."),
  },
];
