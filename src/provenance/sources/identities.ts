// The git identities AI tools write under: as the commit author, as the committer, or as a
// `Co-authored-by` co-author. One entry per identity form; matching is on the e-mail address (exact,
// or the GitHub login inside a users.noreply.github.com address), never on a display name alone,
// because display names are free text and people are called Claude, Devin and Jules too.
import type { Person, Tool } from "../../core/types.js";

export interface AiIdentity {
  tool: Tool;
  /** Product name, written into evidence so a tool outside the `Tool` list is still named. */
  product: string;
  /** Exact addresses, lower case. */
  emails?: readonly string[];
  /** GitHub logins, lower case, as they appear in `[<id>+]<login>@users.noreply.github.com`. */
  logins?: readonly string[];
  /** Extra test on the display name, for addresses a vendor uses for more than one product. */
  name?: RegExp;
  /** Confidence when this identity authored (or committed) the commit. */
  authorConfidence: number;
  /** Confidence when this identity is named in a `Co-authored-by` trailer. */
  coAuthorConfidence: number;
}

export const AI_IDENTITIES: readonly AiIdentity[] = [
  // Claude Code adds `Co-Authored-By: Claude <noreply@anthropic.com>`; newer versions put the model
  // in the name ("Claude Opus 4.5"). Claude Code on the web authors commits as
  // `Claude Code <noreply@anthropic.com>`.
  {
    tool: "claude-code",
    product: "Claude Code",
    emails: ["noreply@anthropic.com"],
    authorConfidence: 0.95,
    coAuthorConfidence: 0.9,
  },
  // The Claude GitHub app (used by Anthropic's Claude Code GitHub Action) commits as claude[bot].
  { tool: "claude-code", product: "Claude GitHub app", logins: ["claude[bot]"], authorConfidence: 0.95, coAuthorConfidence: 0.9 },
  // Cursor's background and cloud agents commit as `Cursor Agent <cursoragent@cursor.com>` and
  // credit `Cursor <cursoragent@cursor.com>` as co-author of commits made from the editor.
  {
    tool: "cursor",
    product: "Cursor Agent",
    emails: ["cursoragent@cursor.com"],
    authorConfidence: 0.95,
    coAuthorConfidence: 0.9,
  },
  // Cursor's GitHub app account.
  { tool: "cursor", product: "Cursor GitHub app", logins: ["cursor[bot]"], authorConfidence: 0.95, coAuthorConfidence: 0.9 },
  // GitHub's Copilot coding agent authors commits as `Copilot <198982749+Copilot@users.noreply.github.com>`
  // (shown as copilot-swe-agent[bot]); Copilot CLI adds `Co-authored-by: Copilot
  // <223556219+Copilot@users.noreply.github.com>`; accepting a Copilot review suggestion on GitHub
  // credits `175728472+Copilot`. All are the GitHub login Copilot.
  {
    tool: "copilot",
    product: "GitHub Copilot",
    logins: ["copilot", "copilot-swe-agent[bot]"],
    authorConfidence: 0.95,
    coAuthorConfidence: 0.9,
  },
  // Editors have written `Co-authored-by: Copilot <copilot@github.com>` from their own commit UI,
  // whatever share of the change Copilot wrote, so it counts for less.
  {
    tool: "copilot",
    product: "GitHub Copilot (editor)",
    emails: ["copilot@github.com"],
    authorConfidence: 0.7,
    coAuthorConfidence: 0.6,
  },
  // Codex cloud tasks push through the ChatGPT Codex connector GitHub app.
  {
    tool: "codex",
    product: "OpenAI Codex",
    logins: ["chatgpt-codex-connector[bot]"],
    authorConfidence: 0.95,
    coAuthorConfidence: 0.9,
  },
  // Codex CLI's commit attribution defaults to `Co-authored-by: Codex <noreply@openai.com>`;
  // `Codex <codex@openai.com>` is the other form in use.
  { tool: "codex", product: "OpenAI Codex", emails: ["codex@openai.com"], authorConfidence: 0.95, coAuthorConfidence: 0.9 },
  {
    tool: "codex",
    product: "OpenAI Codex",
    emails: ["noreply@openai.com"],
    name: /^codex\b/i,
    authorConfidence: 0.95,
    coAuthorConfidence: 0.9,
  },
  // Devin's GitHub app; its commits and co-author trailers use `Devin AI <158243242+devin-ai-integration[bot]@…>`.
  { tool: "devin", product: "Devin", logins: ["devin-ai-integration[bot]"], authorConfidence: 0.95, coAuthorConfidence: 0.9 },
  // Google's Jules commits as google-labs-jules[bot].
  { tool: "jules", product: "Jules", logins: ["google-labs-jules[bot]"], authorConfidence: 0.95, coAuthorConfidence: 0.9 },
  // Amazon Q Developer's GitHub app.
  {
    tool: "amazon-q",
    product: "Amazon Q Developer",
    logins: ["amazon-q-developer[bot]"],
    authorConfidence: 0.95,
    coAuthorConfidence: 0.9,
  },
  // Gemini Code Assist's GitHub app; accepting one of its review suggestions credits it as co-author.
  {
    tool: "gemini",
    product: "Gemini Code Assist",
    logins: ["gemini-code-assist[bot]"],
    authorConfidence: 0.95,
    coAuthorConfidence: 0.9,
  },
  // Gemini CLI's GitHub account (218195315+gemini-cli), used in its co-author trailers.
  { tool: "gemini", product: "Gemini CLI", logins: ["gemini-cli"], authorConfidence: 0.95, coAuthorConfidence: 0.9 },
  // Windsurf's GitHub app account.
  { tool: "windsurf", product: "Windsurf", logins: ["windsurf-bot[bot]"], authorConfidence: 0.95, coAuthorConfidence: 0.9 },
  // Aider's `--attribute-co-authored-by` adds `Co-authored-by: aider (<model>) <aider@aider.chat>`;
  // the first release of the option used noreply@aider.dev.
  {
    tool: "aider",
    product: "aider",
    emails: ["aider@aider.chat", "noreply@aider.dev"],
    authorConfidence: 0.95,
    coAuthorConfidence: 0.9,
  },
  // Replit stamps `Replit Agent <agent@replit.com>` on commits made through its own git path,
  // checkpoints included, so the identity alone is weaker than its `Replit-Commit-Author` trailer.
  { tool: "other", product: "Replit Agent", emails: ["agent@replit.com"], authorConfidence: 0.7, coAuthorConfidence: 0.7 },
];

const GITHUB_NOREPLY = /^(?:\d+\+)?([^@\s]+)@users\.noreply\.github\.com$/;

/** The AI identity a person stands for, or `undefined` for anyone else. */
export function matchIdentity(person: Person): AiIdentity | undefined {
  const email = person.email.trim().toLowerCase();
  if (email === "") return undefined;
  const login = GITHUB_NOREPLY.exec(email)?.[1];
  return AI_IDENTITIES.find((identity) => {
    const byEmail = identity.emails?.includes(email) ?? false;
    const byLogin = login !== undefined && (identity.logins?.includes(login) ?? false);
    if (!byEmail && !byLogin) return false;
    return identity.name === undefined || identity.name.test(person.name.trim());
  });
}

/** Parses a `Name <email>` trailer value; `undefined` when it is not in that form. */
export function parsePerson(value: string): Person | undefined {
  const match = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(value.trim());
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { name: match[1].trim(), email: match[2] };
}

export function formatPerson(person: Person): string {
  return `${person.name} <${person.email}>`;
}

/**
 * Whether an identity can be a person's: not an AI identity and not automation. GitHub's web-flow
 * committer and `[bot]` accounts sign for services, not for people.
 */
export function isHumanIdentity(person: Person): boolean {
  const email = person.email.trim().toLowerCase();
  if (email === "" || person.name.trim() === "") return false;
  if (email === "noreply@github.com") return false;
  if (/\[bot\]$/i.test(person.name.trim()) || /\[bot\]@/.test(email)) return false;
  return matchIdentity(person) === undefined;
}
