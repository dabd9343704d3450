import { crc32 } from "node:zlib";
import { isReference } from "../allowlist.js";
import type { SecretRule } from "../types.js";
import { isDecodablePrivateKey } from "../validators.js";
import { UUID, keyedSecret } from "./cloud.js";
import { credentialHelp } from "./help.js";

/** The JSON object inside a base64 or base64url segment; undefined for anything else. */
function decodeJsonObject(segment: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(segment)) return undefined;
  const text = Buffer.from(segment.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
    return parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function hasStrings(object: Record<string, unknown> | undefined, ...keys: string[]): boolean {
  return object !== undefined && keys.every((key) => typeof object[key] === "string" && object[key] !== "");
}

/** Sentry org tokens: `sntrys_` + base64 JSON (issued-at time, URLs, org slug) + `_` + the secret. */
function isSentryOrgToken(token: string): boolean {
  const payload = token.slice("sntrys_".length, token.lastIndexOf("_"));
  const claims = decodeJsonObject(payload);
  return claims !== undefined && typeof claims.iat === "number" && (hasStrings(claims, "url") || hasStrings(claims, "org"));
}

/** Grafana Cloud access-policy tokens: `glc_` + base64 JSON naming the org (`o`) and holding the key (`k`). */
function isGrafanaCloudToken(token: string): boolean {
  return hasStrings(decodeJsonObject(token.slice("glc_".length)), "o", "k");
}

/** Legacy Grafana API keys: base64 of `{"k":…,"n":…,"id":…}`. */
function isGrafanaApiKey(key: string): boolean {
  const claims = decodeJsonObject(key);
  return hasStrings(claims, "k", "n") && typeof claims?.id === "number";
}

/**
 * Grafana service-account tokens end in the CRC32 of `glsa_<random>`, written as the hex of its
 * little-endian bytes. A random string passes by chance once in 2^32.
 */
function hasGrafanaChecksum(token: string): boolean {
  const cut = token.lastIndexOf("_");
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32LE(crc32(token.slice(0, cut)));
  return checksum.toString("hex") === token.slice(cut + 1);
}

/** 1Password service-account tokens: `ops_` + base64 of a JSON object of sign-in details. */
function isOnePasswordServiceToken(token: string): boolean {
  const claims = decodeJsonObject(token.slice("ops_".length));
  return claims !== undefined && Object.keys(claims).length >= 2;
}

/** `client-key-data` is a base64 PEM private key; only a block that decodes to a real key counts. */
function isEncodedPrivateKey(data: string): boolean {
  const pem = Buffer.from(data, "base64").toString("latin1").trim();
  return pem.startsWith("-----BEGIN ") && isDecodablePrivateKey(pem);
}

/**
 * A kubeconfig `token:` other than a JWT (service-account tokens are JWTs, which the JWT rule
 * reports) or a reference to where the token comes from.
 */
function isStaticKubeToken(token: string): boolean {
  return !/^eyJ[A-Za-z0-9_-]*\./.test(token) && !isReference(token);
}

/** Random API keys mix cases and digits; identifiers such as `rnd_generateNumberBetween` do not. */
function mixesCaseAndDigits(token: string): boolean {
  return /[0-9]/.test(token) && /[A-Z]/.test(token) && /[a-z]/.test(token);
}

/** The key that `supabase start` prints for every local development stack; it guards nothing. */
const SUPABASE_LOCAL_SECRET_KEY = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz";

/** Hosting, CDN, observability, CI and infrastructure SaaS credentials. */
export const INFRASTRUCTURE_RULES: SecretRule[] = [
  {
    id: "secrets/heroku-api-key",
    title: "Heroku API key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["hrku-", "heroku"],
    // `HRKU-` keys, or the older bare UUID next to a Heroku name (alone, a UUID is an identifier).
    regex: new RegExp(
      String.raw`(?<![\w-])(?<secret>HRKU-(?:AA[A-Za-z0-9_-]{58}|${UUID}))(?![\w-])|${keyedSecret("heroku", String.raw`api[_-]?key|(?:api[_-]?|auth[_-]?|oauth[_-]?)?token`, UUID, "secret2")}`,
      "i",
    ),
    minEntropy: 3.3,
    help: credentialHelp(
      "Heroku API key",
      "Revoke it with `heroku authorizations:revoke <id>` (or regenerate the account API key under Account settings), and use a scoped, expiring authorization for CI.",
    ),
  },
  {
    id: "secrets/cloudflare-api-token",
    title: "Cloudflare API token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["cloudflare", "cf_", "cf-"],
    regex: new RegExp(
      keyedSecret(String.raw`cloudflare|\bcf(?=[_-])`, String.raw`(?:api[_-]?)?token|api[_-]?key`, "[A-Za-z0-9_-]{40}"),
      "i",
    ),
    minEntropy: 4,
    help: credentialHelp(
      "Cloudflare API token",
      "Roll or delete the token in the dashboard under My Profile → API Tokens (or the account's API Tokens page) and review the audit log for changes it made.",
    ),
  },
  {
    id: "secrets/cloudflare-global-api-key",
    title: "Cloudflare Global API key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["cloudflare", "cf_", "cf-", "x-auth-key"],
    // 37 hex characters, sent with `X-Auth-Email` in the `X-Auth-Key` header.
    regex: new RegExp(
      String.raw`${keyedSecret(String.raw`cloudflare|\bcf(?=[_-])`, String.raw`(?:global[_-]?)?api[_-]?key|auth[_-]?key`, "[a-f0-9]{37}")}|X-Auth-Key["']?[ \t]{0,3}[:,][ \t]{0,3}["']?(?<secret2>[a-f0-9]{37})(?![\w-])`,
      "i",
    ),
    minEntropy: 3.3,
    help: credentialHelp(
      "Cloudflare Global API key (full access to every zone of the account)",
      "Change it under My Profile → API Tokens → Global API Key → Change, and switch the integration to a scoped API token.",
    ),
  },
  {
    id: "secrets/cloudflare-origin-ca-key",
    title: "Cloudflare Origin CA key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["v1.0-"],
    regex: /(?<![\w.-])(?<secret>v1\.0-[a-f0-9]{24}-[a-f0-9]{146})(?![\w-])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "Cloudflare Origin CA key (it can issue and revoke origin certificates for the account's zones)",
      "Change it under My Profile → API Tokens → Origin CA Key → Change, or use an API token with the SSL and Certificates permission.",
    ),
  },
  {
    id: "secrets/fastly-api-token",
    title: "Fastly API token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["fastly"],
    regex: new RegExp(
      keyedSecret("fastly", String.raw`api[_-]?(?:key|token)|(?:api[_-]?|auth[_-]?)?token|key`, "[A-Za-z0-9_-]{32}"),
      "i",
    ),
    minEntropy: 3.8,
    help: credentialHelp(
      "Fastly API token (it can change and purge the CDN configuration)",
      "Revoke it under Account → Personal profile → API tokens (or with `DELETE /tokens/self`) and issue a token limited to the needed services and scope.",
    ),
  },
  {
    id: "secrets/netlify-access-token",
    title: "Netlify personal access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["nfp_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>nfp_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/,
    minEntropy: 4,
    help: credentialHelp(
      "Netlify access token",
      "Revoke it under User settings → Applications → Personal access tokens and check the team audit log for deploys it made.",
    ),
  },
  {
    id: "secrets/flyio-access-token",
    title: "Fly.io access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["fo1_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>fo1_[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    help: credentialHelp(
      "Fly.io access token",
      "Revoke it with `fly tokens revoke` or in the dashboard under Account → Access Tokens, and deploy from CI with an app-scoped deploy token.",
    ),
  },
  {
    id: "secrets/flyio-macaroon-token",
    title: "Fly.io macaroon token (deploy, org or read-only)",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["fm2_"],
    // `FlyV1 fm2_…,fm2_…`: each comma-separated part is a base64 macaroon.
    regex: /(?<![A-Za-z0-9_+/])(?<secret>fm2_[A-Za-z0-9+/]{64,3000}={0,2})(?![A-Za-z0-9+/=])/,
    minEntropy: 4.5,
    help: credentialHelp(
      "Fly.io token",
      "Revoke it with `fly tokens revoke <id>` (list them with `fly tokens list`) and mint a new one with the narrowest scope and an expiry.",
    ),
  },
  {
    id: "secrets/render-api-key",
    title: "Render API key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["rnd_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>rnd_[A-Za-z0-9]{24,64})(?![A-Za-z0-9_])/,
    minEntropy: 4,
    validate: mixesCaseAndDigits,
    help: credentialHelp(
      "Render API key (it acts with the full permissions of its owner in every workspace)",
      "Revoke it in the Render dashboard under Account Settings → API Keys.",
    ),
  },
  {
    id: "secrets/supabase-access-token",
    title: "Supabase personal access token (Management API)",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["sbp_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>sbp_[a-f0-9]{40})(?![A-Za-z0-9_])/,
    minEntropy: 3.3,
    help: credentialHelp(
      "Supabase access token (it manages every project of the account)",
      "Revoke it in the dashboard under Account → Access Tokens.",
    ),
  },
  {
    id: "secrets/supabase-secret-key",
    title: "Supabase secret API key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["sb_secret_"],
    // The publishable key (`sb_publishable_`) is meant for browsers and is not matched.
    regex: /(?<![A-Za-z0-9_])(?<secret>sb_secret_[A-Za-z0-9_-]{31,64})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    validate: (key) => key !== SUPABASE_LOCAL_SECRET_KEY,
    help: credentialHelp(
      "Supabase secret key (it bypasses row-level security)",
      "Delete the key in the dashboard (Project Settings → API Keys) after creating a replacement, and keep it on servers only.",
    ),
  },
  {
    id: "secrets/planetscale-service-token",
    title: "PlanetScale service token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["pscale_tkn_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>pscale_tkn_[A-Za-z0-9_-]{32,64})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    help: credentialHelp(
      "PlanetScale service token",
      "Delete the service token under Organization settings → Service tokens (or `pscale service-token delete`).",
    ),
  },
  {
    id: "secrets/planetscale-password",
    title: "PlanetScale database password",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["pscale_pw_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>pscale_pw_[A-Za-z0-9_-]{32,64})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    help: credentialHelp(
      "PlanetScale database password",
      "Delete the password on the branch's Passwords page (or `pscale password delete`) and create a new one.",
    ),
  },
  {
    id: "secrets/planetscale-oauth-token",
    title: "PlanetScale OAuth token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["pscale_oauth_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>pscale_oauth_[A-Za-z0-9_-]{32,64})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    help: credentialHelp(
      "PlanetScale OAuth token",
      "Revoke the OAuth application's access for the user or organization in PlanetScale's settings.",
    ),
  },
  {
    id: "secrets/doppler-personal-token",
    title: "Doppler personal or CLI token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["dp.pt.", "dp.ct."],
    regex: /(?<![\w.])(?<secret>dp\.(?:pt|ct)\.[A-Za-z0-9]{40,44})(?![A-Za-z0-9])/,
    minEntropy: 4,
    help: credentialHelp(
      "Doppler personal token (it reads every secret its user can)",
      "Revoke it in the Doppler dashboard's token settings (`doppler logout` revokes the CLI's own token) and give workloads a service token for one config.",
    ),
  },
  {
    id: "secrets/doppler-service-token",
    title: "Doppler service token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["dp.st."],
    // Service tokens may carry the config's slug: `dp.st.prd.<secret>`.
    regex: /(?<![\w.])(?<secret>dp\.st\.(?:[a-z0-9_-]{1,40}\.)?[A-Za-z0-9]{40,44})(?![A-Za-z0-9])/,
    minEntropy: 4,
    help: credentialHelp(
      "Doppler service token (it reads every secret of one config)",
      "Revoke it in the project config's Access tab (or `doppler configs tokens revoke`).",
    ),
  },
  {
    id: "secrets/doppler-service-account-token",
    title: "Doppler service account token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["dp.sa."],
    regex: /(?<![\w.])(?<secret>dp\.sa\.[A-Za-z0-9]{40,44})(?![A-Za-z0-9])/,
    minEntropy: 4,
    help: credentialHelp(
      "Doppler service account token",
      "Revoke the token on the service account's page under Team → Service Accounts.",
    ),
  },
  {
    id: "secrets/doppler-scim-token",
    title: "Doppler SCIM token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["dp.scim."],
    regex: /(?<![\w.])(?<secret>dp\.scim\.[A-Za-z0-9]{40,44})(?![A-Za-z0-9])/,
    minEntropy: 4,
    help: credentialHelp(
      "Doppler SCIM token (it provisions and removes workplace users)",
      "Regenerate the token in the workplace's SCIM settings and update the identity provider.",
    ),
  },
  {
    id: "secrets/doppler-audit-token",
    title: "Doppler audit token",
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["dp.audit."],
    regex: /(?<![\w.])(?<secret>dp\.audit\.[A-Za-z0-9]{40,44})(?![A-Za-z0-9])/,
    minEntropy: 4,
    help: credentialHelp(
      "Doppler audit token (read access to the workplace's audit log)",
      "Revoke it in the workplace's audit token settings.",
    ),
  },
  {
    id: "secrets/vault-service-token",
    title: "HashiCorp Vault service token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["hvs.", "vault"],
    // `hvs.` tokens (an Enterprise namespace adds `.<id>`), or legacy `s.` tokens next to a Vault name.
    regex: new RegExp(
      String.raw`(?<![\w.])(?<secret>hvs\.[A-Za-z0-9_-]{24,400}(?:\.[A-Za-z0-9]{5})?)(?![\w.-])|${keyedSecret("vault", "token", String.raw`s\.[A-Za-z0-9]{24}`, "secret2")}`,
      "i",
    ),
    minEntropy: 3.5,
    help: credentialHelp(
      "Vault token",
      "Revoke it with `vault token revoke` (or by accessor with `-accessor`), and authenticate workloads with an auth method such as AppRole, Kubernetes or JWT/OIDC.",
    ),
  },
  {
    id: "secrets/vault-batch-token",
    title: "HashiCorp Vault batch token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["hvb."],
    regex: /(?<![\w.])(?<secret>hvb\.[A-Za-z0-9_-]{80,600})(?![\w.-])/,
    minEntropy: 4,
    help: credentialHelp(
      "Vault batch token (it cannot be revoked on its own)",
      "Revoke its parent token if it has one; otherwise it stays valid until its TTL ends, so rotate what it can read and keep batch token TTLs short.",
    ),
  },
  {
    id: "secrets/terraform-cloud-token",
    title: "HCP Terraform (Terraform Cloud) API token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["atlasv1"],
    regex: /(?<![A-Za-z0-9])(?<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,70})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    help: credentialHelp(
      "Terraform Cloud token (it can plan and apply infrastructure)",
      "Delete it under User settings → Tokens (or the organization's or team's API token page) and use dynamic provider credentials or a team token in CI.",
    ),
  },
  {
    id: "secrets/pulumi-access-token",
    title: "Pulumi access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["pul-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>pul-[a-f0-9]{40})(?![A-Za-z0-9_-])/,
    minEntropy: 3.3,
    help: credentialHelp(
      "Pulumi access token (it reads stack state, including its secrets config)",
      "Delete it in Pulumi Cloud under Settings → Access tokens and use OIDC-issued tokens in CI.",
    ),
  },
  {
    id: "secrets/databricks-token",
    title: "Databricks personal access token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["dapi"],
    regex: /(?<![A-Za-z0-9_])(?<secret>dapi[a-f0-9]{32}(?:-\d)?)(?![A-Za-z0-9_-])/,
    minEntropy: 3.3,
    help: credentialHelp(
      "Databricks token",
      "Revoke it in the workspace under Settings → Developer → Access tokens (admins: the Token Management API), and use OAuth machine-to-machine credentials for automation.",
    ),
  },
  {
    id: "secrets/datadog-api-key",
    title: "Datadog API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["datadog", "dd_", "dd-"],
    regex: new RegExp(keyedSecret(String.raw`datadog|\bdd(?=[_-])`, String.raw`api[_-]?key`, "[a-f0-9]{32}"), "i"),
    minEntropy: 3.3,
    help: credentialHelp(
      "Datadog API key",
      "Revoke it under Organization Settings → API Keys after adding a replacement, and load it from a Kubernetes secret or the agent's secret backend.",
    ),
  },
  {
    id: "secrets/datadog-app-key",
    title: "Datadog application key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["datadog", "dd_", "dd-"],
    regex: new RegExp(
      keyedSecret(String.raw`datadog|\bdd(?=[_-])`, String.raw`app(?:lication)?[_-]?key`, "[a-f0-9]{40}"),
      "i",
    ),
    minEntropy: 3.3,
    help: credentialHelp(
      "Datadog application key (with an API key it reads and changes the account's data and configuration)",
      "Revoke it under Organization Settings → Application Keys (or the owner's Personal Settings) and scope its replacement.",
    ),
  },
  {
    id: "secrets/newrelic-user-api-key",
    title: "New Relic user API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["nrak-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>NRAK-[A-Z0-9]{27})(?![A-Za-z0-9_-])/,
    minEntropy: 3.8,
    help: credentialHelp(
      "New Relic user key (NerdGraph access with its user's permissions)",
      "Delete the key in the API keys UI (one.newrelic.com → API keys) and create a new one.",
    ),
  },
  {
    id: "secrets/newrelic-insights-key",
    title: "New Relic Insights insert or query key",
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["nrii-", "nriq-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>NRI[IQ]-[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/,
    minEntropy: 3.8,
    help: credentialHelp(
      "New Relic Insights key",
      "Delete the key in the API keys UI (Insights insert/query keys) and move to a license key or user key stored as a secret.",
    ),
  },
  {
    id: "secrets/newrelic-license-key",
    title: "New Relic ingest license key",
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["nral"],
    // 40 characters ending in `NRAL`; EU-region keys start with `eu01xx`.
    regex: /(?<![A-Za-z0-9])(?<secret>(?:eu01xx[a-f0-9]{30}|[a-f0-9]{36})NRAL)(?![A-Za-z0-9])/,
    minEntropy: 3.3,
    help: credentialHelp(
      "New Relic license key (anyone holding it can send data into the account)",
      "Create a new ingest license key in the API keys UI, deploy it, then delete the leaked one.",
    ),
  },
  {
    id: "secrets/sentry-org-token",
    title: "Sentry organization auth token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["sntrys_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>sntrys_eyJ[A-Za-z0-9+/]{20,600}={0,2}_[A-Za-z0-9+/]{43})(?![A-Za-z0-9+/=_])/,
    minEntropy: 4.5,
    validate: isSentryOrgToken,
    help: credentialHelp(
      "Sentry org auth token (for example for source-map uploads)",
      "Revoke it under Settings → Developer Settings → Organization Tokens, and pass its replacement to the build as `SENTRY_AUTH_TOKEN` from the CI secret store.",
    ),
  },
  {
    id: "secrets/sentry-user-token",
    title: "Sentry user auth token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["sntryu_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>sntryu_[a-f0-9]{64})(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "Sentry user auth token",
      "Revoke it under User Settings → Personal Tokens.",
    ),
  },
  {
    id: "secrets/grafana-cloud-token",
    title: "Grafana Cloud access policy token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["glc_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>glc_[A-Za-z0-9+/]{32,600}={0,2})(?![A-Za-z0-9+/=_])/,
    minEntropy: 4,
    validate: isGrafanaCloudToken,
    help: credentialHelp(
      "Grafana Cloud token",
      "Delete the token under Administration → Cloud access policies (the policy → Tokens) and create a new one.",
    ),
  },
  {
    id: "secrets/grafana-service-account-token",
    title: "Grafana service account token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["glsa_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>glsa_[A-Za-z0-9]{32}_[a-f0-9]{8})(?![A-Za-z0-9_])/,
    validate: hasGrafanaChecksum,
    help: credentialHelp(
      "Grafana service account token",
      "Delete the token under Administration → Users and access → Service accounts → the account → Tokens.",
    ),
  },
  {
    id: "secrets/grafana-api-key",
    title: "Grafana API key (legacy)",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["eyjrijoi"],
    // Base64 of `{"k":"…"`, the start of every legacy API key.
    regex: /(?<![A-Za-z0-9+/])(?<secret>eyJrIjoi[A-Za-z0-9+/]{30,300}={0,2})(?![A-Za-z0-9+/=])/,
    minEntropy: 4,
    validate: isGrafanaApiKey,
    help: credentialHelp(
      "Grafana API key",
      "Delete it under Administration → API keys (or migrate it to a service account and delete the key), then issue a service account token.",
    ),
  },
  {
    id: "secrets/dynatrace-api-token",
    title: "Dynatrace API token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["dt0c01."],
    regex: /(?<![\w.])(?<secret>dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64})(?![A-Za-z0-9])/,
    minEntropy: 4,
    help: credentialHelp(
      "Dynatrace token",
      "Delete or disable it under Access tokens in the Dynatrace environment (or with the Tokens API), and create one with only the scopes needed.",
    ),
  },
  {
    id: "secrets/honeycomb-api-key",
    title: "Honeycomb API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["hcaik_", "hcaic_", "honeycomb"],
    // Current keys carry `hcaik_` (ingest) or `hcaic_` (configuration); older ones are 22
    // alphanumerics or 32 hex, recognizable only next to a Honeycomb name or `X-Honeycomb-Team`.
    regex: new RegExp(
      String.raw`(?<![A-Za-z0-9_])(?<secret>hca(?:ik|ic)_[a-z0-9]{58})(?![A-Za-z0-9_])|${keyedSecret("honeycomb", String.raw`(?:api|write|ingest|config(?:uration)?)[_-]?key|team`, "[A-Za-z0-9]{22}|[a-f0-9]{32}", "secret2")}`,
      "i",
    ),
    minEntropy: 3.5,
    help: credentialHelp(
      "Honeycomb API key",
      "Delete the key in Environment settings → API Keys and create a replacement with only the permissions it needs.",
    ),
  },
  {
    id: "secrets/pagerduty-api-key",
    title: "PagerDuty REST API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["pagerduty", "token token="],
    // 20 characters; recognizable next to a PagerDuty name or in its `Token token=` auth header.
    regex: new RegExp(
      String.raw`${keyedSecret("pagerduty", String.raw`(?:api|rest|user)[_-]?(?:key|token)|token`, "[A-Za-z0-9_+-]{20}")}|\bToken token=(?<secret2>[A-Za-z0-9_+-]{20})(?![\w+-])`,
      "i",
    ),
    minEntropy: 3.5,
    help: credentialHelp(
      "PagerDuty API key",
      "Delete it under Integrations → API Access Keys (or the user's User Settings → API Access for user tokens).",
    ),
  },
  {
    id: "secrets/postman-api-key",
    title: "Postman API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["pmak-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>PMAK-[a-f0-9]{24}-[a-f0-9]{34})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "Postman API key (it reads the workspaces' collections and environments, secrets included)",
      "Revoke it in Postman under Settings → API keys.",
    ),
  },
  {
    id: "secrets/linear-api-key",
    title: "Linear personal API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["lin_api_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>lin_api_[A-Za-z0-9]{40})(?![A-Za-z0-9_])/,
    minEntropy: 4,
    help: credentialHelp("Linear API key", "Revoke it in Linear under Settings → Account → Security & access → API keys."),
  },
  {
    id: "secrets/notion-integration-token",
    title: "Notion integration token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["ntn_", "notion"],
    // Current tokens start `ntn_`; older ones are `secret_` + 43, matched only next to a Notion name.
    regex: new RegExp(
      String.raw`(?<![A-Za-z0-9_])(?<secret>ntn_[0-9]{11}[A-Za-z0-9]{35})(?![A-Za-z0-9_])|${keyedSecret("notion", String.raw`(?:api[_-]?|integration[_-]?|internal[_-]?)?(?:key|token|secret)`, "secret_[A-Za-z0-9]{43}", "secret2")}`,
      "i",
    ),
    minEntropy: 4,
    help: credentialHelp(
      "Notion integration token",
      "Refresh the secret on the integration's page under https://www.notion.so/profile/integrations, which invalidates the old one.",
    ),
  },
  {
    id: "secrets/okta-api-token",
    title: "Okta API token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["okta", "ssws"],
    // 42 characters starting `00`, sent as `Authorization: SSWS <token>`.
    regex: new RegExp(
      String.raw`${keyedSecret("okta", String.raw`(?:api[_-]?)?token|api[_-]?key`, "00[A-Za-z0-9_-]{40}")}|\bSSWS[ \t]{1,3}(?<secret2>00[A-Za-z0-9_-]{40})(?![\w-])`,
      "i",
    ),
    minEntropy: 4,
    help: credentialHelp(
      "Okta API token (it acts with its creator's admin role)",
      "Revoke it in the Admin Console under Security → API → Tokens, and use OAuth 2.0 service apps with scoped grants instead.",
    ),
  },
  {
    id: "secrets/1password-service-account-token",
    title: "1Password service account token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["ops_eyj"],
    regex: /(?<![A-Za-z0-9_])(?<secret>ops_eyJ[A-Za-z0-9+/_-]{60,4000}={0,2})(?![A-Za-z0-9+/=_-])/,
    minEntropy: 4.5,
    validate: isOnePasswordServiceToken,
    help: credentialHelp(
      "1Password service account token (it reads every vault the account can)",
      "Revoke the token on the service account's page in 1Password (Developer → Service accounts) and create a new one.",
    ),
  },
  {
    id: "secrets/circleci-token",
    title: "CircleCI personal or project API token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["ccipat_", "cciprj_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>CCI(?:PAT|PRJ)_[A-Za-z0-9]{22}_[a-f0-9]{40})(?![A-Za-z0-9_])/,
    minEntropy: 4,
    help: credentialHelp(
      "CircleCI API token",
      "Delete it under User Settings → Personal API Tokens (or Project Settings → API Permissions for project tokens).",
    ),
  },
  {
    id: "secrets/buildkite-api-token",
    title: "Buildkite API access token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["bkua_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>bkua_[A-Za-z0-9]{40})(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "Buildkite API token",
      "Revoke it under Personal Settings → API Access Tokens (organization admins can revoke members' tokens).",
    ),
  },
  {
    id: "secrets/sonarqube-user-token",
    title: "SonarQube or SonarCloud user token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["squ_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>squ_[a-f0-9]{40})(?![A-Za-z0-9_])/,
    minEntropy: 3.3,
    help: credentialHelp("SonarQube user token", "Revoke it under My Account → Security → Tokens."),
  },
  {
    id: "secrets/sonarqube-analysis-token",
    title: "SonarQube project or global analysis token",
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["sqp_", "sqa_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>sq[pa]_[a-f0-9]{40})(?![A-Za-z0-9_])/,
    minEntropy: 3.3,
    help: credentialHelp(
      "SonarQube analysis token",
      "Revoke it under My Account → Security → Tokens and store its replacement as a CI secret (`SONAR_TOKEN`).",
    ),
  },
  {
    id: "secrets/kubeconfig-client-key",
    title: "Kubernetes kubeconfig client private key (client-key-data)",
    severity: "critical",
    cwe: ["CWE-321", "CWE-798"],
    keywords: ["client-key-data"],
    regex: /client-key-data:[ \t]{0,5}["']?(?<secret>[A-Za-z0-9+/]{64,4000}={0,2})(?![A-Za-z0-9+/=])/,
    validate: isEncodedPrivateKey,
    help: credentialHelp(
      "kubeconfig with an embedded client certificate key (often cluster-admin)",
      "Treat the client certificate as compromised: remove its user's or group's role bindings (certificates cannot be revoked before they expire) or rotate the cluster CA, and use short-lived credentials from an exec plugin.",
    ),
  },
  {
    id: "secrets/kubeconfig-token",
    title: "Kubernetes bearer token in a kubeconfig or kubectl command",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["user:", "kubectl"],
    // A `token:` line a little below a kubeconfig `user:` key (other fields or comments may come
    // first), or `kubectl --token`.
    regex:
      /\buser:[ \t]{0,3}(?=\r?\n)[\s\S]{0,600}?\n[ \t]{2,16}token:[ \t]{0,3}["']?(?<secret>[A-Za-z0-9._~+/=-]{20,4000})["']?[ \t]*(?=\r?\n|$)|\bkubectl\b[^\n]{0,200}?--token[= ]["']?(?<secret2>[A-Za-z0-9._~+/=-]{20,4000})/,
    minEntropy: 3.5,
    validate: isStaticKubeToken,
    help: credentialHelp(
      "Kubernetes bearer token",
      "Delete the token's Secret or service account (or remove it from the static token file), and use short-lived tokens from `kubectl create token` or an exec credential plugin.",
    ),
  },
  {
    id: "secrets/snyk-api-token",
    title: "Snyk API token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["snyk"],
    regex: new RegExp(keyedSecret("snyk", String.raw`(?:api[_-]?|auth[_-]?)?token|api[_-]?key`, UUID), "i"),
    minEntropy: 3.3,
    help: credentialHelp(
      "Snyk API token",
      "Revoke and regenerate it under Account settings → Auth token (or delete the service account token), and store it as a CI secret (`SNYK_TOKEN`).",
    ),
  },
  {
    id: "secrets/codecov-token",
    title: "Codecov upload or API token",
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["codecov"],
    regex: new RegExp(keyedSecret("codecov", String.raw`(?:upload[_-]?|api[_-]?|repository[_-]?)?token`, UUID), "i"),
    minEntropy: 3.3,
    help: credentialHelp(
      "Codecov token",
      "Regenerate the repository upload token in the repository's Codecov settings (or delete the access token under Settings → Access), and store it as a CI secret (`CODECOV_TOKEN`).",
    ),
  },
  {
    id: "secrets/tailscale-key",
    title: "Tailscale auth key, API access token or OAuth client secret",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["tskey-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{6,32}-[A-Za-z0-9]{16,64})(?![A-Za-z0-9_-])/,
    minEntropy: 3.8,
    help: credentialHelp(
      "Tailscale key (auth keys add devices to the tailnet)",
      "Revoke it in the admin console under Settings → Keys (OAuth clients under Settings → OAuth clients), and prefer ephemeral, pre-tagged, single-use auth keys.",
    ),
  },
];
