// Line attribution written out in other tools' formats: Agent Trace records and git-ai authorship logs,
// for `custody provenance --format agent-trace|git-ai`.
import { createHash } from "node:crypto";
import type { LineAttribution, LineRange, Tool } from "../core/types.js";
import {
  AGENT_TRACE_VERSION,
  SESSION_URN_PREFIX,
  type AgentTraceConversation,
  type AgentTraceRecord,
} from "./sources/agent-trace.js";
import {
  GIT_AI_SCHEMA_VERSION,
  formatGitAiLog,
  type GitAiFile,
  type GitAiLog,
  type GitAiPrompt,
} from "./sources/git-ai.js";

export interface AgentTraceExportMeta {
  /** When the records are written: UTC ISO-8601 from the caller's clock. */
  timestamp: string;
}

export interface GitAiExportMeta {
  /** `base_commit_sha`: the commit the log was computed against (the commit's parent). */
  baseCommit: string;
  gitAiVersion?: string;
}

/** git-ai's names for the tools whose name differs from Custody's. */
const GIT_AI_TOOL_NAMES: Partial<Record<Tool, string>> = { "claude-code": "claude", copilot: "github-copilot" };

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A UUID (version 8: application-defined) derived from `seed`, so the same export yields the same ids. */
function uuidFrom(seed: string): string {
  const hex = sha256(seed).slice(0, 32).split("");
  hex[12] = "8";
  hex[16] = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts ranges and joins those that overlap or touch. */
function mergeRanges(ranges: LineRange[]): LineRange[] {
  const merged: LineRange[] = [];
  for (const range of [...ranges].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const last = merged.at(-1);
    if (last !== undefined && range.start <= last.end + 1) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** Appends `value` to the list under `key`, creating it on first use. */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function conversationFor(lines: LineAttribution[]): AgentTraceConversation {
  const { contributor, model, sessionId } = (lines[0] as LineAttribution).attribution;
  return {
    contributor: { type: contributor, ...(model !== undefined && { model_id: model }) },
    ranges: mergeRanges(lines.map((l) => l.lines)).map((r) => ({ start_line: r.start, end_line: r.end })),
    ...(sessionId !== undefined && {
      related: [{ type: "session", url: `${SESSION_URN_PREFIX}${encodeURIComponent(sessionId)}` }],
    }),
  };
}

/**
 * One Agent Trace record per tool (plus one without a tool for human, unknown and tool-less lines),
 * each holding every file's ranges grouped into conversations by contributor, model and session.
 * Unknown lines stay `unknown`. Line numbers refer to `commit`, recorded as the git revision.
 */
export function toAgentTrace(commit: string, lines: LineAttribution[], meta: AgentTraceExportMeta): AgentTraceRecord[] {
  const byTool = new Map<string, LineAttribution[]>();
  for (const line of lines) push(byTool, line.attribution.tool ?? "", line);

  return [...byTool.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([tool, toolLines]) => {
      const byFile = new Map<string, Map<string, LineAttribution[]>>();
      for (const line of toolLines) {
        const { contributor, model, sessionId } = line.attribution;
        const conversations = byFile.get(line.path) ?? new Map<string, LineAttribution[]>();
        byFile.set(line.path, conversations);
        push(conversations, JSON.stringify([contributor, model ?? "", sessionId ?? ""]), line);
      }
      const files = [...byFile.entries()]
        .sort(([a], [b]) => compare(a, b))
        .map(([path, conversations]) => ({
          path,
          conversations: [...conversations.entries()]
            .sort(([a], [b]) => compare(a, b))
            .map(([, group]) => conversationFor(group)),
        }));
      return {
        version: AGENT_TRACE_VERSION,
        id: uuidFrom(`${commit}\0${tool}`),
        timestamp: meta.timestamp,
        vcs: { type: "git" as const, revision: commit },
        ...(tool !== "" && { tool: { name: tool } }),
        files,
      };
    });
}

interface PromptGroup {
  tool: string;
  sessionId?: string;
  model?: string;
  human?: string;
  lines: number;
}

/**
 * Picks the key the standard prescribes, the first 16 hex digits of sha256 of `{tool}:{session id}`; a
 * range without a session, or a second model within one session, gets a key derived from everything
 * that sets it apart instead.
 */
function promptHash(group: PromptGroup, commit: string, taken: Map<string, string>, identity: string): string {
  const preferred = sha256(`${group.tool}:${group.sessionId ?? `custody:${commit}:${identity}`}`).slice(0, 16);
  const owner = taken.get(preferred);
  const hash = owner === undefined || owner === identity ? preferred : sha256(`${group.tool}:${identity}`).slice(0, 16);
  taken.set(hash, identity);
  return hash;
}

function promptRecord(group: PromptGroup): GitAiPrompt {
  return {
    agent_id: { tool: group.tool, id: group.sessionId ?? "", model: group.model ?? "" },
    ...(group.human !== undefined && { human_author: group.human }),
    // Prompts stay out of git: the log names the session, never its messages.
    messages: [],
    // Custody sees the committed result only, so every attested line counts as added and accepted.
    total_additions: group.lines,
    total_deletions: 0,
    accepted_lines: group.lines,
    overriden_lines: 0,
  };
}

/**
 * A git-ai authorship log for `commit`. Only `ai` and `mixed` lines are attested (the format has no
 * other kind); human and unknown lines are left out, so nothing unknown is presented as human.
 */
export function toGitAiLog(commit: string, lines: LineAttribution[], meta: GitAiExportMeta): string {
  const groups = new Map<string, PromptGroup>();
  const hashes = new Map<string, string>();
  const taken = new Map<string, string>();
  const byFile = new Map<string, Map<string, LineRange[]>>();

  const attested = lines.filter((l) => l.attribution.contributor === "ai" || l.attribution.contributor === "mixed");
  for (const line of [...attested].sort((a, b) => compare(a.path, b.path) || a.lines.start - b.lines.start)) {
    const { tool, sessionId, model, humanOfRecord } = line.attribution;
    const gitAiTool = tool === undefined ? "unknown" : (GIT_AI_TOOL_NAMES[tool] ?? tool);
    const identity = JSON.stringify([gitAiTool, sessionId ?? "", model ?? "", humanOfRecord ?? ""]);
    let group = groups.get(identity);
    if (group === undefined) {
      group = {
        tool: gitAiTool,
        lines: 0,
        ...(sessionId !== undefined && { sessionId }),
        ...(model !== undefined && { model }),
        ...(humanOfRecord !== undefined && { human: humanOfRecord }),
      };
      groups.set(identity, group);
      hashes.set(identity, promptHash(group, commit, taken, identity));
    }
    group.lines += line.lines.end - line.lines.start + 1;
    const ranges = byFile.get(line.path) ?? new Map<string, LineRange[]>();
    byFile.set(line.path, ranges);
    push(ranges, hashes.get(identity) ?? "", line.lines);
  }

  const files: GitAiFile[] = [...byFile.entries()].map(([path, ranges]) => ({
    path,
    attestations: [...ranges.entries()]
      .map(([hash, list]) => ({ hash, lines: mergeRanges(list) }))
      .sort((a, b) => (a.lines[0]?.start ?? 0) - (b.lines[0]?.start ?? 0)),
  }));
  const prompts: Record<string, GitAiPrompt> = {};
  for (const [identity, group] of groups) prompts[hashes.get(identity) ?? ""] = promptRecord(group);
  const log: GitAiLog = {
    files,
    metadata: {
      schema_version: GIT_AI_SCHEMA_VERSION,
      ...(meta.gitAiVersion !== undefined && { git_ai_version: meta.gitAiVersion }),
      base_commit_sha: meta.baseCommit,
      prompts,
    },
  };
  return formatGitAiLog(log);
}
