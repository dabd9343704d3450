import type { SecretRule } from "../types.js";
import { credentialHelp } from "./help.js";

/**
 * A Discord bot token starts with the bot's user id (a snowflake of 17 to 20 digits) in base64,
 * so three dot-separated random-looking parts that do not decode that way are something else.
 */
export function isDiscordBotToken(token: string): boolean {
  const [id] = token.split(".");
  if (id === undefined || !/^[A-Za-z0-9_-]+$/.test(id)) return false;
  return /^[1-9][0-9]{16,19}$/.test(Buffer.from(id, "base64url").toString("latin1"));
}

// Discord ids in base64 begin with M, N or O; then the timestamp part and the HMAC part.
const DISCORD_BOT_TOKEN = String.raw`[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}`;

export const MESSAGING_RULES: SecretRule[] = [
  {
    id: "secrets/slack-token",
    title: "Slack bot token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["xoxb-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>xoxb-[0-9]{6,15}-(?:[0-9]{6,15}-)?[A-Za-z0-9]{24,34})(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    help: credentialHelp("Slack bot token", "Revoke it in the Slack app's OAuth & Permissions page and reinstall the app to issue a new one."),
  },
  {
    id: "secrets/slack-user-token",
    title: "Slack user token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["xoxp-"],
    regex: /(?<![A-Za-z0-9_.-])(?<secret>xoxp-[0-9]{6,15}-[0-9]{6,15}-[0-9]{6,15}-[0-9a-f]{32})(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    help: credentialHelp(
      "Slack user token (it acts as the person who installed the app)",
      "Revoke it with `auth.revoke` or by removing the app's authorization for that user, then reinstall the app.",
    ),
  },
  {
    id: "secrets/slack-legacy-token",
    title: "Slack legacy workspace, refresh or session token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["xoxa-", "xoxr-", "xoxs-"],
    regex: /(?<![A-Za-z0-9_.-])(?<secret>xox[ars]-(?:[0-9]{1,15}-){1,4}[A-Za-z0-9]{10,64})(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    help: credentialHelp(
      "Slack token of an older kind",
      "Revoke it with `auth.revoke` or from the workspace's app management page, and move to a bot token with only the scopes it needs.",
    ),
  },
  {
    id: "secrets/slack-app-token",
    title: "Slack app-level token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["xapp-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[0-9a-f]{64})(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    help: credentialHelp(
      "Slack app-level token (Socket Mode)",
      "Revoke it under the app's Basic Information → App-Level Tokens and generate a new one.",
    ),
  },
  {
    id: "secrets/slack-rotating-token",
    title: "Slack rotating access or app configuration token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["xoxe.xoxp-", "xoxe.xoxb-"],
    // Token rotation and the app configuration tokens put an `xoxe.` marker before the usual prefix.
    regex: /(?<![A-Za-z0-9_-])(?<secret>xoxe\.xox[bp]-[0-9]-[A-Za-z0-9_-]{80,250})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    help: credentialHelp(
      "Slack rotating token",
      "Revoke it with `auth.revoke` (configuration tokens: under Your App Configuration Tokens on api.slack.com/apps).",
    ),
  },
  {
    id: "secrets/slack-refresh-token",
    title: "Slack refresh token for rotating or configuration tokens",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["xoxe-"],
    regex: /(?<![A-Za-z0-9_.-])(?<secret>xoxe-[0-9]-[A-Za-z0-9_-]{80,250})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    help: credentialHelp(
      "Slack refresh token (it mints new access tokens until revoked)",
      "Revoke the token pair with `auth.revoke` or under Your App Configuration Tokens on api.slack.com/apps.",
    ),
  },
  {
    id: "secrets/slack-webhook-url",
    title: "Slack incoming webhook URL",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["hooks.slack.com/services/"],
    regex:
      /https:\/\/hooks\.slack\.com\/services\/(?<secret>T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{20,40})(?![A-Za-z0-9])/,
    minEntropy: 3,
    help: credentialHelp(
      "Slack webhook URL (anyone holding it can post to the channel)",
      "Remove the webhook in the Slack app's Incoming Webhooks settings and create a new one.",
    ),
  },
  {
    id: "secrets/slack-workflow-webhook-url",
    title: "Slack Workflow Builder webhook URL",
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["hooks.slack.com/workflows/", "hooks.slack.com/triggers/"],
    regex:
      /https:\/\/hooks\.slack\.com\/(?:workflows\/(?<secret>T[A-Z0-9]{8,12}\/A[A-Z0-9]{8,12}\/[0-9]{12,20}\/[A-Za-z0-9]{20,40})|triggers\/(?<secret2>[TE][A-Z0-9]{8,12}\/[0-9]{10,16}\/[0-9a-f]{32}))(?![A-Za-z0-9])/,
    minEntropy: 3,
    help: credentialHelp(
      "Slack workflow webhook URL (anyone holding it can start the workflow)",
      "Delete the webhook trigger in Workflow Builder and create a new one.",
    ),
  },
  {
    id: "secrets/discord-bot-token",
    title: "Discord bot token",
    severity: "critical",
    cwe: ["CWE-798"],
    // The token has no fixed prefix: it is reported next to the name "discord", after the `Bot`
    // authorization scheme, or as the argument of discord.js `login` / discord.py `run`.
    keywords: ["discord", "bot ", ".login(", ".run("],
    regex: new RegExp(
      String.raw`(?:discord[\w.-]{0,30}[^\w\n]{1,6}(?<secret>${DISCORD_BOT_TOKEN})|\bBot {1,4}(?<secret2>${DISCORD_BOT_TOKEN})|\.(?:login|run)\([ \t]{0,4}["'\x60](?<secret3>${DISCORD_BOT_TOKEN}))(?![A-Za-z0-9_-])`,
      "i",
    ),
    validate: isDiscordBotToken,
    help: credentialHelp(
      "Discord bot token",
      "Reset the token on the bot's page in the Discord Developer Portal; the old one stops working at once.",
    ),
  },
  {
    id: "secrets/discord-webhook-url",
    title: "Discord webhook URL",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["discord.com/api/", "discordapp.com/api/"],
    regex:
      /https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/(?:v[0-9]{1,2}\/)?webhooks\/(?<secret>[0-9]{17,20}\/[A-Za-z0-9_-]{60,80})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    help: credentialHelp(
      "Discord webhook URL (anyone holding it can post as the webhook)",
      "Delete the webhook in the channel's Integrations settings and create a new one.",
    ),
  },
  {
    id: "secrets/telegram-bot-token",
    title: "Telegram bot token",
    severity: "high",
    cwe: ["CWE-798"],
    // Bot tokens are "<bot id>:<35 characters>", and the secret part has started with "AA" for years.
    keywords: [":aa"],
    regex:
      /(?:(?<=api\.telegram\.org\/bot)|(?<![A-Za-z0-9_:-]))(?<secret>[0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    help: credentialHelp("Telegram bot token", "Send `/revoke` to @BotFather for this bot to invalidate the token and get a new one."),
  },
  {
    id: "secrets/teams-incoming-webhook-url",
    title: "Microsoft Teams incoming webhook URL",
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["webhook.office.com/webhookb2/", "outlook.office.com/webhook/", "outlook.office365.com/webhook/"],
    regex:
      /https:\/\/(?:[a-z0-9-]{1,63}\.webhook\.office\.com\/webhookb2|outlook\.office(?:365)?\.com\/webhook)\/(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:\/[A-Za-z0-9_-]{20,80})?)(?![A-Za-z0-9_-])/,
    help: credentialHelp(
      "Teams webhook URL (anyone holding it can post to the channel)",
      "Remove the Incoming Webhook connector (or workflow) from the channel and create a new one.",
    ),
  },
  {
    id: "secrets/twilio-api-key-sid",
    title: "Twilio API key SID next to a Twilio setting",
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["twilio"],
    // The SID names the key; it is half of the credential and leaks with the secret more often than not.
    regex: /twilio[\w.-]{0,20}?(?:api[_-]?)?key(?:[_-]?sid)?[^\w\n]{1,6}(?<secret>SK[0-9a-f]{32})(?![A-Za-z0-9])/i,
    minEntropy: 3,
    help: credentialHelp(
      "Twilio API key SID together with its secret",
      "Delete the API key in the Twilio Console under Account → API keys & tokens and create a new one.",
    ),
  },
  {
    id: "secrets/twilio-api-key-secret",
    title: "Twilio API key secret",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["twilio"],
    // Named for Twilio, or a `…secret` setting within three lines after the key's SID (YAML and
    // JSON settings nest the provider name a level up).
    regex:
      /(?:twilio[\w.-]{0,20}?(?:api[_-]?)?(?:key[_-]?)?secret[^\w\n]{1,6}(?<secret>[A-Za-z0-9]{32})|\bSK[0-9a-f]{32}\b[^\n]{0,40}\n(?:[^\n]{0,200}\n){0,2}?[ \t]{0,16}["']?[\w.-]{0,20}secret["']?[ \t]{0,3}[:=][ \t]{0,3}["']?(?<secret2>[A-Za-z0-9]{32}))(?![A-Za-z0-9])/i,
    minEntropy: 3.5,
    help: credentialHelp(
      "Twilio API key secret",
      "Delete the API key in the Twilio Console under Account → API keys & tokens and create a new one.",
    ),
  },
  {
    id: "secrets/twilio-auth-token",
    title: "Twilio account auth token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["twilio"],
    // Named in a setting, or passed right after the account SID to a Twilio client constructor.
    regex:
      /twilio(?:[\w.-]{0,20}?auth[_-]?token[^\w\n]{1,6}(?<secret>[0-9a-f]{32})|[\w.:]{0,24}\([ \t]{0,4}["'`]AC[0-9a-f]{32}["'`][ \t]{0,4},[ \t]{0,4}["'`](?<secret2>[0-9a-f]{32})["'`])(?![A-Za-z0-9])/i,
    minEntropy: 3,
    help: credentialHelp(
      "Twilio auth token (it controls the whole account)",
      "Rotate the auth token in the Twilio Console (promote the secondary token), and use API keys in applications.",
    ),
  },
  {
    id: "secrets/sendgrid-api-key",
    title: "SendGrid API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["sg."],
    regex: /(?<![A-Za-z0-9_.-])(?<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    help: credentialHelp("SendGrid API key", "Delete the key in SendGrid under Settings → API Keys and create one with restricted scopes."),
  },
  {
    id: "secrets/mailgun-api-key",
    title: "Mailgun API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["key-", "mailgun"],
    // Older keys are "key-" and 32 characters; newer ones are 32 hex, 8 hex and 8 hex, named in context.
    regex:
      /(?:(?<![A-Za-z0-9_-])(?<secret>key-[0-9a-z]{32})|mailgun[\w.-]{0,20}?(?:api[_-]?)?key[^\w\n]{1,6}(?<secret2>[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}))(?![A-Za-z0-9_-])/i,
    minEntropy: 3.3,
    validate: (key) => /[0-9]/.test(key) && /[a-z]/i.test(key.replace(/^key-/i, "")),
    help: credentialHelp("Mailgun API key", "Delete the key in Mailgun under API Security and create a new one."),
  },
  {
    id: "secrets/mailgun-webhook-signing-key",
    title: "Mailgun webhook signing key",
    severity: "medium",
    cwe: ["CWE-798"],
    keywords: ["mailgun"],
    regex:
      /mailgun[\w.-]{0,20}?(?:webhook[_-]?(?:signing[_-]?)?(?:key|secret)|signing[_-]?key)[^\w\n]{1,6}(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])/i,
    minEntropy: 3,
    help: credentialHelp(
      "Mailgun webhook signing key (it lets anyone forge webhook calls)",
      "Reset the HTTP webhook signing key in Mailgun under API Security.",
    ),
  },
  {
    id: "secrets/mailchimp-api-key",
    title: "Mailchimp API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["-us"],
    // 32 hex characters, then the data centre the account lives in. The pattern starts at the
    // literal "-us" and looks back for the hex part, so the engine can jump from one "-us" to the
    // next instead of trying every position of every hex run.
    regex: /-us[0-9]{1,2}(?<=(?<![A-Za-z0-9])(?<secret>[0-9a-f]{32}-us[0-9]{1,2}))(?![A-Za-z0-9])/,
    minEntropy: 3,
    help: credentialHelp("Mailchimp API key", "Disable the key in Mailchimp under Account → Extras → API keys and create a new one."),
  },
  {
    id: "secrets/brevo-api-key",
    title: "Brevo (Sendinblue) API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["xkeysib-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>xkeysib-[0-9a-f]{64}-[A-Za-z0-9]{16})(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    help: credentialHelp("Brevo API key", "Delete the key in Brevo under SMTP & API → API keys and create a new one."),
  },
  {
    id: "secrets/brevo-smtp-key",
    title: "Brevo (Sendinblue) SMTP key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["xsmtpsib-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>xsmtpsib-[0-9a-f]{64}-[A-Za-z0-9]{16})(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    help: credentialHelp("Brevo SMTP key", "Delete the key in Brevo under SMTP & API → SMTP keys and create a new one."),
  },
  {
    id: "secrets/resend-api-key",
    title: "Resend API key",
    severity: "high",
    cwe: ["CWE-798"],
    // "re_" alone occurs in countless identifiers, so the key must sit next to the name Resend.
    keywords: ["resend"],
    regex: /resend[\w.-]{0,25}[^\w\n]{1,6}(?<secret>re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24})(?![A-Za-z0-9_-])/i,
    minEntropy: 3.5,
    help: credentialHelp("Resend API key", "Delete the key in the Resend dashboard under API Keys and create a new one."),
  },
  {
    id: "secrets/postmark-token",
    title: "Postmark server or account token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["postmark"],
    regex:
      /postmark[\w.-]{0,25}?(?:token|api[_-]?key)[^\w\n]{1,6}(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![A-Za-z0-9-])/i,
    minEntropy: 3,
    help: credentialHelp(
      "Postmark token",
      "Regenerate the server token under the server's API Tokens tab (or the account token under Account → API Tokens).",
    ),
  },
  {
    id: "secrets/sparkpost-api-key",
    title: "SparkPost API key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["sparkpost"],
    regex: /sparkpost[\w.-]{0,20}?(?:api[_-]?)?key[^\w\n]{1,6}(?<secret>[0-9a-f]{40})(?![A-Za-z0-9])/i,
    minEntropy: 3,
    help: credentialHelp("SparkPost API key", "Delete the key in SparkPost under Configuration → API Keys and create a new one."),
  },
  {
    id: "secrets/mailjet-secret-key",
    title: "Mailjet API secret key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["mailjet", "mj_apikey_private"],
    regex:
      /(?:mailjet[\w.-]{0,20}?(?:api[_-]?)?(?:secret|private)(?:[_-]?key)?|mj_apikey_private)[^\w\n]{1,6}(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])/i,
    minEntropy: 3,
    help: credentialHelp("Mailjet secret key", "Regenerate the secret key in Mailjet under Account settings → API Key Management."),
  },
  {
    id: "secrets/vonage-api-secret",
    title: "Vonage (Nexmo) API secret",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["vonage", "nexmo"],
    regex: /(?:vonage|nexmo)[\w.-]{0,20}?(?:api[_-]?)?secret[^\w\n]{1,6}(?<secret>[A-Za-z0-9]{16})(?![A-Za-z0-9])/i,
    minEntropy: 3,
    validate: (secret) => /[0-9]/.test(secret) && /[A-Za-z]/.test(secret),
    help: credentialHelp("Vonage API secret", "Create a new secret in the Vonage API Dashboard under API Settings, then delete the old one."),
  },
  {
    id: "secrets/plivo-auth-token",
    title: "Plivo auth token",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["plivo"],
    regex: /plivo[\w.-]{0,20}?auth[_-]?token[^\w\n]{1,6}(?<secret>[A-Za-z0-9]{40})(?![A-Za-z0-9])/i,
    minEntropy: 3.5,
    help: credentialHelp("Plivo auth token", "Regenerate the auth token in the Plivo console overview page."),
  },
  {
    id: "secrets/messagebird-access-key",
    title: "MessageBird (Bird) access key",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["messagebird", "message_bird"],
    regex: /message_?bird[\w.-]{0,20}?(?:access[_-]?|api[_-]?)?key[^\w\n]{1,6}(?<secret>[A-Za-z0-9]{25})(?![A-Za-z0-9])/i,
    minEntropy: 3.5,
    help: credentialHelp("MessageBird access key", "Delete the key in the MessageBird dashboard under Developers → API access and create a new one."),
  },
  {
    id: "secrets/pusher-app-secret",
    title: "Pusher Channels app secret",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["pusher"],
    regex: /pusher[\w.-]{0,20}?secret[^\w\n]{1,6}(?<secret>[0-9a-f]{20})(?![A-Za-z0-9])/i,
    minEntropy: 3,
    help: credentialHelp(
      "Pusher app secret (it lets anyone publish to your channels and sign private-channel auth)",
      "Create a new key pair under the app's App Keys tab in the Pusher dashboard and delete the old one.",
    ),
  },
];
