import type { SecretRule } from "../types.js";
import { credentialHelp } from "./help.js";

// Cloud providers: AWS, Google Cloud, Azure, Alibaba, Tencent, IBM and the VPS clouds.

/** Lower-case UUID, the shape of many credentials that carry no prefix of their own. */
export const UUID = String.raw`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`;

/** A separator between a key and its value (assignment, mapping, header or argument), with optional quotes. */
const ASSIGN = String.raw`["'\x60]?[ \t]{0,5}(?::=|=>|=|:|,)[ \t]{0,5}["'\x60]?`;

/**
 * What may separate a provider's name from a field of its configuration: the rest of one identifier
 * (`DATADOG_API_KEY`, `datadog.apiKey`), or a YAML parent key (`datadog:` then `  apiKey:`), an HCL or
 * JSON block (`provider "datadog" {`) or an INI/TOML table (`[datadog]`) followed, within a few
 * hundred characters, by a line that starts with the field. The bound keeps a name far away in the
 * file from lending its context to an unrelated value, and keeps the lazy gap cheap.
 */
const NEAR = String.raw`(?:[\w.-]{0,20}|["']?:[ \t]{0,3}(?=\r?\n)[\s\S]{0,400}?\n[ \t]{1,16}|["']?[ \t]{0,3}[:=]?[ \t]{0,3}[{\]][ \t]{0,3}(?=\r?\n)[\s\S]{0,400}?\n[ \t]{0,16})["']?`;

/** The value ends where its alphabet ends; a longer run is some other string. */
const VALUE_END = String.raw`(?![\w+/=.~-])`;

/**
 * Regex source for a credential without a distinctive prefix: the provider's name (`owner`) near a
 * field name (`field`), a separator, then the value in the named group `group`. Such formats (a
 * 32-hex key, a UUID) are everywhere, so the provider's name is what makes the value credible.
 * Compile with the `i` flag: names appear as `DATADOG_API_KEY`, `datadog.apiKey` and `Datadog-Api-Key`.
 */
export function keyedSecret(owner: string, field: string, value: string, group = "secret"): string {
  return `(?:${owner})${NEAR}(?:${field})${ASSIGN}(?<${group}>${value})${VALUE_END}`;
}

function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, "base64");
}

/** Undoes the URL encoding of a query-string value; undefined when it is malformed. */
function urlDecoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * STS session tokens are base64 of a binary structure that opens with a version byte, 0x0a and the
 * length of a short printable label (`aws`, `er/aws`, `origin_ec`). Checking that header tells a
 * session token from any other long base64 value assigned to a `sessionToken` key.
 */
function isAwsSessionToken(token: string): boolean {
  const decoded = urlDecoded(token);
  const bytes = decoded === undefined ? undefined : decodeBase64(decoded);
  if (!bytes || bytes.length < 64 || bytes[1] !== 0x0a) return false;
  const labelLength = bytes[2] ?? 0;
  if (labelLength < 2 || labelLength > 32) return false;
  return /^[\x21-\x7e]+$/.test(bytes.subarray(3, 3 + labelLength).toString("latin1"));
}

/** Long-term Bedrock keys are `ABSK` + base64 of `BedrockAPIKey-<id>-at-<account>:<secret>`. */
function isBedrockLongTermKey(key: string): boolean {
  const decoded = decodeBase64(key.slice("ABSK".length))?.toString("latin1");
  return decoded !== undefined && /^BedrockAPIKey-[A-Za-z0-9]{1,16}-at-\d{12}:[A-Za-z0-9+/]{20,}={0,2}$/.test(decoded);
}

/** Short-term Bedrock keys are `bedrock-api-key-` + base64 of a SigV4 pre-signed URL. */
function isBedrockShortTermKey(key: string): boolean {
  const decoded = decodeBase64(key.slice("bedrock-api-key-".length))?.toString("latin1");
  return (
    decoded !== undefined &&
    decoded.startsWith("bedrock.amazonaws.com/?") &&
    decoded.includes("X-Amz-Credential=") &&
    decoded.includes("X-Amz-Signature=")
  );
}

/** A SAS signature is an HMAC-SHA256: base64 of exactly 32 bytes once URL-decoded. */
function isSasSignature(signature: string): boolean {
  const decoded = urlDecoded(signature);
  return decoded !== undefined && decodeBase64(decoded)?.length === 32;
}

/**
 * The keys Microsoft publishes for local emulators (Azurite and the Cosmos DB emulator): the same in
 * every installation, so they guard nothing.
 */
const AZURE_EMULATOR_KEYS: ReadonlySet<string> = new Set([
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
  "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
]);

function isNotEmulatorKey(key: string): boolean {
  return !AZURE_EMULATOR_KEYS.has(key);
}

/**
 * Azure DevOps PATs: the current 84-character format carries the fixed `JQQJ99` signature and the
 * `AZDO` service tag at set offsets; the legacy format is 52 lower-case base32 characters and is
 * only matched next to an Azure DevOps name. The regex is case-insensitive for the names, so the
 * case of each format is checked here.
 */
function isAzureDevOpsPat(token: string): boolean {
  return /^[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9]{18}AZDO[A-Za-z0-9]{4}$/.test(token) || /^[a-z2-7]{52}$/.test(token);
}

export const CLOUD_RULES: SecretRule[] = [
  {
    id: "secrets/aws-access-key-id",
    title: "AWS access key ID",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["akia", "asia", "abia", "acca"],
    regex: /(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])/,
    minEntropy: 3,
    help: credentialHelp(
      "AWS access key",
      "Deactivate the key in IAM (and its secret access key with it), check CloudTrail for its use, and prefer roles or short-lived credentials.",
    ),
  },
  {
    id: "secrets/aws-secret-access-key",
    title: "AWS secret access key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["secret_access_key", "secretaccesskey", "secret-access-key", "aws_secret", "awssecret"],
    regex:
      /(?:secret[_-]?access[_-]?key|aws[_-]?secret(?:[_-]?key)?)[\w-]{0,20}["'`]?[ \t]{0,5}(?::=|=>|=|:)[ \t]{0,5}["'`]?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
    minEntropy: 4,
    help: credentialHelp(
      "AWS secret access key",
      "Deactivate the access key pair in IAM, review CloudTrail for its use, and move to roles or short-lived credentials.",
    ),
  },
  {
    // `AwsBasicCredentials.create("AKIA…", "…")`, `new BasicAWSCredentials(…)`, `Aws::Credentials.new(…)`:
    // the secret has no name of its own, but it is the 40-character value passed right after a key
    // ID. The ID here may use any upper-case letters and digits, as hand-written and redacted keys do.
    id: "secrets/aws-secret-access-key-pair",
    title: "AWS secret access key (passed with its key ID)",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["akia", "asia"],
    regex: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}["'`][ \t]{0,5},[ \t]{0,5}["'`](?<secret>[A-Za-z0-9/+]{40})["'`]/,
    minEntropy: 4,
    help: credentialHelp(
      "AWS secret access key",
      "Deactivate the access key pair in IAM, review CloudTrail for its use, and move to roles or short-lived credentials.",
    ),
  },
  {
    id: "secrets/aws-session-token",
    title: "AWS STS session token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["session_token", "session-token", "sessiontoken", "security-token", "security_token", "securitytoken"],
    // Only next to a session-token name: the value alone is anonymous base64. In pre-signed URLs the
    // token is URL-encoded (%2B, %2F, %3D); the validator decodes it.
    regex: new RegExp(
      String.raw`(?:aws[_-]?session[_-]?token|aws[_-]?security[_-]?token|x-amz-security-token|\bsession_?token)${ASSIGN}(?<secret>[A-Za-z0-9+/%]{100,3000}={0,2})${VALUE_END}`,
      "i",
    ),
    minEntropy: 4.5,
    validate: isAwsSessionToken,
    help: credentialHelp(
      "AWS session token (together with its temporary key pair)",
      "Revoke the role's active sessions in IAM (which denies every session token issued before now), or deactivate the access key of the IAM user that requested it, and check CloudTrail for its use.",
    ),
  },
  {
    id: "secrets/aws-mws-auth-token",
    title: "Amazon Marketplace Web Service (MWS) auth token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["amzn.mws."],
    regex: new RegExp(String.raw`(?<![\w.])(?<secret>amzn\.mws\.${UUID})(?![\w-])`),
    minEntropy: 3.3,
    help: credentialHelp(
      "MWS auth token for a seller account",
      "Revoke the developer's access in Seller Central under Apps and Services → Manage Your Apps, which invalidates the token, and move the integration to the Selling Partner API.",
    ),
  },
  {
    id: "secrets/aws-bedrock-api-key",
    title: "Amazon Bedrock long-term API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["absk"],
    regex: /(?<![A-Za-z0-9+/])(?<secret>ABSK[A-Za-z0-9+/]{100,400}={0,2})(?![A-Za-z0-9+/=])/,
    minEntropy: 4.5,
    validate: isBedrockLongTermKey,
    help: credentialHelp(
      "Amazon Bedrock API key",
      "Delete the key in IAM (the user's Security credentials → API keys for Amazon Bedrock) and use short-term keys or role credentials instead.",
    ),
  },
  {
    id: "secrets/aws-bedrock-short-term-api-key",
    title: "Amazon Bedrock short-term API key",
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["bedrock-api-key-"],
    // The payload always starts with the base64 of "bedrock.amazonaws.com".
    regex:
      /(?<![\w-])(?<secret>bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]{100,3800}={0,2})(?![A-Za-z0-9+/=])/,
    minEntropy: 4.5,
    validate: isBedrockShortTermKey,
    help: credentialHelp(
      "Amazon Bedrock short-term API key (valid for up to 12 hours, with the permissions of whoever generated it)",
      "Revoke the active sessions of the IAM identity that generated it if it has not expired yet, and generate keys at run time rather than storing them.",
    ),
  },
  {
    id: "secrets/google-api-key",
    title: "Google API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["aiza"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "Google API key",
      "Delete or regenerate the key in the Google Cloud console and restrict its replacement to the APIs and referrers that need it.",
    ),
  },
  {
    id: "secrets/gcp-oauth-client-secret",
    title: "Google OAuth client secret",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["gocspx-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "OAuth client secret",
      "In the Google Cloud console (APIs & Services → Credentials) add a new secret to the OAuth client, deploy it, then disable and delete the leaked one.",
    ),
  },
  {
    id: "secrets/google-oauth-access-token",
    title: "Google OAuth access token",
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["ya29."],
    // Service-account tokens read `ya29.c.<body>`.
    regex: /(?<![\w.-])(?<secret>ya29\.(?:c\.)?[A-Za-z0-9_-]{40,2048})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    help: credentialHelp(
      "Google OAuth access token (it expires within an hour, but works until then)",
      "Revoke it through https://oauth2.googleapis.com/revoke, and revoke the refresh token or service-account key that minted it.",
    ),
  },
  {
    id: "secrets/google-oauth-refresh-token",
    title: "Google OAuth refresh token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["1//0"],
    regex: /(?<![\w/-])(?<secret>1\/\/0[A-Za-z0-9_-]{40,512})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    help: credentialHelp(
      "Google OAuth refresh token (for example from `application_default_credentials.json`)",
      "Revoke it through https://oauth2.googleapis.com/revoke or remove the app under the Google Account's third-party access, and run `gcloud auth application-default revoke` on the machine it came from.",
    ),
  },
  {
    id: "secrets/firebase-cloud-messaging-server-key",
    title: "Firebase Cloud Messaging legacy server key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["apa91b"],
    // Device registration tokens also contain `:APA91b`, but their first part is an 11-character
    // instance id, never `AAAA` + 7; they identify a device and are not secret.
    regex: /(?<![A-Za-z0-9_-])(?<secret>AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    help: credentialHelp(
      "FCM server key (anyone holding it can push notifications to every install)",
      "Delete the server key in the Firebase console (Project settings → Cloud Messaging) and move to the FCM HTTP v1 API with a service account.",
    ),
  },
  {
    id: "secrets/azure-storage-account-key",
    title: "Azure Storage account key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["accountkey=", "storage_account", "storage-account", "storageaccount", "azure_storage", "azure-storage", "azurestorage"],
    // A storage connection string names the account before its key; Cosmos DB's names an endpoint
    // instead and has its own rule.
    regex: new RegExp(
      String.raw`AccountName=[a-z0-9]{3,24};[ \t]{0,2}AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])|${keyedSecret(String.raw`storage[_-]?account|azure[_-]?storage`, String.raw`(?:access[_-]?)?key`, "[A-Za-z0-9+/]{86}==", "secret2")}`,
      "i",
    ),
    minEntropy: 4.5,
    validate: isNotEmulatorKey,
    help: credentialHelp(
      "storage account key (full control over every blob, queue, table and file share in the account)",
      "Rotate the key in the Azure portal (Storage account → Access keys → Rotate key) or with `az storage account keys renew`, and prefer Microsoft Entra ID or user-delegation SAS.",
    ),
  },
  {
    id: "secrets/azure-sas-token",
    title: "Azure shared access signature (SAS) token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["sig="],
    // `sv=` (the signed version) opens every SAS query; `sig=` carries the signature.
    regex:
      /(?<![\w-])sv=\d{4}-\d\d-\d\d&[^\s"'<>#]{0,1500}?(?<=[?&])sig=(?<secret>[A-Za-z0-9+/%]{40,90}={0,2})(?=[&\s"'<>#\\]|$)/,
    validate: isSasSignature,
    help: credentialHelp(
      "SAS URL (a SAS cannot be revoked on its own)",
      "Rotate the storage account key that signed it (or delete the stored access policy it names, or revoke the user delegation keys), and issue short-lived SAS at run time.",
    ),
  },
  {
    id: "secrets/azure-entra-client-secret",
    title: "Microsoft Entra ID (Azure AD) application client secret",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["q~"],
    // Client secrets carry `Q~` after three characters and a version digit.
    regex: /(?<![A-Za-z0-9_~.-])(?<secret>[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/,
    minEntropy: 3.8,
    help: credentialHelp(
      "app registration client secret",
      "Delete the secret under App registrations → Certificates & secrets, review the service principal's sign-in logs, and use a managed identity or workload identity federation instead.",
    ),
  },
  {
    id: "secrets/azure-devops-pat",
    title: "Azure DevOps personal access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["jqqj99", "devops", "vsts", "ado_", "ado-"],
    regex: new RegExp(
      String.raw`(?<![A-Za-z0-9])(?<secret>[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9]{18}AZDO[A-Za-z0-9]{4})(?![A-Za-z0-9])|${keyedSecret(String.raw`(?:azure[_-]?)?devops|vsts|\bado(?=[_-])`, String.raw`pat|token|personal[_-]?access[_-]?token`, "[a-z2-7]{52}", "secret2")}`,
      "i",
    ),
    minEntropy: 3.8,
    validate: isAzureDevOpsPat,
    help: credentialHelp(
      "Azure DevOps PAT",
      "Revoke it under User settings → Personal access tokens (organization admins can revoke any user's PAT), and use Microsoft Entra tokens or service connections in pipelines.",
    ),
  },
  {
    id: "secrets/azure-shared-access-key",
    title: "Azure Service Bus, Event Hubs or IoT Hub shared access key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["sharedaccesskey="],
    // The connection string's key: 256 bits in base64. `SharedAccessKeyName=` names the policy.
    regex: /(?<![\w])SharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/,
    minEntropy: 4,
    help: credentialHelp(
      "shared access key from a Service Bus, Event Hubs or IoT Hub connection string",
      "Regenerate the policy's keys in the Azure portal (Shared access policies → the policy → Regenerate primary/secondary key), and prefer managed identities over connection strings.",
    ),
  },
  {
    id: "secrets/azure-cosmos-db-key",
    title: "Azure Cosmos DB account key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["documents.azure.com", "cosmos"],
    regex: new RegExp(
      String.raw`AccountEndpoint=https://[a-z0-9-]{3,50}\.documents\.azure\.com(?::443)?/?;[ \t]{0,2}AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])|${keyedSecret(String.raw`cosmos(?:[_-]?db)?`, String.raw`(?:primary[_-]?|secondary[_-]?|master[_-]?|account[_-]?|auth[_-]?)?key`, "[A-Za-z0-9+/]{86}==", "secret2")}`,
      "i",
    ),
    minEntropy: 4.5,
    validate: isNotEmulatorKey,
    help: credentialHelp(
      "Cosmos DB key (read-write access to every database in the account)",
      "Regenerate the key in the Azure portal (Cosmos DB account → Keys) or with `az cosmosdb keys regenerate`, and use Microsoft Entra role-based access instead.",
    ),
  },
  {
    id: "secrets/alibaba-access-key-id",
    title: "Alibaba Cloud AccessKey ID",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["ltai"],
    regex: /(?<![A-Za-z0-9])(?<secret>LTAI[A-Za-z0-9]{12,20})(?![A-Za-z0-9])/,
    minEntropy: 3.3,
    help: credentialHelp(
      "Alibaba Cloud AccessKey pair",
      "Disable and delete the AccessKey pair in the RAM console (Users → the user → AccessKey), check ActionTrail for its use, and prefer RAM roles and STS tokens.",
    ),
  },
  {
    id: "secrets/alibaba-access-key-secret",
    title: "Alibaba Cloud AccessKey secret",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["alibaba", "aliyun", "alicloud"],
    regex: new RegExp(
      keyedSecret("alibaba|aliyun|alicloud", String.raw`access[_-]?key[_-]?secret|secret[_-]?(?:access[_-]?)?key`, "[A-Za-z0-9]{30}"),
      "i",
    ),
    minEntropy: 3.8,
    help: credentialHelp(
      "Alibaba Cloud AccessKey secret",
      "Disable and delete the AccessKey pair in the RAM console, check ActionTrail for its use, and prefer RAM roles and STS tokens.",
    ),
  },
  {
    id: "secrets/tencent-cloud-secret-id",
    title: "Tencent Cloud API SecretId",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["akid"],
    regex: /(?<![A-Za-z0-9])(?<secret>AKID[A-Za-z0-9]{32})(?![A-Za-z0-9])/,
    minEntropy: 3.8,
    help: credentialHelp(
      "Tencent Cloud API key pair",
      "Disable and delete the key in the CAM console (Access Key → API Keys), review CloudAudit for its use, and prefer CAM roles with temporary credentials.",
    ),
  },
  {
    id: "secrets/tencent-cloud-secret-key",
    title: "Tencent Cloud API SecretKey",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["tencent", "qcloud"],
    regex: new RegExp(keyedSecret("tencent(?:cloud)?|qcloud", String.raw`secret[_-]?key`, "[A-Za-z0-9]{32}"), "i"),
    minEntropy: 3.8,
    help: credentialHelp(
      "Tencent Cloud SecretKey",
      "Disable and delete the key pair in the CAM console (Access Key → API Keys), review CloudAudit for its use, and prefer CAM roles with temporary credentials.",
    ),
  },
  {
    id: "secrets/ibm-cloud-api-key",
    title: "IBM Cloud IAM API key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["ibm", "ic_api"],
    regex: new RegExp(keyedSecret(String.raw`ibm|\bic(?=_api)`, String.raw`api[_-]?key`, "[A-Za-z0-9_-]{44}"), "i"),
    minEntropy: 4,
    help: credentialHelp(
      "IBM Cloud API key",
      "Delete the key under Manage → Access (IAM) → API keys (or the service ID's API keys) and check Activity Tracker for its use.",
    ),
  },
  {
    id: "secrets/digitalocean-pat",
    title: "DigitalOcean personal access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["dop_v1_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>dop_v1_[a-f0-9]{64})(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "DigitalOcean personal access token",
      "Delete the token in the control panel under API → Tokens and check the team's security history for its use.",
    ),
  },
  {
    id: "secrets/digitalocean-oauth-token",
    title: "DigitalOcean OAuth access token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["doo_v1_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>doo_v1_[a-f0-9]{64})(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "DigitalOcean OAuth token",
      "Revoke it with `POST https://cloud.digitalocean.com/v1/oauth/revoke` or by removing the application under API → OAuth Applications → Authorized.",
    ),
  },
  {
    id: "secrets/digitalocean-refresh-token",
    title: "DigitalOcean OAuth refresh token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["dor_v1_"],
    regex: /(?<![A-Za-z0-9_])(?<secret>dor_v1_[a-f0-9]{64})(?![A-Za-z0-9_])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "DigitalOcean OAuth refresh token",
      "Revoke the application's authorization under API → OAuth Applications → Authorized, which invalidates its refresh tokens.",
    ),
  },
  {
    id: "secrets/linode-api-token",
    title: "Linode (Akamai Cloud) personal access token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["linode"],
    regex: new RegExp(keyedSecret("linode", String.raw`(?:api[_-]?|cli[_-]?|personal[_-]?access[_-]?)?token|pat|api[_-]?key`, "[a-f0-9]{64}"), "i"),
    minEntropy: 3.5,
    help: credentialHelp(
      "Linode API token",
      "Revoke the token in Cloud Manager under the profile's API Tokens and review the account's login and event history.",
    ),
  },
  {
    id: "secrets/vultr-api-key",
    title: "Vultr API key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["vultr"],
    regex: new RegExp(keyedSecret("vultr", String.raw`api[_-]?key|(?:api[_-]?)?token`, "[A-Z0-9]{36}"), "i"),
    minEntropy: 3.8,
    // The regex is case-insensitive for the names; Vultr keys are upper case.
    validate: (key) => /^[A-Z0-9]{36}$/.test(key),
    help: credentialHelp(
      "Vultr API key",
      "Regenerate the key in the customer portal (Account → API) and restrict API access by IP address.",
    ),
  },
  {
    id: "secrets/hetzner-cloud-token",
    title: "Hetzner Cloud API token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["hcloud", "hetzner"],
    regex: new RegExp(keyedSecret("hcloud|hetzner", String.raw`(?:api[_-]?)?token|api[_-]?key`, "[A-Za-z0-9]{64}"), "i"),
    minEntropy: 4.5,
    help: credentialHelp(
      "Hetzner Cloud project token",
      "Delete the token in the Cloud Console (the project → Security → API tokens) and check the project's activity for its use.",
    ),
  },
  {
    id: "secrets/scaleway-secret-key",
    title: "Scaleway API secret key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["scw", "scaleway"],
    // The access key (`SCW` + 17 characters) is an identifier; the secret key is a UUID.
    regex: new RegExp(keyedSecret("scw|scaleway", String.raw`secret[_-]?key`, UUID), "i"),
    minEntropy: 3.3,
    help: credentialHelp(
      "Scaleway API key",
      "Delete the API key in the console (IAM → API keys) and check the audit trail for its use.",
    ),
  },
];
