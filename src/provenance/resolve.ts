// Line resolution: for each line, every claim the evidence sources make about it in the commit that
// wrote it, weighed against the commit-level attribution (trailers, bot identities).
//
// The rule, in order:
// 1. A boundary line (older than the blamed range) is `unknown`: nothing here speaks for it.
// 2. A line-level claim is more specific than anything said about a whole commit, so when at least one
//    source claims the line as `ai`, `human` or `mixed`, the claims decide and the commit-level
//    attribution only fills in details (tool, model, human of record) and its evidence is kept.
// 3. Claims that agree give their contributor, with the highest confidence among them.
// 4. Claims that disagree: the most confident claim is compared with the most confident claim that
//    contradicts it. Within MIXED_MARGIN of each other neither can be preferred, and the line is
//    `mixed`; otherwise the stronger claim's contributor stands. Either way every claim's evidence is
//    listed and the confidence drops by half the contradicting claim's confidence.
// 5. With no claim, the commit-level attribution applies (`unknown` when the commit carries nothing).
// 6. Heuristic hints, when asked for, only ever replace an `unknown` that has no evidence at all.
import { CustodyError } from "../core/errors.js";
import type { Attribution, Commit, CommitAttribution, Evidence, EvidenceSource, LineAttribution } from "../core/types.js";
import type { CommitAdditions } from "../git/added-lines.js";
import { unknownAttribution } from "./attribution.js";
import type { RangeClaim } from "./claims.js";
import { heuristicAttribution } from "./heuristic.js";
import type { BlamedLine } from "./lines.js";
import type { ClaimSource } from "./sources/types.js";

/** A blamed line with where it sat in the commit that wrote it (what claims refer to). */
export interface OriginBlamedLine extends BlamedLine {
  origPath: string;
  origLine: number;
}

export interface ResolveOptions {
  /** Add heuristic hints to lines nothing else attributes; off by default. */
  heuristics?: boolean;
  /** Commit metadata for the heuristics (the message body); without it they read the subject only. */
  commits?: readonly Commit[];
}

/** Two contradicting claims closer than this in confidence make a line `mixed`. */
export const MIXED_MARGIN = 0.15;

/** Among equally confident claims, the source closest to the act of writing is listed first. */
const SOURCE_ORDER: readonly EvidenceSource[] = ["hook", "custody-note", "agent-trace", "git-ai-note", "trailer", "bot-author", "heuristic"];

const FETCH_CONCURRENCY = 8;

/** A claim and the source that made it. */
export interface SourcedClaim {
  source: EvidenceSource;
  claim: RangeClaim;
}

type ClaimsByPath = Map<string, SourcedClaim[]>;

interface ClaimCache {
  get(commit: string): Promise<ClaimsByPath>;
  prefetch(commits: Iterable<string>): Promise<void>;
}

type BulkClaims = Map<ClaimSource, Map<string, RangeClaim[]>>;

/**
 * Each commit's claims, fetched from every source once per resolution: in one call for the commits
 * given to `prefetch` from sources that can answer in bulk, one call per commit otherwise.
 */
function claimCache(repo: string, sources: readonly ClaimSource[]): ClaimCache {
  const fetched = new Map<string, Promise<ClaimsByPath>>();

  async function load(commit: string, bulk: BulkClaims): Promise<ClaimsByPath> {
    const byPath: ClaimsByPath = new Map();
    for (const source of sources) {
      const answered = bulk.get(source);
      const claims = answered === undefined ? await source.claimsFor(repo, commit) : (answered.get(commit) ?? []);
      for (const claim of claims) {
        // Line numbers only mean something in the commit they were claimed for.
        if (claim.commit !== commit) continue;
        const list = byPath.get(claim.path) ?? [];
        list.push({ source: source.name, claim });
        byPath.set(claim.path, list);
      }
    }
    return byPath;
  }

  function get(commit: string, bulk: BulkClaims = new Map()): Promise<ClaimsByPath> {
    let found = fetched.get(commit);
    if (found === undefined) {
      found = load(commit, bulk);
      fetched.set(commit, found);
    }
    return found;
  }

  async function prefetch(commits: Iterable<string>): Promise<void> {
    const queue = [...new Set(commits)].filter((commit) => !fetched.has(commit));
    if (queue.length === 0) return;
    const bulk: BulkClaims = new Map();
    for (const source of sources) {
      if (source.claimsForCommits !== undefined) bulk.set(source, await source.claimsForCommits(repo, queue));
    }
    const workers = Array.from({ length: Math.min(FETCH_CONCURRENCY, queue.length) }, async () => {
      for (let next = queue.pop(); next !== undefined; next = queue.pop()) await get(next, bulk);
    });
    await Promise.all(workers);
  }

  return { get: (commit) => get(commit), prefetch };
}

function covering(claims: SourcedClaim[] | undefined, line: number): SourcedClaim[] {
  return (claims ?? []).filter(({ claim }) => claim.lines.start <= line && line <= claim.lines.end);
}

function claimEvidence({ source, claim }: SourcedClaim): Evidence[] {
  if (claim.attribution.evidence.length > 0) return claim.attribution.evidence;
  const { start, end } = claim.lines;
  return [{ source, detail: `${claim.attribution.contributor} for ${claim.path}:${start === end ? start : `${start}-${end}`}` }];
}

function uniqueEvidence(lists: Evidence[][]): Evidence[] {
  const seen = new Set<string>();
  return lists.flat().filter((e) => {
    const key = `${e.source}\u0000${e.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function byStrength(a: SourcedClaim, b: SourcedClaim): number {
  const confidence = b.claim.attribution.confidence - a.claim.attribution.confidence;
  if (confidence !== 0) return confidence;
  return SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source);
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

function writesCode(a: Attribution): boolean {
  return a.contributor === "ai" || a.contributor === "mixed";
}

/** Weighs the claims covering one line against the commit-level attribution (rules 2–5 above). */
export function mergeAttribution(commitLevel: Attribution, claims: readonly SourcedClaim[]): Attribution {
  const decisive = claims.filter((c) => c.claim.attribution.contributor !== "unknown" && c.source !== "heuristic").sort(byStrength);
  const top = decisive[0];
  if (top === undefined) {
    if (claims.length === 0) return commitLevel;
    return { ...commitLevel, evidence: uniqueEvidence([...claims.map(claimEvidence), commitLevel.evidence]) };
  }
  const topAttribution = top.claim.attribution;
  const rival = decisive.find((c) => c.claim.attribution.contributor !== topAttribution.contributor);
  const rivalConfidence = rival?.claim.attribution.confidence ?? 0;
  const tied = rival !== undefined && round(topAttribution.confidence - rivalConfidence) <= MIXED_MARGIN;
  const contributor = tied ? "mixed" : topAttribution.contributor;

  // Details come from the claims that say code was machine-written, strongest first, then the commit.
  const detailSources = [...decisive.map((c) => c.claim.attribution), commitLevel].filter((a) =>
    contributor === "human" ? a.contributor === "human" : writesCode(a),
  );
  const pick = <K extends "tool" | "model" | "sessionId" | "promptRef">(key: K): Attribution[K] =>
    contributor === "human" ? undefined : detailSources.find((a) => a[key] !== undefined)?.[key];
  const tool = pick("tool");
  const model = pick("model");
  const sessionId = pick("sessionId");
  const promptRef = pick("promptRef");
  const humanOfRecord = [...decisive.map((c) => c.claim.attribution), commitLevel].find((a) => a.humanOfRecord !== undefined)?.humanOfRecord;
  return {
    contributor,
    ...(tool !== undefined && { tool }),
    ...(model !== undefined && { model }),
    ...(sessionId !== undefined && { sessionId }),
    ...(promptRef !== undefined && { promptRef }),
    ...(humanOfRecord !== undefined && { humanOfRecord }),
    evidence: uniqueEvidence([...claims.map(claimEvidence), commitLevel.evidence]),
    confidence: round(Math.max(0, topAttribution.confidence - rivalConfidence / 2)),
  };
}

function attributionKey(a: Attribution): string {
  return JSON.stringify(a);
}

function checkLine(line: OriginBlamedLine): void {
  if (line.path === "" || line.origPath === "" || line.commit.trim() === "") {
    throw new CustodyError("blame-invalid", `a blamed line (${line.path || "?"}:${line.line}) has no path or no commit`);
  }
  if (!Number.isInteger(line.line) || line.line < 1 || !Number.isInteger(line.origLine) || line.origLine < 1) {
    throw new CustodyError("blame-invalid", `${line.path}:${String(line.line)}: line numbers must be positive integers; blame lines are 1-based`);
  }
}

/** Appends a line's attribution, extending the previous range when it continues it unchanged. */
function appendRange(ranges: LineAttribution[], keys: string[], path: string, line: number, commit: string, attribution: Attribution): void {
  const key = attributionKey(attribution);
  const last = ranges.at(-1);
  if (last?.path === path && last.commit === commit && last.lines.end === line - 1 && keys.at(-1) === key) {
    last.lines.end = line;
    return;
  }
  ranges.push({ path, lines: { start: line, end: line }, commit, attribution });
  keys.push(key);
}

/**
 * Attributes each blamed line from the claims of every source and the commit-level attributions, and
 * returns ranges of consecutive lines with one commit and one attribution, sorted by path and line.
 */
export async function resolveLines(
  repo: string,
  blamed: readonly OriginBlamedLine[],
  commitAttributions: readonly CommitAttribution[],
  sources: readonly ClaimSource[],
  options: ResolveOptions = {},
): Promise<LineAttribution[]> {
  const lines = [...blamed].sort((a, b) => (a.path === b.path ? a.line - b.line : a.path < b.path ? -1 : 1));
  for (const line of lines) checkLine(line);
  const byCommit = new Map(commitAttributions.map((c) => [c.sha, c]));
  const messages = new Map((options.commits ?? []).map((c) => [c.sha, c]));
  const cache = claimCache(repo, sources);
  await cache.prefetch(lines.filter((l) => !l.boundary).map((l) => l.commit));

  const ranges: LineAttribution[] = [];
  const keys: string[] = [];
  let previous: OriginBlamedLine | undefined;
  for (const line of lines) {
    if (previous?.path === line.path && previous.line === line.line) {
      if (previous.commit !== line.commit) {
        throw new CustodyError("blame-invalid", `${line.path}:${line.line} is blamed on both ${previous.commit} and ${line.commit}; pass each line once`);
      }
      continue;
    }
    previous = line;
    let attribution = unknownAttribution();
    if (!line.boundary) {
      const claims = covering((await cache.get(line.commit)).get(line.origPath), line.origLine);
      attribution = mergeAttribution(byCommit.get(line.commit)?.attribution ?? unknownAttribution(), claims);
      if (options.heuristics === true && attribution.contributor === "unknown" && attribution.evidence.length === 0) {
        const commit = messages.get(line.commit);
        const subject = commit?.subject ?? byCommit.get(line.commit)?.subject ?? "";
        attribution = heuristicAttribution({ subject, ...(commit !== undefined && { body: commit.body }) }) ?? attribution;
      }
    }
    appendRange(ranges, keys, line.path, line.line, line.commit, attribution);
  }
  return ranges;
}

/** Splits `range` where claims begin or end, so every piece is covered by one set of claims. */
function segments(start: number, end: number, claims: readonly SourcedClaim[]): { start: number; end: number }[] {
  const cuts = new Set<number>([start]);
  for (const { claim } of claims) {
    if (claim.lines.start > start && claim.lines.start <= end) cuts.add(claim.lines.start);
    if (claim.lines.end >= start && claim.lines.end < end) cuts.add(claim.lines.end + 1);
  }
  const starts = [...cuts].sort((a, b) => a - b);
  return starts.map((s, i) => ({ start: s, end: (starts[i + 1] ?? end + 1) - 1 }));
}

/**
 * Attributes the lines each commit added (from `readAddedLines`), in log order. Line numbers are in the
 * adding commit's own version of each file, which is exactly what claims about that commit refer to.
 */
export async function resolveAddedLines(
  repo: string,
  additions: readonly CommitAdditions[],
  commitAttributions: readonly CommitAttribution[],
  sources: readonly ClaimSource[],
): Promise<LineAttribution[]> {
  const byCommit = new Map(commitAttributions.map((c) => [c.sha, c.attribution]));
  const cache = claimCache(repo, sources);
  if (sources.length > 0) await cache.prefetch(additions.filter((a) => a.files.length > 0).map((a) => a.commit.sha));
  const result: LineAttribution[] = [];
  for (const { commit, files } of additions) {
    const commitLevel = byCommit.get(commit.sha) ?? unknownAttribution();
    const claims = sources.length === 0 ? new Map<string, SourcedClaim[]>() : await cache.get(commit.sha);
    for (const file of files) {
      const fileClaims = claims.get(file.path) ?? [];
      for (const range of file.ranges) {
        for (const piece of segments(range.start, range.end, fileClaims)) {
          const attribution = mergeAttribution(commitLevel, covering(fileClaims, piece.start));
          result.push({ path: file.path, lines: piece, commit: commit.sha, attribution });
        }
      }
    }
  }
  return result;
}
