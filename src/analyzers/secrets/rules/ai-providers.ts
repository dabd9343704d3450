import type { SecretRule } from "../types.js";
import { credentialHelp } from "./help.js";
import { assignedTo } from "./source-control.js";

interface AiKey {
  id: string;
  /** Provider name, as the title and help text use it. */
  provider: string;
  /** What kind of credential, when "API key" would be wrong. */
  kind?: string;
  keywords: string[];
  regex: RegExp;
  minEntropy: number;
  validate?: SecretRule["validate"];
  revoke: string;
}

function aiKeyRule(key: AiKey): SecretRule {
  const what = `${key.provider} ${key.kind ?? "API key"}`;
  return {
    id: `secrets/${key.id}`,
    title: what,
    // Inference keys spend money and reach prompts and files uploaded with them, not production data.
    severity: "high",
    cwe: ["CWE-798"],
    keywords: key.keywords,
    regex: key.regex,
    minEntropy: key.minEntropy,
    ...(key.validate ? { validate: key.validate } : {}),
    help: credentialHelp(what, key.revoke),
  };
}

/** A prefixed token: the prefix, a body of a fixed alphabet and length, and token boundaries. */
function prefixed(prefix: string, body: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_-])(?<secret>${prefix}${body})(?![A-Za-z0-9_-])`);
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/**
 * Random base62 bodies mix both cases and digits; identifiers that share a short prefix, and hex
 * digests under a provider-named key, rarely do.
 */
function looksRandom(token: string): boolean {
  const body = token.slice(token.indexOf("_") + 1);
  return /[0-9]/.test(body) && /[a-z]/.test(body) && /[A-Z]/.test(body);
}

/**
 * Hugging Face tokens are 34 random letters, so about half are upper case; a CamelCase name that
 * happens to follow `hf_` (`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`) has one capital per word.
 */
function hasRandomLetterCase(token: string): boolean {
  const body = token.slice(token.lastIndexOf("_") + 1);
  const upper = body.replace(/[^A-Z]/g, "").length;
  return upper >= 8 && body.length - upper >= 8;
}

const PREFIXED_KEYS: SecretRule[] = [
  aiKeyRule({
    id: "huggingface-token",
    provider: "Hugging Face",
    kind: "access token",
    keywords: ["hf_"],
    regex: prefixed("hf_", "[A-Za-z]{34}"),
    minEntropy: 3.5,
    validate: hasRandomLetterCase,
    revoke: "Invalidate or delete it under Settings → Access Tokens on huggingface.co.",
  }),
  aiKeyRule({
    id: "huggingface-org-token",
    provider: "Hugging Face",
    kind: "organization API token",
    keywords: ["api_org_"],
    regex: prefixed("api_org_", "[A-Za-z]{34}"),
    minEntropy: 3.5,
    validate: hasRandomLetterCase,
    revoke: "Rotate the organization's API token in its settings on huggingface.co, and switch to fine-grained user tokens.",
  }),
  aiKeyRule({
    id: "groq-api-key",
    provider: "Groq",
    keywords: ["gsk_"],
    regex: prefixed("gsk_", "[A-Za-z0-9]{52}"),
    minEntropy: 4,
    revoke: "Delete it under API Keys in the GroqCloud console.",
  }),
  aiKeyRule({
    id: "replicate-api-token",
    provider: "Replicate",
    kind: "API token",
    keywords: ["r8_"],
    regex: prefixed("r8_", "[A-Za-z0-9]{37}"),
    minEntropy: 3.8,
    revoke: "Disable it under Account settings → API tokens on replicate.com.",
  }),
  aiKeyRule({
    id: "perplexity-api-key",
    provider: "Perplexity",
    keywords: ["pplx-"],
    regex: prefixed("pplx-", "[A-Za-z0-9]{48}"),
    minEntropy: 4,
    revoke: "Revoke it under Settings → API on perplexity.ai.",
  }),
  aiKeyRule({
    id: "xai-api-key",
    provider: "xAI",
    keywords: ["xai-"],
    regex: prefixed("xai-", "[A-Za-z0-9_]{80}"),
    minEntropy: 4,
    revoke: "Delete it under API Keys in the xAI console.",
  }),
  aiKeyRule({
    id: "openrouter-api-key",
    provider: "OpenRouter",
    keywords: ["sk-or-v1-"],
    regex: prefixed("sk-or-v1-", "[0-9a-f]{64}"),
    minEntropy: 3.5,
    revoke: "Delete or disable it under Settings → Keys on openrouter.ai.",
  }),
  aiKeyRule({
    id: "fireworks-api-key",
    provider: "Fireworks AI",
    keywords: ["fw_"],
    // Base58 (no 0, O, I or l). `fw_` also starts firmware identifiers, hence the mix check.
    regex: prefixed("fw_", "[1-9A-HJ-NP-Za-km-z]{24,48}"),
    minEntropy: 3.6,
    validate: looksRandom,
    revoke: "Delete it under Settings → API Keys on app.fireworks.ai.",
  }),
  aiKeyRule({
    id: "langfuse-secret-key",
    provider: "Langfuse",
    kind: "secret key",
    keywords: ["sk-lf-"],
    // The `pk-lf-` half of the pair is public by design and is left alone.
    regex: prefixed("sk-lf-", UUID),
    minEntropy: 3,
    revoke: "Delete the key pair under the project's Settings → API Keys in Langfuse.",
  }),
  aiKeyRule({
    id: "langsmith-personal-access-token",
    provider: "LangSmith",
    kind: "personal access token",
    keywords: ["lsv2_pt_"],
    regex: prefixed("lsv2_pt_", "[0-9a-f]{32}_[0-9a-f]{10}"),
    minEntropy: 3,
    revoke: "Delete it under Settings → API Keys in LangSmith.",
  }),
  aiKeyRule({
    id: "langsmith-service-key",
    provider: "LangSmith",
    kind: "service key",
    keywords: ["lsv2_sk_"],
    regex: prefixed("lsv2_sk_", "[0-9a-f]{32}_[0-9a-f]{10}"),
    minEntropy: 3,
    revoke: "Delete it under Settings → API Keys in the LangSmith workspace that owns it.",
  }),
  aiKeyRule({
    id: "pinecone-api-key",
    provider: "Pinecone",
    keywords: ["pcsk_"],
    regex: prefixed("pcsk_", "[A-Za-z0-9]{4,8}_[A-Za-z0-9]{56,72}"),
    minEntropy: 4,
    revoke: "Delete it under API keys in the Pinecone console for its project.",
  }),
  aiKeyRule({
    id: "cerebras-api-key",
    provider: "Cerebras",
    keywords: ["csk-"],
    regex: prefixed("csk-", "[a-z0-9]{48}"),
    minEntropy: 3.8,
    revoke: "Delete it under API Keys in the Cerebras Cloud console.",
  }),
  aiKeyRule({
    id: "nvidia-api-key",
    provider: "NVIDIA",
    kind: "API key (build.nvidia.com, NGC)",
    keywords: ["nvapi-"],
    regex: prefixed("nvapi-", "[A-Za-z0-9_-]{64}"),
    minEntropy: 4,
    revoke: "Revoke it under API Keys in the NVIDIA NGC account settings.",
  }),
];

// Providers whose keys carry no prefix (or a prefix too common to search for): the key must be
// assigned to something named after the provider. Hex bodies also need a key-like word in the name
// or a client constructor (`DEEPGRAM_API_KEY`, `DeepgramClient(`, not `DEEPGRAM_BUILD_SHA`).
const NAMED_KEYS: SecretRule[] = [
  aiKeyRule({
    id: "cohere-api-key",
    provider: "Cohere",
    keywords: ["cohere", "co_api_key"],
    regex: assignedTo("cohere|co_api_key", "[A-Za-z0-9]{40}"),
    minEntropy: 4,
    validate: looksRandom,
    revoke: "Delete it under API Keys in the Cohere dashboard.",
  }),
  aiKeyRule({
    id: "mistral-api-key",
    provider: "Mistral AI",
    keywords: ["mistral"],
    regex: assignedTo("mistral", "[A-Za-z0-9]{32}"),
    minEntropy: 4,
    validate: looksRandom,
    revoke: "Delete it under API Keys in the Mistral AI console.",
  }),
  aiKeyRule({
    id: "deepseek-api-key",
    provider: "DeepSeek",
    keywords: ["deepseek"],
    regex: assignedTo("deepseek", "sk-[0-9a-f]{32}"),
    minEntropy: 3.3,
    revoke: "Delete it under API Keys on platform.deepseek.com.",
  }),
  aiKeyRule({
    id: "together-api-key",
    provider: "Together AI",
    keywords: ["tgp_v1_", "together"],
    // Current keys are prefixed; older ones are 64 hex digits and need the name.
    regex: new RegExp(
      `(?<![A-Za-z0-9_-])(?<secret>tgp_v1_[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])|${assignedTo("together[\\w.-]{0,20}?(?:key|token)", "[0-9a-f]{64}", "secret2").source}`,
      "i",
    ),
    minEntropy: 3.3,
    revoke: "Revoke it under Settings → API Keys on together.ai.",
  }),
  aiKeyRule({
    id: "deepgram-api-key",
    provider: "Deepgram",
    keywords: ["deepgram"],
    regex: assignedTo("deepgram(?:[\\w.-]{0,20}?(?:key|token|secret)|client(?=\\())", "[0-9a-f]{40}"),
    minEntropy: 3.1,
    revoke: "Delete it under the project's API Keys in the Deepgram console.",
  }),
  aiKeyRule({
    id: "elevenlabs-api-key",
    provider: "ElevenLabs",
    keywords: ["eleven", "xi-api-key", "xi_api_key"],
    regex: assignedTo("eleven[_-]?labs(?:[\\w.-]{0,20}?(?:key|token)|(?=\\())|xi-api-key|xi_api_key", "sk_[0-9a-f]{48}|[0-9a-f]{32}"),
    minEntropy: 3,
    revoke: "Delete it under Developers → API Keys in ElevenLabs.",
  }),
  aiKeyRule({
    id: "assemblyai-api-key",
    provider: "AssemblyAI",
    keywords: ["assembly"],
    regex: assignedTo("assembly[_-]?ai[\\w.-]{0,20}?(?:key|token)", "[0-9a-f]{32}"),
    minEntropy: 3,
    revoke: "Rotate it on the API Keys page of the AssemblyAI dashboard.",
  }),
  aiKeyRule({
    id: "azure-openai-api-key",
    provider: "Azure OpenAI",
    keywords: ["azure"],
    // 32 hex digits, or the 84-character form whose `JQQJ99` and `ACOG` markers say "Azure AI key".
    regex: assignedTo(
      "azure[_-]?openai(?:[\\w.-]{0,20}?key|(?=\\())",
      "[0-9a-f]{32}|[A-Za-z0-9]{52}JQQJ99[A-Za-z0-9]{18}ACOG[A-Za-z0-9]{4}",
    ),
    minEntropy: 3,
    revoke:
      "Regenerate the key under the resource's Keys and Endpoint in the Azure portal, and prefer Microsoft Entra ID (managed identity) to keys.",
  }),
  aiKeyRule({
    id: "voyage-api-key",
    provider: "Voyage AI",
    keywords: ["voyage"],
    regex: assignedTo("voyage", "pa-[A-Za-z0-9_-]{43}"),
    minEntropy: 4,
    revoke: "Delete it under API Keys in the Voyage AI dashboard.",
  }),
];

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
  ...PREFIXED_KEYS,
  ...NAMED_KEYS,
];
