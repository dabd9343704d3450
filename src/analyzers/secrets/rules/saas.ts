import type { SecretRule } from "../types.js";
import { credentialHelp } from "./help.js";

function decodeBase64UrlJson(segment: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/** A Mapbox token's middle part is base64url JSON naming the user (`u`) it belongs to. */
export function isMapboxToken(token: string): boolean {
  const payload = decodeBase64UrlJson(token.split(".")[1] ?? "");
  return typeof payload === "object" && payload !== null && "u" in payload && typeof payload.u === "string";
}

/** An Intercom access token is base64 of `tok:<id with underscores>:<n>:<n>`. */
export function isIntercomToken(token: string): boolean {
  if (token.length % 4 !== 0) return false;
  const text = Buffer.from(token, "base64").toString("latin1");
  return /^tok:[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}:[0-9]{1,3}:[0-9]{1,3}$/.test(text);
}

/**
 * The bearer token of X's own web client ships in its public JavaScript and in countless
 * scrapers: it is not anyone's credential.
 */
const PUBLIC_X_WEB_CLIENT_BEARER = new Set([
  "AAAAAAAAAAAAAAAAAAAAANRILgAAAAAAnNwIzUejRCOuH5E6I8xnZz4puTs%3D1Zv7ttfk8LF81IUq16cHjhLTvJu4FA33AGWWjCpTnA",
]);

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** Business SaaS credentials: CRM, e-mail marketing, analytics, productivity. */
export const SAAS_RULES: SecretRule[] = [
  {
    id: "secrets/hubspot-private-app-token",
    title: "HubSpot private app access token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["pat-na", "pat-eu", "pat-ap"],
    regex: new RegExp(String.raw`(?<![A-Za-z0-9_-])(?<secret>pat-(?:na|eu|ap)[0-9]-${UUID})(?![A-Za-z0-9_-])`),
    minEntropy: 3,
    help: credentialHelp(
      "HubSpot private app token",
      "Rotate the token on the private app's Auth tab in HubSpot (Settings → Integrations → Private Apps).",
    ),
  },
  {
    id: "secrets/hubspot-api-key",
    title: "HubSpot legacy API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["hapikey", "hubspot"],
    regex: new RegExp(
      String.raw`(?:hapikey=|hubspot[\w.-]{0,20}?api[_-]?key[^\w\n]{1,6})(?<secret>${UUID})(?![A-Za-z0-9-])`,
      "i",
    ),
    minEntropy: 3,
    help: credentialHelp(
      "HubSpot API key",
      "Deactivate the key under Settings → Integrations → API key, and move to a private app token.",
    ),
  },
  {
    id: "secrets/airtable-personal-access-token",
    title: "Airtable personal access token",
    severity: "high",
    cwe: ["CWE-798"],
    // "pat" occurs in many words, but the regex is a literal prefix followed by a rigid shape.
    keywords: ["pat"],
    regex: /(?<![A-Za-z0-9_])(?<secret>pat[A-Za-z0-9]{14}\.[0-9a-f]{64})(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    help: credentialHelp("Airtable token", "Delete the token on Airtable's Developer hub → Personal access tokens page and create a new one."),
  },
  {
    id: "secrets/figma-personal-access-token",
    title: "Figma personal access token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["figd_"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>figd_[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    help: credentialHelp("Figma token", "Revoke it in Figma under Settings → Security → Personal access tokens."),
  },
  {
    id: "secrets/mapbox-secret-token",
    title: "Mapbox secret access token",
    severity: "high",
    cwe: ["CWE-798"],
    // Public tokens (pk.…) are meant for browsers: matched so that the generic rule leaves them
    // alone, then not reported. Secret tokens (sk.…) are reported.
    keywords: ["sk.eyj", "pk.eyj"],
    regex: /(?<![A-Za-z0-9_.-])(?<secret>[ps]k\.eyJ[A-Za-z0-9_-]{20,300}\.[A-Za-z0-9_-]{20,40})(?![A-Za-z0-9_.-])/,
    validate: (token) => token.startsWith("sk.") && isMapboxToken(token),
    help: credentialHelp("Mapbox secret token", "Delete the token on your Mapbox account's Access tokens page and create a new one."),
  },
  {
    id: "secrets/algolia-admin-api-key",
    title: "Algolia admin API key",
    severity: "high",
    cwe: ["CWE-798"],
    // Search-only keys are public by design, so only a key named "admin" is reported.
    keywords: ["algolia"],
    regex: /algolia[\w.-]{0,20}?admin[\w-]{0,10}?key[^\w\n]{1,6}(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])/i,
    minEntropy: 3,
    help: credentialHelp(
      "Algolia admin key (it can delete and rewrite every index)",
      "Regenerate the Admin API key in the Algolia dashboard under Settings → API Keys, and give applications scoped keys.",
    ),
  },
  {
    id: "secrets/typeform-personal-access-token",
    title: "Typeform personal access token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["tfp_"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>tfp_[A-Za-z0-9_-]{44}_[A-Za-z0-9_-]{12,14})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    help: credentialHelp("Typeform token", "Delete the token in Typeform under Account → Personal tokens and create a new one."),
  },
  {
    id: "secrets/clickup-personal-token",
    title: "ClickUp personal API token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["pk_"],
    // "pk_", the user id, then 32 upper-case characters; Stripe's publishable keys never look like that.
    regex: /(?<![A-Za-z0-9_])(?<secret>pk_[0-9]{4,12}_[A-Z0-9]{32})(?![A-Za-z0-9_])/,
    minEntropy: 3,
    help: credentialHelp("ClickUp API token", "Regenerate the token in ClickUp under Settings → Apps → API Token."),
  },
  {
    id: "secrets/dropbox-access-token",
    title: "Dropbox short-lived access token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["sl."],
    regex: /(?<![A-Za-z0-9_.-])(?<secret>sl\.(?:u\.)?[A-Za-z0-9_-]{120,1400})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    help: credentialHelp(
      "Dropbox access token",
      "Revoke it with `/2/auth/token/revoke` or by disconnecting the app under Dropbox Settings → Connected apps, and keep only the refresh flow server-side.",
    ),
  },
  {
    id: "secrets/facebook-access-token",
    title: "Meta (Facebook) Graph API access token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["eaa"],
    // Square's "EAAA" tokens are exactly 64 characters, far shorter than any Graph API token.
    regex: /(?<![A-Za-z0-9_+/-])(?<secret>EAA[A-Za-z0-9]{90,400})(?![A-Za-z0-9_+/=-])/,
    minEntropy: 4,
    help: credentialHelp(
      "Meta access token",
      "Invalidate it by resetting the app secret or removing the app's access for that user or page, and use a system user token stored server-side.",
    ),
  },
  {
    id: "secrets/facebook-app-secret",
    title: "Meta (Facebook) app secret",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["facebook", "fb_app", "fb-app", "fbapp"],
    regex: /(?:facebook[\w.-]{0,20}?|fb[_-]?app[_-]?)(?:app[_-]?)?secret[^\w\n]{1,6}(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])/i,
    minEntropy: 3,
    help: credentialHelp("Meta app secret", "Reset the app secret in the Meta App Dashboard under App settings → Basic."),
  },
  {
    id: "secrets/twitter-bearer-token",
    title: "X (Twitter) API bearer token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["aaaaaaaaaaaaaaaaaaaa"],
    // App-only bearer tokens start with a run of "A"s and carry a URL-encoded "=" in the middle.
    regex: /(?<![A-Za-z0-9%+/])(?<secret>A{20,24}[A-Za-z0-9%]{20,80}(?:%3D|=)[A-Za-z0-9]{30,60})(?![A-Za-z0-9%])/,
    validate: (token) => !PUBLIC_X_WEB_CLIENT_BEARER.has(token),
    help: credentialHelp(
      "X API bearer token",
      "Regenerate the bearer token under the app's Keys and tokens tab in the X developer portal.",
    ),
  },
  {
    id: "secrets/shippo-live-token",
    title: "Shippo live API token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["shippo_live_", "shippo_test_"],
    // Test tokens are matched so that nothing else reports them, then not reported.
    regex: /(?<![A-Za-z0-9_])(?<secret>shippo_(?:live|test)_[0-9a-f]{40})(?![A-Za-z0-9_])/,
    minEntropy: 3,
    validate: (token) => token.startsWith("shippo_live_"),
    help: credentialHelp("Shippo live token (it buys postage on your account)", "Regenerate the live token in Shippo under Settings → API."),
  },
  {
    id: "secrets/easypost-api-key",
    title: "EasyPost production API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["ezak", "eztk"],
    // EZAK: production; EZTK: test, matched so that nothing else reports it, then not reported.
    regex: /(?<![A-Za-z0-9_])(?<secret>EZ[AT]K[A-Za-z0-9]{54})(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    validate: (key) => key.startsWith("EZAK"),
    help: credentialHelp("EasyPost API key (it buys postage on your account)", "Disable and delete the key on the EasyPost dashboard's API Keys page."),
  },
  {
    id: "secrets/duffel-live-token",
    title: "Duffel live access token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["duffel_live_", "duffel_test_"],
    // Test tokens are matched so that nothing else reports them, then not reported.
    regex: /(?<![A-Za-z0-9_])(?<secret>duffel_(?:live|test)_[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    validate: (token) => token.startsWith("duffel_live_"),
    help: credentialHelp("Duffel live token (it books real flights)", "Delete the token in the Duffel dashboard under Developers → Access tokens."),
  },
  {
    id: "secrets/prefect-api-key",
    title: "Prefect Cloud API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["pnu_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>pnu_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    help: credentialHelp("Prefect API key", "Delete the key in Prefect Cloud under your profile → API keys and create a new one."),
  },
  {
    id: "secrets/contentful-personal-access-token",
    title: "Contentful content management token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["cfpat-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>CFPAT-[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "Contentful management token (it can rewrite and delete content)",
      "Revoke it in Contentful under Account settings → CMA tokens.",
    ),
  },
  {
    id: "secrets/launchdarkly-key",
    title: "LaunchDarkly API access token or server-side SDK key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["launchdarkly", "ld_sdk_key", "ld_api_key", "ld_access_token"],
    // Client-side ids and mobile keys (mob-…) are meant to ship in apps and are not matched.
    regex: new RegExp(
      String.raw`(?:launchdarkly|ld_(?:sdk|api)_key|ld_access_token)[^\n]{0,60}?(?<![A-Za-z0-9_-])(?<secret>(?:api|sdk)-${UUID})(?![A-Za-z0-9-])`,
      "i",
    ),
    minEntropy: 3,
    help: credentialHelp(
      "LaunchDarkly key",
      "Reset the SDK key for the environment (Project settings → Environments) or delete the access token under Organization settings → Authorization.",
    ),
  },
  {
    id: "secrets/zendesk-api-token",
    title: "Zendesk API token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["zendesk"],
    regex: /zendesk[\w.-]{0,20}?(?:api[_-]?)?token[^\w\n]{1,6}(?<secret>[A-Za-z0-9]{40})(?![A-Za-z0-9])/i,
    minEntropy: 3.5,
    help: credentialHelp("Zendesk API token", "Delete the token in Zendesk Admin Center under Apps and integrations → Zendesk API."),
  },
  {
    id: "secrets/intercom-access-token",
    title: "Intercom access token",
    severity: "high",
    cwe: ["CWE-798"],
    // Tokens are base64 of "tok:…", so they all begin with "dG9rO".
    keywords: ["dg9ro"],
    regex: /(?<![A-Za-z0-9+/])(?<secret>dG9rO[A-Za-z0-9+/]{40,80}={0,2})(?![A-Za-z0-9+/=])/,
    validate: isIntercomToken,
    help: credentialHelp(
      "Intercom access token",
      "Regenerate the token on the app's Authentication page in the Intercom Developer Hub.",
    ),
  },
];
