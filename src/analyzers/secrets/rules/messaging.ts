import type { SecretRule } from "../types.js";
import { credentialHelp } from "./help.js";

export const MESSAGING_RULES: SecretRule[] = [
  {
    id: "secrets/slack-token",
    title: "Slack token",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>xox[abprs]-(?:[0-9]+-){1,3}[A-Za-z0-9]{10,64})(?![A-Za-z0-9_-])/,
    minEntropy: 3,
    help: credentialHelp("Slack token", "Revoke it in the Slack app's OAuth settings and reinstall the app to issue a new one."),
  },
  {
    id: "secrets/slack-webhook-url",
    title: "Slack incoming webhook URL",
    severity: "high",
    cwe: ["CWE-798"],
    keywords: ["hooks.slack.com"],
    regex:
      /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>T[A-Z0-9]{8,12}\/[A-Z0-9]{8,12}\/[A-Za-z0-9]{20,40})(?![A-Za-z0-9])/,
    minEntropy: 3,
    help: credentialHelp(
      "Slack webhook URL (anyone holding it can post to the channel)",
      "Remove the webhook in the Slack app's Incoming Webhooks settings and create a new one.",
    ),
  },
];
