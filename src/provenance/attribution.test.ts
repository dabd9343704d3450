import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TOOLS, type Attribution, type Commit, type Person, type Tool, type Trailer } from "../core/types.js";
import { attributeCommit, attributeCommits } from "./index.js";

const ADA: Person = { name: "Ada Lovelace", email: "ada@example.com" };
const GITHUB_WEB: Person = { name: "GitHub", email: "noreply@github.com" };

function commit(parts: { author?: Person; committer?: Person; trailers?: string[]; subject?: string; body?: string }): Commit {
  const author = parts.author ?? ADA;
  return {
    sha: "0123456789abcdef0123456789abcdef01234567",
    parents: ["89abcdef0123456789abcdef0123456789abcdef"],
    author,
    committer: parts.committer ?? author,
    authorTime: "2025-06-01T12:00:00.000Z",
    subject: parts.subject ?? "Add retry to the upload client",
    body: parts.body ?? "",
    trailers: (parts.trailers ?? []).map(toTrailer),
  };
}

function toTrailer(line: string): Trailer {
  const colon = line.indexOf(":");
  return { key: line.slice(0, colon), value: line.slice(colon + 1).trim() };
}

interface Expected {
  contributor: Attribution["contributor"];
  tool?: Tool;
  model?: string;
  sessionId?: string;
  humanOfRecord?: string;
  source?: "trailer" | "bot-author";
  /** Text the evidence must quote. */
  quotes?: string;
  confidence?: number;
}

interface Case {
  name: string;
  commit: Commit;
  expected: Expected;
}

const POSITIVE: Case[] = [
  {
    name: "Claude Code co-author trailer with a human author",
    commit: commit({ trailers: ["Co-Authored-By: Claude <noreply@anthropic.com>"] }),
    expected: {
      contributor: "ai",
      tool: "claude-code",
      humanOfRecord: "Ada Lovelace <ada@example.com>",
      source: "trailer",
      quotes: "Co-Authored-By: Claude <noreply@anthropic.com>",
      confidence: 0.9,
    },
  },
  {
    name: "Claude Code trailer naming the model",
    commit: commit({ trailers: ["Co-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>"] }),
    expected: { contributor: "ai", tool: "claude-code", model: "anthropic/claude-opus-4-5", humanOfRecord: "Ada Lovelace <ada@example.com>" },
  },
  {
    name: "Claude Code trailer with a context-size remark",
    commit: commit({ trailers: ["Co-Authored-By: Claude Sonnet 4.5 (1M context) <noreply@anthropic.com>"] }),
    expected: { contributor: "ai", tool: "claude-code", model: "anthropic/claude-sonnet-4-5" },
  },
  {
    name: "Claude Code on the web authors and commits itself",
    commit: commit({ author: { name: "Claude Code", email: "noreply@anthropic.com" } }),
    expected: { contributor: "ai", tool: "claude-code", source: "bot-author", confidence: 0.95 },
  },
  {
    name: "claude[bot] GitHub app author, human committer",
    commit: commit({
      author: { name: "claude[bot]", email: "209825114+claude[bot]@users.noreply.github.com" },
      committer: ADA,
    }),
    expected: {
      contributor: "ai",
      tool: "claude-code",
      humanOfRecord: "Ada Lovelace <ada@example.com>",
      source: "bot-author",
      quotes: "author: claude[bot] <209825114+claude[bot]@users.noreply.github.com>",
      confidence: 0.95,
    },
  },
  {
    name: "aider co-author trailer keeps a provider-qualified model",
    commit: commit({ trailers: ["Co-authored-by: aider (openai/gpt-4o) <aider@aider.chat>"] }),
    expected: { contributor: "ai", tool: "aider", model: "openai/gpt-4o", humanOfRecord: "Ada Lovelace <ada@example.com>", confidence: 0.9 },
  },
  {
    name: "aider co-author trailer with a bare model",
    commit: commit({ trailers: ["Co-authored-by: aider (gpt-4o) <aider@aider.chat>"] }),
    expected: { contributor: "ai", tool: "aider", model: "openai/gpt-4o" },
  },
  {
    name: "aider (aider) suffix on author and committer",
    commit: commit({ author: { name: "Ada Lovelace (aider)", email: "ada@example.com" } }),
    expected: {
      contributor: "ai",
      tool: "aider",
      humanOfRecord: "Ada Lovelace <ada@example.com>",
      source: "bot-author",
      quotes: "author: Ada Lovelace (aider) <ada@example.com>",
    },
  },
  {
    name: "Cursor Agent authors a commit",
    commit: commit({ author: { name: "Cursor Agent", email: "cursoragent@cursor.com" } }),
    expected: { contributor: "ai", tool: "cursor", source: "bot-author", confidence: 0.95 },
  },
  {
    name: "Cursor co-author trailer",
    commit: commit({ trailers: ["Co-authored-by: Cursor <cursoragent@cursor.com>"] }),
    expected: { contributor: "ai", tool: "cursor", humanOfRecord: "Ada Lovelace <ada@example.com>", source: "trailer" },
  },
  {
    name: "cursor[bot] author",
    commit: commit({
      author: { name: "cursor[bot]", email: "206951365+cursor[bot]@users.noreply.github.com" },
      committer: GITHUB_WEB,
    }),
    expected: { contributor: "ai", tool: "cursor", source: "bot-author" },
  },
  {
    name: "Cursor Made-with trailer",
    commit: commit({ trailers: ["Made-with: Cursor"] }),
    expected: { contributor: "ai", tool: "cursor", source: "trailer", quotes: "Made-with: Cursor", confidence: 0.8 },
  },
  {
    name: "Copilot coding agent author, GitHub committer, human co-author of record",
    commit: commit({
      author: { name: "Copilot", email: "198982749+Copilot@users.noreply.github.com" },
      committer: GITHUB_WEB,
      trailers: ["Co-authored-by: Ada Lovelace <ada@example.com>"],
    }),
    expected: { contributor: "ai", tool: "copilot", humanOfRecord: "Ada Lovelace <ada@example.com>", source: "bot-author", confidence: 0.95 },
  },
  {
    name: "copilot-swe-agent[bot] author",
    commit: commit({
      author: { name: "copilot-swe-agent[bot]", email: "198982749+Copilot@users.noreply.github.com" },
      committer: { name: "Grace Hopper", email: "grace@example.com" },
    }),
    expected: { contributor: "ai", tool: "copilot", humanOfRecord: "Grace Hopper <grace@example.com>" },
  },
  {
    name: "Copilot CLI co-author trailer",
    commit: commit({ trailers: ["Co-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>"] }),
    expected: { contributor: "ai", tool: "copilot", source: "trailer", confidence: 0.9 },
  },
  {
    name: "Codex cloud connector author",
    commit: commit({
      author: { name: "chatgpt-codex-connector[bot]", email: "199175422+chatgpt-codex-connector[bot]@users.noreply.github.com" },
      committer: ADA,
    }),
    expected: { contributor: "ai", tool: "codex", humanOfRecord: "Ada Lovelace <ada@example.com>", source: "bot-author" },
  },
  {
    name: "Codex CLI co-author trailer",
    commit: commit({ trailers: ["Co-authored-by: Codex <noreply@openai.com>"] }),
    expected: { contributor: "ai", tool: "codex", source: "trailer" },
  },
  {
    name: "Codex co-author trailer naming its model",
    commit: commit({ trailers: ["Co-authored-by: Codex (gpt-5-codex) <codex@openai.com>"] }),
    expected: { contributor: "ai", tool: "codex", model: "openai/gpt-5-codex" },
  },
  {
    name: "Devin author, human committer",
    commit: commit({
      author: { name: "Devin AI", email: "158243242+devin-ai-integration[bot]@users.noreply.github.com" },
      committer: ADA,
    }),
    expected: { contributor: "ai", tool: "devin", humanOfRecord: "Ada Lovelace <ada@example.com>", source: "bot-author" },
  },
  {
    name: "Jules author",
    commit: commit({
      author: { name: "google-labs-jules[bot]", email: "161369871+google-labs-jules[bot]@users.noreply.github.com" },
    }),
    expected: { contributor: "ai", tool: "jules", source: "bot-author" },
  },
  {
    name: "Amazon Q Developer author",
    commit: commit({
      author: { name: "amazon-q-developer[bot]", email: "208079219+amazon-q-developer[bot]@users.noreply.github.com" },
    }),
    expected: { contributor: "ai", tool: "amazon-q", source: "bot-author" },
  },
  {
    name: "Gemini Code Assist suggestion accepted as co-author",
    commit: commit({
      trailers: ["Co-authored-by: gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>"],
    }),
    expected: { contributor: "ai", tool: "gemini", humanOfRecord: "Ada Lovelace <ada@example.com>", source: "trailer" },
  },
  {
    name: "Gemini CLI co-author trailer with model",
    commit: commit({ trailers: ["Co-authored-by: gemini-cli (gemini-2.5-pro) <218195315+gemini-cli@users.noreply.github.com>"] }),
    expected: { contributor: "ai", tool: "gemini", model: "google/gemini-2.5-pro" },
  },
  {
    name: "Windsurf bot author",
    commit: commit({ author: { name: "windsurf-bot[bot]", email: "189301087+windsurf-bot[bot]@users.noreply.github.com" } }),
    expected: { contributor: "ai", tool: "windsurf", source: "bot-author" },
  },
  {
    name: "Replit Agent identity with its own trailers",
    commit: commit({
      author: { name: "Replit Agent", email: "agent@replit.com" },
      committer: ADA,
      trailers: [
        "Replit-Commit-Author: Agent",
        "Replit-Commit-Session-Id: 5e5ec4ea-3b62-4fbd-8ff5-a1174ccc19b4",
        "Replit-Commit-Checkpoint-Type: full_checkpoint",
      ],
    }),
    expected: {
      contributor: "ai",
      tool: "other",
      sessionId: "5e5ec4ea-3b62-4fbd-8ff5-a1174ccc19b4",
      humanOfRecord: "Ada Lovelace <ada@example.com>",
      quotes: "Replit-Commit-Author: Agent (Replit Agent)",
      confidence: 0.9,
    },
  },
  {
    name: "Entire checkpoint naming its agent",
    commit: commit({
      trailers: ["Entire-Checkpoint: a3b2c4d5e6f7", "Entire-Agent: Claude Code"],
    }),
    expected: {
      contributor: "ai",
      tool: "claude-code",
      humanOfRecord: "Ada Lovelace <ada@example.com>",
      quotes: "Entire-Checkpoint: a3b2c4d5e6f7; Entire-Agent: Claude Code",
      confidence: 0.8,
    },
  },
  {
    name: "Linux kernel Assisted-by with agent, model and tools",
    commit: commit({
      trailers: ["Assisted-by: Claude:claude-3-opus coccinelle sparse", "Signed-off-by: Ada Lovelace <ada@example.com>"],
    }),
    expected: {
      contributor: "mixed",
      tool: "claude-code",
      model: "anthropic/claude-3-opus",
      humanOfRecord: "Ada Lovelace <ada@example.com>",
      quotes: "Assisted-by: Claude:claude-3-opus coccinelle sparse",
    },
  },
  {
    name: "Assisted-by with an agent outside the tool list",
    commit: commit({ trailers: ["Assisted-by: Kiro:claude-sonnet-4"] }),
    expected: { contributor: "mixed", tool: "other", model: "anthropic/claude-sonnet-4", quotes: "Assisted-by: Kiro:claude-sonnet-4 (Kiro)" },
  },
];

const NEGATIVE: Case[] = [
  { name: "plain human commit", commit: commit({}), expected: { contributor: "unknown" } },
  {
    name: "subject mentions Copilot",
    commit: commit({ subject: "fix Copilot config for the docs site" }),
    expected: { contributor: "unknown" },
  },
  {
    name: "subject and body mention Claude",
    commit: commit({ subject: "revert Claude's change", body: "Claude Code broke the parser; this restores it." }),
    expected: { contributor: "unknown" },
  },
  {
    name: "trailer-like line inside the body that git did not parse as a trailer",
    commit: commit({
      body: "We stopped adding\nCo-Authored-By: Claude <noreply@anthropic.com>\nto our commits last week.",
    }),
    expected: { contributor: "unknown" },
  },
  {
    name: "Signed-off-by from a human",
    commit: commit({ trailers: ["Signed-off-by: Ada Lovelace <ada@example.com>"] }),
    expected: { contributor: "unknown" },
  },
  {
    name: "Co-authored-by a human named Claude",
    commit: commit({ trailers: ["Co-authored-by: Claude Monet <claude@example.com>"] }),
    expected: { contributor: "unknown" },
  },
  {
    name: "look-alike Anthropic domain",
    commit: commit({ trailers: ["Co-Authored-By: Claude <noreply@anthropic.com.evil.io>"] }),
    expected: { contributor: "unknown" },
  },
  {
    name: "look-alike Cursor address as author",
    commit: commit({ author: { name: "Cursor Agent", email: "cursoragent@cursor.com.attacker.dev" } }),
    expected: { contributor: "unknown" },
  },
  {
    name: "a person called Devin",
    commit: commit({ author: { name: "Devin Smith", email: "devin@example.com" } }),
    expected: { contributor: "unknown" },
  },
  {
    name: "a non-AI bot author",
    commit: commit({ author: { name: "dependabot[bot]", email: "49699333+dependabot[bot]@users.noreply.github.com" } }),
    expected: { contributor: "unknown" },
  },
  {
    name: "OpenAI no-reply address under a name that is not Codex",
    commit: commit({ trailers: ["Co-authored-by: Sam Example <noreply@openai.com>"] }),
    expected: { contributor: "unknown" },
  },
  {
    name: "Assisted-by naming a person without the agent:model form",
    commit: commit({ trailers: ["Assisted-by: Bob Smith"] }),
    expected: { contributor: "unknown" },
  },
  {
    name: "Replit deployment commit",
    commit: commit({ trailers: ["Replit-Commit-Author: Deployment"] }),
    expected: { contributor: "unknown" },
  },
  {
    name: "Entire-Checkpoint with a malformed id",
    commit: commit({ trailers: ["Entire-Checkpoint: see the wiki"] }),
    expected: { contributor: "unknown" },
  },
];

function check(actual: Attribution, expected: Expected): void {
  assert.equal(actual.contributor, expected.contributor);
  assert.equal(actual.tool, expected.tool);
  if (expected.model !== undefined) assert.equal(actual.model, expected.model);
  assert.equal(actual.sessionId, expected.sessionId);
  if (expected.humanOfRecord !== undefined) assert.equal(actual.humanOfRecord, expected.humanOfRecord);
  if (expected.source !== undefined) assert.equal(actual.evidence[0]?.source, expected.source);
  if (expected.quotes !== undefined) {
    const details = actual.evidence.map((e) => e.detail);
    assert.ok(details.includes(expected.quotes), `evidence ${JSON.stringify(details)} lacks ${expected.quotes}`);
  }
  if (expected.confidence !== undefined) assert.equal(actual.confidence, expected.confidence);
  if (expected.contributor === "unknown") {
    assert.deepEqual(actual.evidence, []);
    assert.equal(actual.confidence, 0);
    assert.equal(actual.humanOfRecord, undefined);
    return;
  }
  assert.ok(actual.evidence.length > 0, "an attribution other than unknown cites evidence");
  assert.ok(actual.confidence > 0 && actual.confidence <= 1);
}

void describe("attributeCommit recognises AI tools from structured evidence", () => {
  for (const c of POSITIVE) void test(c.name, () => { check(attributeCommit(c.commit), c.expected); });

  void test("every tool in the domain model has a positive case", () => {
    const covered = new Set(POSITIVE.map((c) => c.expected.tool));
    assert.deepEqual(TOOLS.filter((tool) => !covered.has(tool)), []);
  });
});

void describe("attributeCommit does not call human commits AI", () => {
  for (const c of NEGATIVE) void test(c.name, () => { check(attributeCommit(c.commit), c.expected); });
});

void describe("attributeCommit weighs several signals", () => {
  void test("aider committing the user's own edits marks only the committer, and the lines are the user's", () => {
    const a = attributeCommit(commit({ committer: { name: "Ada Lovelace (aider)", email: "ada@example.com" } }));
    assert.equal(a.contributor, "human");
    assert.equal(a.tool, undefined);
    assert.equal(a.humanOfRecord, "Ada Lovelace <ada@example.com>");
    assert.deepEqual(a.evidence, [{ source: "bot-author", detail: "committer: Ada Lovelace (aider) <ada@example.com>" }]);
  });

  void test("AI authorship outranks a more hedged Assisted-by and every piece of evidence is kept", () => {
    const a = attributeCommit(
      commit({
        trailers: ["Assisted-by: Claude:claude-3-opus", "Co-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>"],
      }),
    );
    assert.equal(a.contributor, "ai");
    assert.equal(a.model, "anthropic/claude-opus-4-5");
    assert.deepEqual(
      a.evidence.map((e) => e.detail).sort(),
      ["Assisted-by: Claude:claude-3-opus", "Co-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>"],
    );
  });

  void test("the bot author identity wins over a co-author trailer of another tool", () => {
    const a = attributeCommit(
      commit({
        author: { name: "Devin AI", email: "158243242+devin-ai-integration[bot]@users.noreply.github.com" },
        committer: GITHUB_WEB,
        trailers: ["Co-authored-by: Cursor <cursoragent@cursor.com>"],
      }),
    );
    assert.equal(a.tool, "devin");
    assert.equal(a.confidence, 0.95);
    assert.equal(a.evidence.length, 2);
    assert.equal(a.humanOfRecord, undefined, "neither GitHub nor a bot is a human of record");
  });

  void test("an AI identity that only committed counts for less than one that authored", () => {
    const a = attributeCommit(
      commit({ committer: { name: "claude[bot]", email: "209825114+claude[bot]@users.noreply.github.com" } }),
    );
    assert.equal(a.contributor, "ai");
    assert.ok(a.confidence < 0.95);
    assert.equal(a.humanOfRecord, "Ada Lovelace <ada@example.com>");
  });

  void test("trailer keys match whatever their case", () => {
    const a = attributeCommit(commit({ trailers: ["CO-AUTHORED-BY: Claude <NoReply@Anthropic.com>"] }));
    assert.equal(a.tool, "claude-code");
  });
});

void test("attributeCommits keeps commit order and reports sha and subject", () => {
  const human = { ...commit({}), sha: "a".repeat(40), subject: "first" };
  const ai = { ...commit({ trailers: ["Co-Authored-By: Claude <noreply@anthropic.com>"] }), sha: "b".repeat(40), subject: "second" };
  const result = attributeCommits([human, ai]);
  assert.deepEqual(
    result.map((r) => [r.sha, r.subject, r.attribution.contributor]),
    [
      ["a".repeat(40), "first", "unknown"],
      ["b".repeat(40), "second", "ai"],
    ],
  );
});
