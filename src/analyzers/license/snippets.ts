// Matches added code against the snippet index. Fingerprints of the added lines are looked up; hits
// from one indexed file that lie close together in the added code form one match, reported when it
// covers enough of the added code to be more than a common idiom.
import { basename } from "node:path";
import type { LineRange } from "../../core/types.js";
import type { TaggedFinding } from "../run.js";
import { CATEGORY_WORDS, licenseCategory } from "./categories.js";
import type { IndexHit, LicenseIndex } from "./index-store.js";
import { SNIPPET_RULE } from "./rules.js";
import { licenseLeaves, normalizeLicense } from "./spdx.js";
import { allKgrams, K, W, type Fingerprint } from "./winnow.js";

/** A match must cover at least this many tokens of the added code… */
export const MIN_MATCHED_TOKENS = 64;
/** …and this many non-blank added lines: below that, shared code is an idiom, not a copy. */
export const MIN_MATCHED_LINES = 8;
/** Fingerprints found in more indexed files than this are boilerplate every project has. */
export const MAX_DOCUMENT_FREQUENCY = 20;
/** Hits further apart than this (in tokens of the added code) are separate matches. */
const MAX_GAP_TOKENS = 2 * (K + W);

export interface SnippetFile {
  path: string;
  text: string;
  addedLines?: LineRange[];
}

interface Pair {
  query: Fingerprint;
  hit: IndexHit;
}

interface Candidate {
  fileId: number;
  pairs: Pair[];
  coveredTokens: number;
  lines: Set<number>;
  queryStart: number;
  queryEnd: number;
}

function inOneRange(ranges: readonly LineRange[] | undefined, start: number, end: number): boolean {
  return ranges === undefined || ranges.some((r) => start >= r.start && end <= r.end);
}

/** Tokens covered by the union of the k-grams starting at these positions. */
function coveredTokens(starts: number[]): number {
  let total = 0;
  let reach = -1;
  for (const start of [...starts].sort((a, b) => a - b)) {
    const end = start + K;
    if (end > reach) {
      total += end - Math.max(start, reach);
      reach = end;
    }
  }
  return total;
}

/** Hits from one indexed file, split where the added code has a long stretch without any. */
function clusters(fileId: number, pairs: Pair[], blank: (line: number) => boolean): Candidate[] {
  const sorted = [...pairs].sort((a, b) => a.query.token - b.query.token);
  const groups: Pair[][] = [];
  for (const pair of sorted) {
    const current = groups[groups.length - 1];
    const previous = current?.[current.length - 1];
    if (current && previous && pair.query.token - previous.query.token <= MAX_GAP_TOKENS) current.push(pair);
    else groups.push([pair]);
  }
  return groups.map((group) => {
    const lines = new Set<number>();
    for (const { query } of group) for (let l = query.startLine; l <= query.endLine; l += 1) if (!blank(l)) lines.add(l);
    return {
      fileId,
      pairs: group,
      coveredTokens: coveredTokens(group.map((p) => p.query.token)),
      lines,
      queryStart: Math.min(...group.map((p) => p.query.startLine)),
      queryEnd: Math.max(...group.map((p) => p.query.endLine)),
    };
  });
}

function severityFor(license: string | null): { severity: "high" | "medium" | "low"; words: string } {
  if (license === null) return { severity: "low", words: "license unknown" };
  const normalized = normalizeLicense(license);
  if (!normalized.ok) return { severity: "low", words: license };
  const categories = licenseLeaves(normalized.tree).map((leaf) => licenseCategory(leaf.id));
  const worst = categories.find((c) => c !== undefined);
  return worst === undefined ? { severity: "medium", words: normalized.expression } : { severity: "high", words: `${normalized.expression}, ${CATEGORY_WORDS[worst]}` };
}

export interface SnippetMatcher {
  /** The index file, for messages. */
  readonly path: string;
  match(file: SnippetFile): TaggedFinding[];
}

export function createSnippetMatcher(index: LicenseIndex): SnippetMatcher {
  // A hash seen in many files of one run is looked up once.
  const lookups = new Map<number, IndexHit[]>();
  const lookup = (hash: number): IndexHit[] => {
    let hits = lookups.get(hash);
    if (!hits) {
      hits = index.lookup(hash);
      if (new Set(hits.map((h) => h.file_id)).size > MAX_DOCUMENT_FREQUENCY) hits = [];
      lookups.set(hash, hits);
    }
    return hits;
  };
  return {
    path: index.path,
    match(file) {
      const lines = file.text.split("\n");
      const blank = (line: number): boolean => (lines[line - 1] ?? "").trim() === "";
      const prints = allKgrams(file.text, file.path, { ignoreIdentifiers: index.settings.ignoreIdentifiers });
      const byFile = new Map<number, Pair[]>();
      for (const query of prints) {
        if (!inOneRange(file.addedLines, query.startLine, query.endLine)) continue;
        for (const hit of lookup(query.hash)) byFile.set(hit.file_id, [...(byFile.get(hit.file_id) ?? []), { query, hit }]);
      }
      const candidates = [...byFile]
        .flatMap(([fileId, pairs]) => clusters(fileId, pairs, blank))
        .filter((c) => c.coveredTokens >= MIN_MATCHED_TOKENS && c.lines.size >= MIN_MATCHED_LINES)
        .sort((a, b) => b.coveredTokens - a.coveredTokens || a.fileId - b.fileId);
      // The same added code may match several copies of a file in the corpus: the best match is reported.
      const kept: Candidate[] = [];
      for (const c of candidates) {
        if (!kept.some((k) => c.queryStart <= k.queryEnd && c.queryEnd >= k.queryStart)) kept.push(c);
      }
      return kept.map((c) => toFinding(file, c, index, blank));
    },
  };
}

/** Non-blank lines of the added snippet the match lies in: its hunks, or the whole file. */
function snippetLines(file: SnippetFile, c: Candidate, blank: (line: number) => boolean): number {
  const total = file.text.split("\n").length;
  const ranges = file.addedLines?.filter((r) => r.start <= c.queryEnd && r.end >= c.queryStart) ?? [{ start: 1, end: total }];
  let count = 0;
  for (const r of ranges) for (let l = r.start; l <= r.end; l += 1) if (!blank(l)) count += 1;
  return Math.max(count, c.lines.size);
}

function toFinding(file: SnippetFile, c: Candidate, index: LicenseIndex, blank: (line: number) => boolean): TaggedFinding {
  const source = index.fileById(c.fileId);
  const sourcePath = source ? `${basename(source.root)}/${source.path}` : `indexed file #${c.fileId}`;
  const sourceStart = Math.min(...c.pairs.map((p) => p.hit.start_line));
  const sourceEnd = Math.max(...c.pairs.map((p) => p.hit.end_line));
  const { severity, words } = severityFor(source?.license ?? null);
  const snippet = snippetLines(file, c, blank);
  const share = Math.round((100 * c.lines.size) / snippet);
  const from = source?.license_source === "file" ? "stated in the file" : source?.license_source.startsWith("license-file:") ? `from ${source.license_source.slice(13)}` : "given when indexed";
  const last = (file.text.split("\n")[c.queryEnd - 1] ?? "").replace(/\r$/, "");
  return {
    ruleId: SNIPPET_RULE.id,
    analyzer: "license",
    severity,
    cwe: [],
    message:
      `Lines ${c.queryStart}–${c.queryEnd} match lines ${sourceStart}–${sourceEnd} of ${sourcePath} (${words}${source?.license === null ? "" : `, ${from}`}): ` +
      `${c.lines.size} of ${snippet} lines of the added snippet (${share}%). Remove the copied code and write it yourself, or keep it under that license with legal's approval.`,
    location: { path: file.path, startLine: c.queryStart, startColumn: 1, endLine: c.queryEnd, endColumn: Array.from(last).length + 1 },
    evidence: `${sourcePath}:${sourceStart}-${sourceEnd} ${source?.license ?? "unknown license"} ${share}%`,
    fingerprintText: `${SNIPPET_RULE.id}\0${sourcePath}\0${sourceStart}-${sourceEnd}`,
  };
}
