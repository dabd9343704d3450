import type { SecretRule } from "../types.js";
import { credentialHelp } from "./help.js";

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
];
