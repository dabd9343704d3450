// Model names arrive in many spellings ("Claude Opus 4.5", "gpt-5-codex", "openai/gpt-4o", "GPT 5.4").
// Policies and stats compare them, so they are reduced to one models.dev style `provider/model` id.

const MAX_MODEL_LENGTH = 100;

/** A bare model id after normalisation: lower case, no spaces. */
const MODEL_ID = /^[a-z0-9][a-z0-9._:-]*$/;

/** A routed id such as `openai/gpt-4o` or `ollama/gemma3:e4b`, kept as the tool wrote it. */
const MODEL_PATH = /^[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._:@-]*)+$/;

/** Which provider publishes a model family, by the start of its id. First match wins. */
const PROVIDERS: readonly { provider: string; family: RegExp }[] = [
  { provider: "anthropic", family: /^claude-/ },
  { provider: "openai", family: /^(?:gpt-|chatgpt-|codex-|o\d)/ },
  { provider: "google", family: /^(?:gemini-|gemma)/ },
  { provider: "xai", family: /^grok-/ },
  { provider: "mistral", family: /^(?:mistral|codestral|devstral|magistral|ministral|pixtral)/ },
  { provider: "deepseek", family: /^deepseek-/ },
  { provider: "alibaba", family: /^qwen/ },
  { provider: "moonshotai", family: /^kimi-/ },
  { provider: "zhipuai", family: /^glm-/ },
];

/**
 * Reduces a model name to `provider/model`, or `undefined` when the text is not recognisably a model
 * of a known provider. Ids that already name a provider (`openai/gpt-4o`) are kept, lower-cased.
 */
export function normalizeModel(raw: string): string | undefined {
  const text = stripDecoration(raw).toLowerCase();
  if (text.length === 0 || text.length > MAX_MODEL_LENGTH) return undefined;

  if (text.includes("/")) {
    const path = text.replace(/\s+/g, "-");
    return MODEL_PATH.test(path) ? path : undefined;
  }

  const slug = text.replace(/[\s_]+/g, "-").replace(/-{2,}/g, "-");
  // A version number is what separates a model ("gpt-4o") from a product name ("Claude Code").
  if (!MODEL_ID.test(slug) || !/\d/.test(slug)) return undefined;
  const provider = PROVIDERS.find((p) => p.family.test(slug))?.provider;
  if (provider === undefined) return undefined;
  // Anthropic's API ids write versions with hyphens (claude-opus-4-5) where marketing uses dots.
  const id = provider === "anthropic" ? slug.replace(/(\d)\.(?=\d)/g, "$1-") : slug;
  return `${provider}/${id}`;
}

/** Drops a wrapping pair of brackets and remarks in parentheses such as "(1M context)". */
function stripDecoration(raw: string): string {
  let text = raw.trim();
  const wrapped = /^[([{]\s*(.*?)\s*[)\]}]$/s.exec(text);
  if (wrapped?.[1] !== undefined) text = wrapped[1];
  return text.replace(/\s*\([^()]*\)/g, "").trim();
}

/**
 * Finds a model in the display name of an AI identity: inside parentheses ("aider (openai/gpt-4o)"),
 * after the product word ("gemini-cli gemini-2.5-pro"), or the whole name ("Claude Opus 4.5").
 */
export function modelFromDisplayName(name: string): string | undefined {
  const inner = /\(([^()]+)\)/.exec(name)?.[1];
  const rest = name.trim().split(/\s+/).slice(1).join(" ");
  for (const candidate of [inner, rest, name]) {
    if (candidate === undefined || candidate.trim() === "") continue;
    const model = normalizeModel(candidate);
    if (model !== undefined) return model;
  }
  return undefined;
}
