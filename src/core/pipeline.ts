// The two pipelines the CLI and the server run: `scan` (files or a diff through the analyzers) and `gate`
// (a change through collect → attribute → analyze → decide). Both return data; recording and
// reporting are the caller's next steps.
import { join } from "node:path";
import type { FileTask } from "../analyzers/run.js";
import {
  blame,
  collectChange,
  findRepoRoot,
  readBlob,
  readBlobsBatch,
  type BlameLine,
  type ChangeLimits,
} from "../git/index.js";
import { decide, defaultPolicy, parsePolicy, type Policy } from "../policy/index.js";
import { attributeCommits, CLAIM_SOURCES, resolveLines, summarize, type AttributionStats, type OriginBlamedLine } from "../provenance/index.js";
import { decodeText, DEFAULT_FILE_LIMITS, walkFiles, type FileLimits, type SkippedFile, type SkipReason } from "./files.js";
import { mapLimit } from "./concurrency.js";
import { POLICY_PATH } from "./paths.js";
import { aiLineLookup, finalizeFindings } from "./findings.js";
import { scanTasks, type ScanOptions } from "./scan.js";
import type { AnalyzerId, Change, ChangedFile, CommitAttribution, Decision, Finding, LineAttribution } from "./types.js";
import { ANALYZER_IDS } from "./types.js";

export { POLICY_PATH } from "./paths.js";

const GIT_CONCURRENCY = 6;

export interface ScanSummary {
  findings: Finding[];
  scannedFiles: number;
  scannedBytes: number;
  skipped: SkippedFile[];
  /** Analyzer errors on individual files; the scan went on without them. */
  failures: { path: string; analyzer: AnalyzerId; message: string }[];
}

export interface CommonOptions {
  analyzers?: AnalyzerId[];
  threads?: number;
  limits?: FileLimits;
  onProgress?: ScanOptions["onProgress"];
}

function scanOptions(options: CommonOptions): ScanOptions {
  const result: ScanOptions = { analyzers: options.analyzers ?? [...ANALYZER_IDS] };
  if (options.threads !== undefined) result.threads = options.threads;
  if (options.limits) result.limits = options.limits;
  if (options.onProgress) result.onProgress = options.onProgress;
  return result;
}

/** Scans files on disk under `root` (whole files). */
export async function scanPaths(root: string, targets: string[], options: CommonOptions = {}): Promise<ScanSummary> {
  const limits = options.limits ?? DEFAULT_FILE_LIMITS;
  const walk = await walkFiles(root, targets, limits);
  const tasks: FileTask[] = walk.files.map((path) => ({ path, absPath: join(walk.root, path) }));
  const result = await scanTasks(tasks, scanOptions(options));
  return {
    findings: finalizeFindings(result.findings),
    scannedFiles: result.scannedFiles,
    scannedBytes: result.scannedBytes,
    skipped: [...walk.skipped, ...result.skipped],
    failures: result.failures,
  };
}

export interface ChangeScan extends ScanSummary {
  change: Change;
  commits: CommitAttribution[];
  lines: LineAttribution[];
  stats: AttributionStats;
}

/** Collects and attributes a change, then scans the lines it adds (with whole files for context). */
export async function scanChange(
  path: string,
  baseRef: string,
  headRef: string,
  options: CommonOptions & { changeLimits?: Partial<ChangeLimits> } = {},
): Promise<ChangeScan> {
  const repo = await findRepoRoot(path);
  const change = await collectChange(repo, baseRef, headRef, options.changeLimits);
  const commits = attributeCommits(change.commits);
  const limits = options.limits ?? DEFAULT_FILE_LIMITS;
  const tasks: FileTask[] = [];
  const skipped: SkippedFile[] = [];
  const blamed: OriginBlamedLine[] = [];
  const wanted = change.files.filter((f) => f.status !== "deleted" && !f.submodule && f.hunks.length > 0);
  // All head versions in one batch (names with line breaks cannot be batched and are read one by one);
  // then one blame per file, several at once to hide git's start-up time.
  const batchable = wanted.filter((f) => !f.binary && !/[\n\r]/.test(f.path));
  const batch = await readBlobsBatch(repo, batchable.map((f) => `${change.head}:${f.path}`), limits.maxFileBytes);
  const oversized = new Set(batch.oversized);
  type Loaded =
    | { kind: "skipped"; file: ChangedFile; reason: SkipReason }
    | { kind: "absent"; file: ChangedFile }
    | { kind: "text"; file: ChangedFile; text: string; blame: BlameLine[] };
  const loaded = await mapLimit(wanted, GIT_CONCURRENCY, async (file): Promise<Loaded> => {
    if (file.binary) return { kind: "skipped", file, reason: "binary" };
    const name = `${change.head}:${file.path}`;
    if (oversized.has(name)) return { kind: "skipped", file, reason: "too-large" };
    const blob = batch.blobs.get(name) ?? (batchable.includes(file) ? undefined : await readBlob(repo, change.head, file.path));
    if (!blob) return { kind: "absent", file };
    const text = decodeText(blob, limits);
    if (!text.ok) return { kind: "skipped", file, reason: text.reason };
    return { kind: "text", file, text: text.text, blame: await blame(repo, change.head, file.path, change.base) };
  });
  for (const item of loaded) {
    const { file } = item;
    if (item.kind === "skipped") skipped.push({ path: file.path, reason: item.reason });
    if (item.kind !== "text") continue;
    const addedLines = file.hunks.map((h) => h.added);
    tasks.push({ path: file.path, text: item.text, addedLines });
    const added = new Set(addedLines.flatMap((r) => Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i)));
    for (const line of item.blame) {
      if (added.has(line.line)) blamed.push({ path: file.path, ...line });
    }
  }
  // Line-level evidence (hooks recorded in Custody notes, git-ai notes, Agent Trace) refines what the
  // commits' trailers and authors say.
  const lines = await resolveLines(repo, blamed, commits, CLAIM_SOURCES, { commits: change.commits });
  const result = await scanTasks(tasks, scanOptions(options));
  return {
    change,
    commits,
    lines,
    stats: summarize(lines),
    findings: finalizeFindings(result.findings, aiLineLookup(lines)),
    scannedFiles: result.scannedFiles,
    scannedBytes: result.scannedBytes,
    skipped: [...skipped, ...result.skipped],
    failures: result.failures,
  };
}

export interface LoadedPolicy {
  policy: Policy;
  /** Where it came from, e.g. `a1b2c3d4e5f6:.custody/policy.yaml`, or `built-in defaults`. */
  source: string;
}

/** The policy in force for a change: the one at its base commit, so a change cannot loosen its own policy. */
export async function loadPolicyAt(repo: string, commit: string): Promise<LoadedPolicy> {
  const blob = await readBlob(repo, commit, POLICY_PATH);
  if (!blob) return { policy: defaultPolicy(), source: "built-in defaults" };
  const source = `${commit.slice(0, 12)}:${POLICY_PATH}`;
  return { policy: parsePolicy(blob.toString("utf8"), source), source };
}

export interface GateResult extends ChangeScan {
  decision: Decision;
  policySource: string;
}

export interface GateOptions extends CommonOptions {
  labels?: string[];
  /** A policy to use instead of the one at the base commit (`--policy FILE`). */
  policy?: LoadedPolicy;
  changeLimits?: Partial<ChangeLimits>;
}

export async function runGate(path: string, baseRef: string, headRef: string, options: GateOptions = {}): Promise<GateResult> {
  const scan = await scanChange(path, baseRef, headRef, options);
  const repo = await findRepoRoot(path);
  const loaded = options.policy ?? (await loadPolicyAt(repo, scan.change.base));
  const decision = decide(loaded.policy, {
    change: scan.change,
    commits: scan.commits,
    lines: scan.lines,
    findings: scan.findings,
    labels: options.labels ?? [],
  });
  return { ...scan, decision, policySource: loaded.source };
}
