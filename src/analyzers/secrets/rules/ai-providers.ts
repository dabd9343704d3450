import type { SecretRule } from "../types.js";
import { credentialHelp } from "./help.js";

export const AI_PROVIDER_RULES: SecretRule[] = [
  {
    id: "secrets/openai-api-key",
    title: "OpenAI API key",
    severity: "critical",
    cwe: ["CWE-798"],
    // Every OpenAI key embeds "T3BlbkFJ" (base64 of "OpenAI"), the best prefilter there is.
    keywords: ["t3blbkfj"],
    regex:
      /(?<![A-Za-z0-9_-])(?<secret>sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,200}|[A-Za-z0-9]{20})T3BlbkFJ[A-Za-z0-9_-]{20,200})(?![A-Za-z0-9_-])/,
    help: credentialHelp("OpenAI API key", "Revoke it on the OpenAI platform's API keys page."),
  },
  {
    id: "secrets/anthropic-api-key",
    title: "Anthropic API key",
    severity: "critical",
    cwe: ["CWE-798"],
    keywords: ["sk-ant-api03-", "sk-ant-admin01-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA)(?![A-Za-z0-9_-])/,
    minEntropy: 3.5,
    help: credentialHelp("Anthropic API key", "Delete it in the Anthropic Console under API keys."),
  },
];
