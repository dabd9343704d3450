// Agent Trace records (the open specification, v0.1): files, the conversations that wrote them and
// their line ranges, each with a contributor type and model id, tied to a VCS revision.
// Reading is lenient because writers vary; writing is strict so what Custody emits validates.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { CustodyError } from "../../core/errors.js";
import { CONTRIBUTORS, type Attribution, type Contributor } from "../../core/types.js";
import { findRepoRoot, isFullSha, resolveCommit } from "../../git/index.js";
import { toolForAgentName } from "../agents.js";
import type { RangeClaim } from "../claims.js";
import type { ClaimSource } from "./types.js";
import { normalizeModel } from "../models.js";

/** The spec's version in the `major.minor` form its JSON schema requires. */
export const AGENT_TRACE_VERSION = "0.1";
/** Where the specification's reference implementation appends records, relative to the repository root. */
export const AGENT_TRACE_DIR = ".agent-trace";
/** `related` entries Custody writes to carry a session id, which the spec has no field for. */
export const SESSION_URN_PREFIX = "urn:custody:session:";
const DEFAULT_CONFIDENCE = 0.9;
const VCS_TYPES = ["git", "jj", "hg", "svn"] as const;

const contributorSchema = z.strictObject({
  type: z.enum(CONTRIBUTORS),
  model_id: z.string().min(1).max(250).optional(),
});

const rangeSchema = z
  .strictObject({
    start_line: z.number().int().min(1),
    end_line: z.number().int().min(1),
    content_hash: z.string().min(1).optional(),
    contributor: contributorSchema.optional(),
  })
  .refine((r) => r.end_line >= r.start_line, { message: "end_line is before start_line" });

const conversationSchema = z.strictObject({
  url: z.url().optional(),
  contributor: contributorSchema.optional(),
  ranges: z.array(rangeSchema),
  related: z.array(z.strictObject({ type: z.string().min(1), url: z.url() })).optional(),
});

export const agentTraceRecordSchema = z.strictObject({
  // The schema asks for `major.minor`; the specification's own examples write `0.1.0`.
  version: z.string().regex(/^\d+\.\d+(?:\.\d+)?$/, "a version such as 0.1"),
  id: z.uuid(),
  timestamp: z.iso.datetime(),
  vcs: z.strictObject({ type: z.enum(VCS_TYPES), revision: z.string().min(1) }).optional(),
  tool: z.strictObject({ name: z.string().min(1), version: z.string().min(1).optional() }).optional(),
  files: z.array(z.strictObject({ path: z.string().min(1), conversations: z.array(conversationSchema) })),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export type AgentTraceRecord = z.infer<typeof agentTraceRecordSchema>;
export type AgentTraceConversation = AgentTraceRecord["files"][number]["conversations"][number];
export type AgentTraceContributor = z.infer<typeof contributorSchema>;

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** The first of `keys` that holds a non-empty string (writers disagree on snake and camel case). */
function textField(object: JsonObject, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = object[key];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return undefined;
}

function lineField(object: JsonObject, where: string, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = object[key];
    if (value === undefined) continue;
    const line = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof line !== "number" || !Number.isInteger(line) || line < 1) {
      throw new CustodyError("trace-invalid", `${where}: ${key} must be a line number of 1 or more`);
    }
    return line;
  }
  return undefined;
}

function looseContributor(value: unknown): AgentTraceContributor | undefined {
  const object = asObject(value);
  const rawType = typeof value === "string" ? value : object === undefined ? undefined : textField(object, "type");
  if (rawType === undefined) return undefined;
  const lower = rawType.toLowerCase();
  const type = (CONTRIBUTORS as readonly string[]).includes(lower) ? (lower as Contributor) : "unknown";
  const model = object === undefined ? undefined : textField(object, "model_id", "modelId", "model");
  return { type, ...(model !== undefined && { model_id: model.slice(0, 250) }) };
}

function looseRange(value: unknown, where: string): AgentTraceConversation["ranges"][number] {
  const object = asObject(value);
  if (object === undefined) throw new CustodyError("trace-invalid", `${where}: a range must be an object`);
  const start = lineField(object, where, "start_line", "startLine", "start", "line");
  if (start === undefined) throw new CustodyError("trace-invalid", `${where}: the range has no start_line`);
  const end = lineField(object, where, "end_line", "endLine", "end") ?? start;
  if (end < start) throw new CustodyError("trace-invalid", `${where}: range ${start}-${end} ends before it starts`);
  const hash = textField(object, "content_hash", "contentHash");
  const contributor = looseContributor(object["contributor"]);
  return {
    start_line: start,
    end_line: end,
    ...(hash !== undefined && { content_hash: hash }),
    ...(contributor !== undefined && { contributor }),
  };
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function looseConversation(object: JsonObject, where: string): AgentTraceConversation {
  const url = textField(object, "url");
  const contributor = looseContributor(object["contributor"]);
  const related = list(object["related"]).flatMap((item) => {
    const entry = asObject(item);
    const type = entry === undefined ? undefined : textField(entry, "type");
    const link = entry === undefined ? undefined : textField(entry, "url");
    return type !== undefined && link !== undefined ? [{ type, url: link }] : [];
  });
  return {
    ...(url !== undefined && { url }),
    ...(contributor !== undefined && { contributor }),
    ranges: list(object["ranges"]).map((r, i) => looseRange(r, `${where}.ranges[${i}]`)),
    ...(related.length > 0 && { related }),
  };
}

function looseFile(value: unknown, where: string): AgentTraceRecord["files"][number] {
  const object = asObject(value);
  const path = object === undefined ? undefined : textField(object, "path", "file", "file_path", "filePath");
  if (object === undefined || path === undefined) throw new CustodyError("trace-invalid", `${where}: a file needs a path`);
  const conversations = Array.isArray(object["conversations"])
    ? object["conversations"].map((c, i) => looseConversation(asObject(c) ?? {}, `${where}.conversations[${i}]`))
    : // Ranges written straight onto the file: one conversation holding them.
      [looseConversation(object, where)];
  return { path, conversations };
}

function looseRecord(value: unknown, where: string): AgentTraceRecord {
  const root = asObject(value);
  if (root === undefined) throw new CustodyError("trace-invalid", `${where}: a trace record must be a JSON object`);
  const vcsObject = asObject(root["vcs"]);
  const revision = typeof root["vcs"] === "string" ? root["vcs"] : vcsObject && textField(vcsObject, "revision", "commit", "sha");
  const vcsType = (vcsObject === undefined ? undefined : textField(vcsObject, "type"))?.toLowerCase() ?? "git";
  const toolObject = asObject(root["tool"]);
  const toolName = typeof root["tool"] === "string" ? root["tool"] : toolObject && textField(toolObject, "name");
  const toolVersion = toolObject === undefined ? undefined : textField(toolObject, "version");
  const metadata = asObject(root["metadata"]);
  const type = VCS_TYPES.find((t) => t === vcsType);
  const vcs = revision !== undefined && type !== undefined ? { type, revision: revision.trim() } : undefined;
  return {
    version: textField(root, "version") ?? "",
    id: textField(root, "id") ?? "",
    timestamp: textField(root, "timestamp", "created_at", "createdAt") ?? "",
    ...(vcs !== undefined && { vcs }),
    ...(toolName !== undefined && toolName.trim() !== "" && {
      tool: { name: toolName.trim(), ...(toolVersion !== undefined && { version: toolVersion }) },
    }),
    files: list(root["files"]).map((f, i) => looseFile(f, `${where}: files[${i}]`)),
    ...(metadata !== undefined && { metadata }),
  };
}

/**
 * Reads one record, accepting what writers commonly do differently: missing optional fields, unknown
 * fields (dropped), camelCase names, a contributor given as a bare string, ranges directly on a file.
 * `version`, `id` and `timestamp` are empty strings when the input lacks them.
 */
export function parseAgentTrace(input: unknown, where = "Agent Trace record"): AgentTraceRecord {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch {
      throw new CustodyError("trace-invalid", `${where}: not JSON`);
    }
  }
  return looseRecord(value, where);
}

/** Records in a trace file: one JSON record, a JSON array of records, or JSON Lines (one per line). */
export function parseAgentTraceFile(text: string, where: string): AgentTraceRecord[] {
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  if (Array.isArray(whole)) return whole.map((item, i) => parseAgentTrace(item, `${where} record ${i + 1}`));
  if (whole !== undefined) return [parseAgentTrace(whole, where)];
  const records: AgentTraceRecord[] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    records.push(parseAgentTrace(line, `${where} line ${i + 1}`));
  }
  return records;
}

/** Strict: the record must satisfy the schema; the output uses exactly the schema's names, in its order. */
export function formatAgentTrace(record: AgentTraceRecord): string {
  const parsed = agentTraceRecordSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined ? "record" : issue.path.map(String).join(".") || "record";
    throw new CustodyError("trace-invalid", `Agent Trace ${field}: ${issue?.message ?? "invalid"}`);
  }
  return `${JSON.stringify(parsed.data, null, 2)}\n`;
}

/** The session a conversation belongs to: Custody's own session link, a related session, or the conversation URL. */
function sessionOf(conversation: AgentTraceConversation): string | undefined {
  const related = conversation.related ?? [];
  const own = related.find((r) => r.url.startsWith(SESSION_URN_PREFIX));
  if (own !== undefined) return decodeURIComponent(own.url.slice(SESSION_URN_PREFIX.length));
  return related.find((r) => r.type === "session")?.url ?? conversation.url;
}

function confidenceOf(record: AgentTraceRecord): number {
  const value = record.metadata?.["confidence"];
  return typeof value === "number" && value >= 0 && value <= 1 ? value : DEFAULT_CONFIDENCE;
}

function attribution(
  record: AgentTraceRecord,
  conversation: AgentTraceConversation,
  contributor: AgentTraceContributor,
): Attribution {
  const type: Contributor = contributor.type;
  const byAgent = type === "ai" || type === "mixed";
  const toolName = record.tool?.name;
  const tool = byAgent && toolName !== undefined ? (toolForAgentName(toolName) ?? "other") : undefined;
  const model = byAgent && contributor.model_id !== undefined ? normalizeModel(contributor.model_id) : undefined;
  const sessionId = byAgent ? sessionOf(conversation) : undefined;
  const detail = [`trace ${record.id || "without id"}`, conversation.url && `conversation ${conversation.url}`]
    .filter(Boolean)
    .join(", ");
  return {
    contributor: type,
    ...(tool !== undefined && { tool }),
    ...(model !== undefined && { model }),
    ...(sessionId !== undefined && { sessionId }),
    evidence: [{ source: "agent-trace", detail }],
    confidence: confidenceOf(record),
  };
}

/**
 * One claim per attributed range, sorted by path then line. Line numbers refer to `commit`, or to the
 * record's git revision when no commit is given; without either the record yields nothing. Ranges whose
 * contributor is `unknown` (or unstated) claim nothing and are left out.
 */
export function agentTraceClaims(record: AgentTraceRecord, commit?: string): RangeClaim[] {
  const target = commit ?? (record.vcs?.type === "git" ? record.vcs.revision : undefined);
  if (target === undefined) return [];
  const claims: RangeClaim[] = [];
  for (const file of record.files) {
    for (const conversation of file.conversations) {
      for (const range of conversation.ranges) {
        const contributor = range.contributor ?? conversation.contributor;
        if (contributor === undefined || contributor.type === "unknown") continue;
        claims.push({
          commit: target,
          path: file.path,
          lines: { start: range.start_line, end: range.end_line },
          attribution: attribution(record, conversation, contributor),
        });
      }
    }
  }
  return claims.sort(byPosition);
}

function byPosition(a: RangeClaim, b: RangeClaim): number {
  return a.path !== b.path ? (a.path < b.path ? -1 : 1) : a.lines.start - b.lines.start;
}

/** Shortest abbreviated revision a record may give (git's own shortest abbreviation). */
const MIN_ABBREV = 7;

/** The commits among `shas` that a record's revision names: the full id, or one it abbreviates. */
function commitsNamed(revision: string, shas: ReadonlySet<string>, byPrefix: ReadonlyMap<string, string[]>): string[] {
  const r = revision.toLowerCase();
  if (shas.has(r)) return [r];
  if (r.length < MIN_ABBREV || !/^[0-9a-f]+$/.test(r)) return [];
  return (byPrefix.get(r.slice(0, MIN_ABBREV)) ?? []).filter((sha) => sha.startsWith(r));
}

async function traceFiles(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((n) => n.endsWith(".json") || n.endsWith(".jsonl")).sort().map((n) => join(dir, n));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new CustodyError("file-unreadable", `cannot list Agent Trace files in ${dir}: ${(error as Error).message}`);
  }
}

export interface AgentTraceSourceOptions {
  /** Directories of trace files to read besides the repository's `.agent-trace/`. */
  dirs?: string[];
}

/**
 * The spec leaves storage open, so traces are read from `.agent-trace/` in the working tree (where the
 * reference implementation appends them) and from any directories the caller names; only records whose
 * git revision is the commit count.
 */
export function createAgentTraceClaimSource(options: AgentTraceSourceOptions = {}): ClaimSource {
  /** Every trace file is read and parsed once per call, however many commits are asked about. */
  async function claimsForCommits(repo: string, commits: readonly string[]): Promise<Map<string, RangeClaim[]>> {
    const names = new Map<string, string[]>();
    for (const commit of new Set(commits)) {
      const sha = isFullSha(commit) ? commit : await resolveCommit(repo, commit);
      names.set(sha, [...(names.get(sha) ?? []), commit]);
    }
    const claims = new Map<string, RangeClaim[]>();
    if (names.size === 0) return claims;
    const shas = new Set(names.keys());
    const byPrefix = new Map<string, string[]>();
    for (const sha of shas) byPrefix.set(sha.slice(0, MIN_ABBREV), [...(byPrefix.get(sha.slice(0, MIN_ABBREV)) ?? []), sha]);
    const dirs = [join(await findRepoRoot(repo), AGENT_TRACE_DIR), ...(options.dirs ?? [])];
    for (const dir of dirs) {
      for (const file of await traceFiles(dir)) {
        const text = await readFile(file, "utf8");
        for (const record of parseAgentTraceFile(text, file)) {
          if (record.vcs?.type !== "git") continue;
          for (const sha of commitsNamed(record.vcs.revision, shas, byPrefix)) {
            claims.set(sha, [...(claims.get(sha) ?? []), ...agentTraceClaims(record, sha)]);
          }
        }
      }
    }
    const result = new Map<string, RangeClaim[]>();
    for (const [sha, found] of claims) {
      if (found.length === 0) continue;
      for (const name of names.get(sha) ?? []) result.set(name, [...found].sort(byPosition));
    }
    return result;
  }

  return {
    name: "agent-trace",
    async claimsFor(repo: string, commit: string): Promise<RangeClaim[]> {
      return (await claimsForCommits(repo, [commit])).get(commit) ?? [];
    },
    claimsForCommits,
  };
}

export const agentTraceClaimSource: ClaimSource = createAgentTraceClaimSource();
