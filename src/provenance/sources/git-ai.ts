// git-ai authorship logs (Git AI Standard v3.0.0), attached as notes under `refs/notes/ai`: an
// attestation section (file paths, each followed by `  <hash> <line ranges>` entries), a `---` divider
// and JSON metadata describing what each hash stands for.
import { z } from "zod";
import { CustodyError } from "../../core/errors.js";
import type { Attribution, LineRange, Tool } from "../../core/types.js";
import { isFullSha, listNotes, readBlobsBatch, resolveCommit } from "../../git/index.js";
import { toolForAgentName } from "../agents.js";
import type { RangeClaim } from "../claims.js";
import type { ClaimSource } from "./types.js";
import { normalizeModel } from "../models.js";

export const GIT_AI_NOTES_REF = "refs/notes/ai";
export const GIT_AI_SCHEMA_VERSION = "authorship/3.0.0";
const DIVIDER = "---";
const CONFIDENCE = 0.9;

/** Prompt hashes are 16 hex digits; 7 is what earlier versions wrote and is still accepted. */
const PROMPT_HASH = /^(?:[0-9a-f]{16}|[0-9a-f]{7})$/;
/** Later git-ai versions key attestations by session (`s_…`, optionally `::t_…` for one trace) or human (`h_…`). */
const SESSION_HASH = /^(s_[0-9a-f]+)(?:::t_[0-9a-f]+)?$/;
const HUMAN_HASH = /^h_[0-9a-f]+$/;
const ENTRY = /^ {2}(\S+) (\S+)$/;
const RANGE_PART = /^([1-9]\d*)(?:-([1-9]\d*))?$/;

const agentIdSchema = z.looseObject({ tool: z.string().min(1), id: z.string(), model: z.string() });
const messageSchema = z.looseObject({ type: z.string().min(1) });
const count = z.number().int().min(0);

const promptSchema = z.looseObject({
  agent_id: agentIdSchema,
  human_author: z.string().optional(),
  messages: z.array(messageSchema),
  total_additions: count,
  total_deletions: count,
  accepted_lines: count,
  overriden_lines: count,
});

const sessionSchema = z.looseObject({
  agent_id: z.looseObject({ tool: z.string().min(1), id: z.string().optional(), model: z.string().optional() }),
  human_author: z.string().optional(),
});

const metadataSchema = z.looseObject({
  schema_version: z.string(),
  git_ai_version: z.string().optional(),
  base_commit_sha: z.string().min(1),
  prompts: z.record(z.string(), promptSchema),
  sessions: z.record(z.string(), sessionSchema).optional(),
  humans: z.record(z.string(), z.looseObject({ author: z.string() })).optional(),
});

export type GitAiPrompt = z.infer<typeof promptSchema>;
export type GitAiSession = z.infer<typeof sessionSchema>;
export type GitAiMetadata = z.infer<typeof metadataSchema>;

export interface GitAiAttestation {
  /** Key of a record in `metadata.prompts`, `metadata.sessions` (`s_…`) or `metadata.humans` (`h_…`). */
  hash: string;
  /** Sorted, non-overlapping, 1-based inclusive ranges. */
  lines: LineRange[];
}

export interface GitAiFile {
  path: string;
  attestations: GitAiAttestation[];
}

export interface GitAiLog {
  files: GitAiFile[];
  metadata: GitAiMetadata;
}

function invalid(where: string, message: string): CustodyError {
  return new CustodyError("note-invalid", `${where}: ${message}`);
}

/** Parses `1-4,9,12-20`; ranges must ascend without overlapping. */
export function parseLineRanges(text: string, where: string): LineRange[] {
  const ranges: LineRange[] = [];
  for (const part of text.split(",")) {
    const match = RANGE_PART.exec(part);
    if (match === null) throw invalid(where, `'${part}' is not a line number or a range such as 3-7`);
    const start = Number(match[1]);
    const end = match[2] === undefined ? start : Number(match[2]);
    if (end < start) throw invalid(where, `range ${part} ends before it starts`);
    const previous = ranges.at(-1);
    if (previous !== undefined && start <= previous.end) {
      throw invalid(where, `range ${part} does not come after ${previous.start}-${previous.end}; sort ranges ascending`);
    }
    ranges.push({ start, end });
  }
  return ranges;
}

export function formatLineRanges(ranges: LineRange[]): string {
  return ranges.map((r) => (r.start === r.end ? String(r.start) : `${r.start}-${r.end}`)).join(",");
}

function parsePathLine(line: string, where: string): string {
  if (line.startsWith('"')) {
    if (line.length < 3 || !line.endsWith('"')) throw invalid(where, `quoted path ${line} has no closing quote`);
    return line.slice(1, -1);
  }
  if (/\s/.test(line)) throw invalid(where, `path '${line}' contains whitespace and must be wrapped in double quotes`);
  return line;
}

function parseMetadata(text: string, where: string): GitAiMetadata {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid(where, `the metadata after '${DIVIDER}' is not JSON`);
  }
  const parsed = metadataSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(where, `metadata ${issue ? `${issue.path.join(".")}: ${issue.message}` : "is invalid"}`);
  }
  if (parsed.data.schema_version !== GIT_AI_SCHEMA_VERSION) {
    throw invalid(where, `schema_version '${parsed.data.schema_version}' is not supported; expected ${GIT_AI_SCHEMA_VERSION}`);
  }
  return parsed.data;
}

function hasRecord(metadata: GitAiMetadata, hash: string): boolean {
  if (PROMPT_HASH.test(hash)) return Object.hasOwn(metadata.prompts, hash);
  const session = SESSION_HASH.exec(hash)?.[1];
  if (session !== undefined) return metadata.sessions !== undefined && Object.hasOwn(metadata.sessions, session);
  return HUMAN_HASH.test(hash) && metadata.humans !== undefined && Object.hasOwn(metadata.humans, hash);
}

/**
 * Parses an authorship log. Strict: every structural rule of the standard is checked, and an error
 * names the line at fault (1-based, counted from the start of the note).
 */
export function parseGitAiLog(text: string, where = "git-ai authorship log"): GitAiLog {
  const lines = text.split("\n").map((line) => line.replace(/\r$/, ""));
  const divider = lines.indexOf(DIVIDER);
  if (divider === -1) throw invalid(where, `no '${DIVIDER}' line divides the attestations from the metadata`);
  const metadata = parseMetadata(lines.slice(divider + 1).join("\n"), `${where} line ${divider + 2}`);

  const files: GitAiFile[] = [];
  const seen = new Set<string>();
  for (const [index, line] of lines.slice(0, divider).entries()) {
    const at = `${where} line ${index + 1}`;
    if (line.trim() === "") throw invalid(at, "blank line inside the attestation section");
    if (!/^\s/.test(line)) {
      const path = parsePathLine(line, at);
      if (seen.has(path)) throw invalid(at, `${path} is listed twice; list each file once`);
      seen.add(path);
      files.push({ path, attestations: [] });
      continue;
    }
    const entry = ENTRY.exec(line);
    if (entry === null) throw invalid(at, "an attestation is two spaces, a hash, one space and line ranges");
    const [, hash = "", ranges = ""] = entry;
    const file = files.at(-1);
    if (file === undefined) throw invalid(at, "attestation before any file path");
    if (!PROMPT_HASH.test(hash) && !SESSION_HASH.test(hash) && !HUMAN_HASH.test(hash)) {
      throw invalid(at, `'${hash}' is not a prompt hash (16 hex digits), session key (s_…) or human key (h_…)`);
    }
    if (!hasRecord(metadata, hash)) throw invalid(at, `hash ${hash} has no record in the metadata`);
    file.attestations.push({ hash, lines: parseLineRanges(ranges, at) });
  }
  const empty = files.find((f) => f.attestations.length === 0);
  if (empty !== undefined) throw invalid(where, `${empty.path} has no attestations; leave files without AI lines out`);
  return { files, metadata };
}

function formatPath(path: string): string {
  if (path === "" || /["\n\r]/.test(path) || path !== path.trimStart()) {
    throw new CustodyError("note-invalid", `path ${JSON.stringify(path)} cannot be written to a git-ai authorship log`);
  }
  return /\s/.test(path) ? `"${path}"` : path;
}

/** Known metadata fields first, in the standard's order; anything else a reader kept follows. */
function orderedMetadata(metadata: GitAiMetadata): Record<string, unknown> {
  const { schema_version, git_ai_version, base_commit_sha, prompts, ...rest } = metadata;
  return {
    schema_version,
    ...(git_ai_version !== undefined && { git_ai_version }),
    base_commit_sha,
    prompts: Object.fromEntries(Object.entries(prompts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    ...rest,
  };
}

/** Writes the standard's layout: attestations, `---`, metadata as two-space-indented JSON. */
export function formatGitAiLog(log: GitAiLog): string {
  const out: string[] = [];
  for (const file of log.files) {
    if (file.attestations.length === 0) continue;
    out.push(formatPath(file.path));
    for (const attestation of file.attestations) {
      if (!hasRecord(log.metadata, attestation.hash)) {
        throw new CustodyError("note-invalid", `${file.path}: hash ${attestation.hash} has no record in the metadata`);
      }
      const ranges = formatLineRanges(attestation.lines);
      parseLineRanges(ranges, file.path);
      out.push(`  ${attestation.hash} ${ranges}`);
    }
  }
  out.push(DIVIDER, JSON.stringify(orderedMetadata(log.metadata), null, 2));
  return `${out.join("\n")}\n`;
}

function aiAttribution(record: GitAiPrompt | GitAiSession, hash: string, commit: string): Attribution {
  const tool: Tool = toolForAgentName(record.agent_id.tool) ?? "other";
  const model = record.agent_id.model === undefined ? undefined : normalizeModel(record.agent_id.model);
  const sessionId = record.agent_id.id;
  const human = record.human_author?.trim();
  return {
    contributor: "ai",
    tool,
    ...(model !== undefined && { model }),
    ...(sessionId !== undefined && sessionId !== "" && { sessionId }),
    ...(human !== undefined && human !== "" && { humanOfRecord: human }),
    evidence: [{ source: "git-ai-note", detail: `${GIT_AI_NOTES_REF} on ${commit}: ${hash} (${record.agent_id.tool})` }],
    confidence: CONFIDENCE,
  };
}

function attributionFor(log: GitAiLog, hash: string, commit: string): Attribution | undefined {
  const prompt = PROMPT_HASH.test(hash) ? log.metadata.prompts[hash] : undefined;
  if (prompt !== undefined) return aiAttribution(prompt, hash, commit);
  const sessionKey = SESSION_HASH.exec(hash)?.[1];
  const session = sessionKey === undefined ? undefined : log.metadata.sessions?.[sessionKey];
  if (session !== undefined) return aiAttribution(session, hash, commit);
  const human = HUMAN_HASH.test(hash) ? log.metadata.humans?.[hash] : undefined;
  if (human === undefined) return undefined;
  return {
    contributor: "human",
    ...(human.author.trim() !== "" && { humanOfRecord: human.author.trim() }),
    evidence: [{ source: "git-ai-note", detail: `${GIT_AI_NOTES_REF} on ${commit}: ${hash} (human)` }],
    confidence: CONFIDENCE,
  };
}

/** One claim per attested range, sorted by path then line; line numbers refer to `commit`. */
export function gitAiClaims(log: GitAiLog, commit: string): RangeClaim[] {
  const claims: RangeClaim[] = [];
  for (const file of log.files) {
    for (const attestation of file.attestations) {
      const attribution = attributionFor(log, attestation.hash, commit);
      if (attribution === undefined) continue;
      for (const lines of attestation.lines) {
        claims.push({ commit, path: file.path, lines: { ...lines }, attribution: structuredClone(attribution) });
      }
    }
  }
  return claims.sort((a, b) => (a.path !== b.path ? (a.path < b.path ? -1 : 1) : a.lines.start - b.lines.start));
}

/** A git-ai log is a few kilobytes; one far larger is not worth holding in memory. */
const MAX_LOG_BYTES = 16 * 1024 * 1024;

/**
 * Claims from the git-ai notes on `commits`, keyed by the name given (commits without a note are left
 * out): the notes ref is listed once and every note read in one batch.
 */
export async function gitAiClaimsForCommits(repo: string, commits: readonly string[]): Promise<Map<string, RangeClaim[]>> {
  const listing = await listNotes(repo, GIT_AI_NOTES_REF);
  const blobOf = new Map<string, string>();
  for (const commit of new Set(commits)) {
    const blob = listing.get(isFullSha(commit) ? commit : await resolveCommit(repo, commit));
    if (blob !== undefined) blobOf.set(commit, blob);
  }
  const { blobs, oversized } = await readBlobsBatch(repo, [...blobOf.values()], MAX_LOG_BYTES);
  const claims = new Map<string, RangeClaim[]>();
  for (const [commit, blob] of blobOf) {
    if (oversized.includes(blob)) {
      throw new CustodyError("input-too-large", `the git-ai note on ${commit} is over ${MAX_LOG_BYTES} bytes; remove it with \`git notes --ref ${GIT_AI_NOTES_REF} remove ${commit}\``);
    }
    const text = blobs.get(blob)?.toString("utf8") ?? "";
    if (text === "") continue;
    const found = gitAiClaims(parseGitAiLog(text, `${GIT_AI_NOTES_REF} on ${commit}`), commit);
    if (found.length > 0) claims.set(commit, found);
  }
  return claims;
}

export const gitAiClaimSource: ClaimSource = {
  name: "git-ai-note",
  /** Claims from the git-ai note on `commit`; none when the commit has no note. */
  async claimsFor(repo: string, commit: string): Promise<RangeClaim[]> {
    return (await gitAiClaimsForCommits(repo, [commit])).get(commit) ?? [];
  },
  claimsForCommits: gitAiClaimsForCommits,
};
