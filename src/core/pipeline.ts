// The two pipelines the CLI and the server run: `scan` (files or a diff through the analyzers) and `gate`
// (a change through collect → attribute → analyze → decide). Both return data; recording and
// reporting are the caller's next steps.
import { join } from "node:path";
import {
  analyzeDependencies,
  isDependencyFile,
  VULNERABLE_RULE,
  type DependencyFile,
  type DepsFactsOut,
  type DepsOptions,
  type DepsResult,
} from "../analyzers/deps/analyze.js";
import { collectExternal, type ExternalOptions, type ImportSummary } from "../analyzers/external/index.js";
import { dependencyLicenses, snippetMatches, type LicenseStageOptions, type LicenseSummary } from "../analyzers/license/stage.js";
import type { FileTask, TaggedFinding } from "../analyzers/run.js";
import {
  blame,
  collectChange,
  findRepoRoot,
  mergeBase,
  readBlob,
  readBlobsBatch,
  listAddedBlobs,
  type AddedBlob,
  type BlameLine,
  type ChangeLimits,
} from "../git/index.js";
import { decide, defaultPolicy, fetchPolicyText, loadPolicy, readPolicyFile, sourceLabel, type DepsFacts, type Policy } from "../policy/index.js";
import type { AllowEntry } from "../policy/schema.js";
import { attributeCommits, CLAIM_SOURCES, resolveLines, summarize, type AttributionStats, type OriginBlamedLine } from "../provenance/index.js";
import { compileAllowlist, type AllowedFinding } from "./allow.js";
import { applyBaseline, type Baseline } from "./baseline.js";
import { decodeText, DEFAULT_FILE_LIMITS, readTextFile, walkFiles, type FileLimits, type SkippedFile, type SkipReason } from "./files.js";
import { mapLimit } from "./concurrency.js";
import { POLICY_PATH } from "./paths.js";
import { aiLineLookup, finalizeFindings, type AiLineLookup } from "./findings.js";
import { scanTasks, type ScanOptions } from "./scan.js";
import { applySuppressions, type InvalidSuppression, type SuppressedFinding } from "./suppress.js";
import type { AnalyzerId, Change, ChangedFile, CommitAttribution, Decision, Finding, LineAttribution, LineRange } from "./types.js";
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
  /** Findings a `custody-ignore` comment accepts; left out of `findings`. */
  suppressed: SuppressedFinding[];
  /** `custody-ignore` comments that suppress nothing because they are malformed. */
  invalidSuppressions: InvalidSuppression[];
  /** Findings the baseline accepts; left out of `findings`. */
  baselined: Finding[];
  /** Findings a policy allowlist entry accepts, with its reason; left out of `findings`. */
  allowed: AllowedFinding[];
  /** SARIF logs imported (files and Semgrep runs) and what each contributed. */
  imported: ImportSummary[];
  /** The dependency stage's facts, when the deps analyzer ran. */
  deps?: DepsSummary;
  /** What the license analyzer judged beyond files: dependency licenses and snippet matches. */
  licenses?: LicenseSummary;
}

export interface DepsSummary extends Pick<DepsResult, "facts" | "notes"> {
  /** Dependencies checked: those a change adds, or every one a whole-tree scan finds. */
  checked: number;
  /** Whether advisories were looked up (an OSV database was available). */
  advisories: boolean;
  /** Whether names were checked against typosquat lists and registries. */
  assessed: boolean;
  /** Names the registries could not confirm or deny (offline, unreachable), with the first reason. */
  unverified: DepsResult["unverified"];
}

export interface CommonOptions {
  analyzers?: AnalyzerId[];
  threads?: number;
  limits?: FileLimits;
  onProgress?: ScanOptions["onProgress"];
  /** Other tools' findings: SARIF files, a local Semgrep run. */
  external?: ExternalOptions;
  baseline?: Baseline;
  /** Policy allowlist entries (`allow:`). */
  allow?: AllowEntry[];
  /** The advisory database and package assessor the dependency stage uses. */
  deps?: DepsOptions;
  /** The license policy and the snippet index the license analyzer uses. */
  licenses?: LicenseStageOptions;
}

function wantsDeps(options: CommonOptions): boolean {
  return (options.analyzers ?? ANALYZER_IDS).includes("deps");
}

function wantsLicense(options: CommonOptions): boolean {
  return (options.analyzers ?? ANALYZER_IDS).includes("license");
}

/** Manifests and lockfiles are read for the deps analyzer and for dependency licenses. */
function wantsDependencyFiles(options: CommonOptions): boolean {
  return wantsDeps(options) || wantsLicense(options);
}

/** Compares the scanned files with the snippet index, when the license analyzer runs with one. */
async function snippetStage(tasks: FileTask[], options: CommonOptions, raw: TaggedFinding[], failures: ScanSummary["failures"]): Promise<LicenseSummary["snippets"]> {
  const matcher = options.licenses?.snippets;
  if (!wantsLicense(options) || !matcher) return undefined;
  const result = await snippetMatches(tasks, matcher, options.limits ?? DEFAULT_FILE_LIMITS);
  raw.push(...result.findings);
  failures.push(...result.failures.map((f) => ({ ...f, analyzer: "license" as const })));
  return result.summary;
}

function licenseSummary(options: CommonOptions, parts: Omit<LicenseSummary, "policy">): { licenses?: LicenseSummary } {
  if (!wantsLicense(options)) return {};
  return { licenses: { policy: options.licenses?.policy ? "policy" : "default", ...parts } };
}

/** Runs the dependency stage; its findings join the analyzers', its parse failures their failures. */
async function dependencyStage(files: DependencyFile[], options: CommonOptions) {
  const deps = wantsDeps(options);
  // For licenses alone, no advisories are looked up; registry answers still give licenses.
  const lookups = { ...(options.deps?.assess ? { assess: options.deps.assess } : {}), ...(options.deps?.finish ? { finish: options.deps.finish } : {}) };
  const result = await analyzeDependencies(files, deps ? (options.deps ?? {}) : lookups);
  const summary: DepsSummary = {
    facts: result.facts,
    notes: result.notes,
    checked: result.dependencies.length,
    advisories: options.deps?.osv !== undefined,
    assessed: options.deps?.assess !== undefined,
    unverified: result.unverified,
  };
  await options.deps?.finish?.();
  const failures = result.failures.map((f) => ({ path: f.path, analyzer: deps ? ("deps" as const) : ("license" as const), message: f.message }));
  const licenses = wantsLicense(options) ? dependencyLicenses(result.dependencies, files, options.licenses) : undefined;
  const findings = [...(deps ? result.findings : []), ...(licenses?.findings ?? [])];
  return { findings, failures, summary: deps ? summary : undefined, licenses: licenses?.summary };
}

type Settled = Pick<ScanSummary, "findings" | "suppressed" | "invalidSuppressions" | "baselined" | "allowed">;

/**
 * Fingerprints and attributes raw findings, then takes out what suppressions, the policy's
 * allowlist and the baseline accept, in that order, each counted on its own.
 */
async function settle(
  raw: TaggedFinding[],
  isAi: AiLineLookup,
  readText: (path: string) => Promise<string | undefined>,
  options: Pick<CommonOptions, "baseline" | "allow">,
): Promise<Settled> {
  // Each file read once, however many findings point into it.
  const texts = new Map<string, Promise<string | undefined>>();
  const read = (path: string): Promise<string | undefined> => {
    let text = texts.get(path);
    if (!text) {
      text = readText(path);
      texts.set(path, text);
    }
    return text;
  };
  const suppression = await applySuppressions(finalizeFindings(raw, isAi), read);
  const allowlist = compileAllowlist(options.allow ?? []);
  const kept: Finding[] = [];
  const allowed: AllowedFinding[] = [];
  for (const finding of suppression.findings) {
    const reason = (options.allow?.length ?? 0) > 0 ? allowlist(finding, await read(finding.location.path)) : undefined;
    if (reason === undefined) {
      kept.push(finding);
      continue;
    }
    const { ruleId, fingerprint, evidence, location } = finding;
    allowed.push({ ruleId, path: location.path, line: location.startLine, fingerprint, evidence, reason });
  }
  const split = applyBaseline(kept, options.baseline);
  return { findings: split.findings, suppressed: suppression.suppressed, invalidSuppressions: suppression.invalid, baselined: split.baselined, allowed };
}

function wantsExternal(options: CommonOptions): boolean {
  return (options.external?.sarifFiles?.length ?? 0) > 0 || options.external?.semgrep !== undefined;
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
  const raw = result.findings;
  let deps: DepsSummary | undefined;
  let licensedDependencies: LicenseSummary["dependencies"];
  if (wantsDependencyFiles(options)) {
    const files: DependencyFile[] = [];
    for (const path of walk.files.filter(isDependencyFile)) {
      const read = await readTextFile(join(walk.root, path), limits);
      if (read.ok) files.push({ path, text: read.text });
    }
    const stage = await dependencyStage(files, options);
    raw.push(...stage.findings);
    result.failures.push(...stage.failures);
    deps = stage.summary;
    licensedDependencies = stage.licenses;
  }
  const snippets = await snippetStage(tasks, options, raw, result.failures);
  let imported: ImportSummary[] = [];
  if (wantsExternal(options)) {
    const external = await collectExternal(options.external ?? {}, walk.root, { kind: "disk", root: walk.root, paths: walk.files });
    // Whole-repository logs also cover files outside the paths asked for; those are not in this scan.
    const inScope = new Set([...walk.files, ...walk.skipped.map((s) => s.path)]);
    raw.push(...external.findings.filter((f) => inScope.has(f.location.path)));
    imported = external.imported;
  }
  const readText = async (path: string) => {
    const read = await readTextFile(join(walk.root, path), limits);
    return read.ok ? read.text : undefined;
  };
  return {
    ...(await settle(raw, () => false, readText, options)),
    scannedFiles: result.scannedFiles,
    scannedBytes: result.scannedBytes,
    skipped: [...walk.skipped, ...result.skipped],
    failures: result.failures,
    imported,
    ...(deps ? { deps } : {}),
    ...licenseSummary(options, { ...(licensedDependencies ? { dependencies: licensedDependencies } : {}), ...(snippets ? { snippets } : {}) }),
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
  const raw = result.findings;
  const texts = new Map(tasks.map((t) => [t.path, t.text ?? ""]));
  let deps: DepsSummary | undefined;
  let licensedDependencies: LicenseSummary["dependencies"];
  if (wantsDependencyFiles(options)) {
    // Each manifest or lockfile the change touches, with its base version, so that only the
    // dependencies the change brings in are checked.
    const files: DependencyFile[] = [];
    for (const file of wanted.filter((f) => isDependencyFile(f.path) && texts.has(f.path))) {
      const basePath = file.status === "added" ? undefined : (file.oldPath ?? file.path);
      const blob = basePath === undefined ? undefined : await readBlob(repo, change.base, basePath);
      const base = blob ? decodeText(blob, limits) : undefined;
      files.push({ path: file.path, text: texts.get(file.path) ?? "", inChange: true, ...(base?.ok ? { baseText: base.text } : {}) });
    }
    const stage = await dependencyStage(files, options);
    raw.push(...stage.findings);
    result.failures.push(...stage.failures);
    deps = stage.summary;
    licensedDependencies = stage.licenses;
  }
  const snippets = await snippetStage(tasks, options, raw, result.failures);
  let imported: ImportSummary[] = [];
  if (wantsExternal(options)) {
    const files = tasks.map((t) => ({ path: t.path, text: t.text ?? "" }));
    const external = await collectExternal(options.external ?? {}, repo, { kind: "texts", files });
    raw.push(...onAddedLinesOf(external.findings, tasks));
    imported = external.imported;
  }
  const readText = (path: string) => Promise.resolve(texts.get(path));
  return {
    change,
    commits,
    lines,
    stats: summarize(lines),
    ...(await settle(raw, aiLineLookup(lines), readText, options)),
    scannedFiles: result.scannedFiles,
    scannedBytes: result.scannedBytes,
    skipped: [...skipped, ...result.skipped],
    failures: result.failures,
    imported,
    ...(deps ? { deps } : {}),
    ...licenseSummary(options, { ...(licensedDependencies ? { dependencies: licensedDependencies } : {}), ...(snippets ? { snippets } : {}) }),
  };
}

export interface HistoryScan extends ScanSummary {
  /** Distinct file versions the range added; each was read once. */
  blobs: number;
}

/** Blobs read and scanned together; a path occurs once per chunk so suppressions read the right text. */
const HISTORY_CHUNK = 400;

function historyChunks(blobs: readonly AddedBlob[]): AddedBlob[][] {
  const chunks: AddedBlob[][] = [];
  let current: AddedBlob[] = [];
  let paths = new Set<string>();
  for (const blob of blobs) {
    if (current.length >= HISTORY_CHUNK || paths.has(blob.path)) {
      chunks.push(current);
      current = [];
      paths = new Set();
    }
    current.push(blob);
    paths.add(blob.path);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Scans every file version the commits of `range` added (all history from HEAD by default), each
 * distinct blob once, oldest first. A finding in a file that was later changed or deleted is still
 * reported, with the commit that introduced it; the same finding in later versions is not repeated.
 */
export async function scanHistory(path: string, range: string | undefined, options: CommonOptions = {}): Promise<HistoryScan> {
  const repo = await findRepoRoot(path);
  const limits = options.limits ?? DEFAULT_FILE_LIMITS;
  const blobs = await listAddedBlobs(repo, range);
  const chunks = historyChunks(blobs);
  const total: HistoryScan = {
    findings: [],
    scannedFiles: 0,
    scannedBytes: 0,
    skipped: [],
    failures: [],
    suppressed: [],
    invalidSuppressions: [],
    baselined: [],
    allowed: [],
    imported: [],
    blobs: blobs.length,
  };
  const seen = new Set<string>();
  for (const [index, chunk] of chunks.entries()) {
    const batch = await readBlobsBatch(repo, chunk.map((b) => b.oid), limits.maxFileBytes);
    const oversized = new Set(batch.oversized);
    const tasks: FileTask[] = [];
    for (const blob of chunk) {
      const bytes = batch.blobs.get(blob.oid);
      const text = bytes ? decodeText(bytes, limits) : { ok: false as const, reason: oversized.has(blob.oid) ? ("too-large" as const) : ("unreadable" as const) };
      if (text.ok) tasks.push({ path: blob.path, text: text.text });
      else total.skipped.push({ path: `${blob.path}@${blob.commit.slice(0, 12)}`, reason: text.reason });
    }
    const result = await scanTasks(tasks, { ...scanOptions(options), onProgress: undefined });
    const texts = new Map(tasks.map((t) => [t.path, t.text]));
    const commitOf = new Map(chunk.map((b) => [b.path, b.commit]));
    const settled = await settle(result.findings, () => false, (p) => Promise.resolve(texts.get(p)), options);
    for (const finding of settled.findings) {
      if (seen.has(finding.fingerprint)) continue;
      seen.add(finding.fingerprint);
      const commit = commitOf.get(finding.location.path);
      total.findings.push(commit === undefined ? finding : { ...finding, commit });
    }
    total.suppressed.push(...settled.suppressed);
    total.invalidSuppressions.push(...settled.invalidSuppressions);
    total.baselined.push(...settled.baselined);
    total.allowed.push(...settled.allowed);
    total.scannedFiles += result.scannedFiles;
    total.scannedBytes += result.scannedBytes;
    total.skipped.push(...result.skipped);
    total.failures.push(...result.failures);
    options.onProgress?.(index + 1, chunks.length);
  }
  return total;
}

/** Imported findings count only where the change adds lines, as our own analyzers do. */
function onAddedLinesOf(findings: TaggedFinding[], tasks: FileTask[]): TaggedFinding[] {
  const added = new Map<string, LineRange[]>(tasks.map((t) => [t.path, t.addedLines ?? []]));
  return findings.filter((f) =>
    (added.get(f.location.path) ?? []).some((r) => f.location.startLine <= r.end && f.location.endLine >= r.start),
  );
}

export interface LoadedPolicy {
  policy: Policy;
  /** Where it came from, e.g. `a1b2c3d4e5f6:.custody/policy.yaml`, or `built-in defaults`. */
  source: string;
}

/**
 * The policy in force for a change: the one at its base commit, so a change cannot loosen its own policy.
 * Files it extends by relative path are read from the same commit; `fetchUrl` reads those named by URL
 * (the CLI passes one that caches them).
 */
export async function loadPolicyAt(repo: string, commit: string, fetchUrl: (url: string) => Promise<string> = fetchPolicyText): Promise<LoadedPolicy> {
  const blob = await readBlob(repo, commit, POLICY_PATH);
  if (!blob) return { policy: defaultPolicy(), source: "built-in defaults" };
  const readAtCommit = async (rev: string, path: string) => (await readBlob(repo, rev, path))?.toString("utf8");
  const policy = await loadPolicy(blob.toString("utf8"), { kind: "commit", commit, path: POLICY_PATH }, { readAtCommit, readFile: readPolicyFile, fetchUrl });
  return { policy, source: sourceLabel(policy, `${commit.slice(0, 12)}:${POLICY_PATH}`) };
}

/** Advisories whose finding a suppression, the allowlist or the baseline accepted are not held against the change. */
function openDependencyFacts(facts: DepsFactsOut, findings: readonly Finding[]): DepsFacts {
  const open = new Set(findings.filter((f) => f.ruleId === VULNERABLE_RULE.id).map((f) => `${f.location.path}\0${f.location.startLine}`));
  const vulnerable = facts.vulnerable
    .filter((v) => open.has(`${v.path}\0${v.line}`))
    .map((v) => ({ package: v.package, advisory: v.advisory, severity: v.severity, aliases: v.aliases }));
  return { ...facts, vulnerable };
}

export interface GateResult extends ChangeScan {
  decision: Decision;
  policySource: string;
}

export interface GateOptions extends CommonOptions {
  labels?: string[];
  /** A policy to use instead of the one at the base commit (`--policy FILE`). */
  policy?: LoadedPolicy;
  /** Reads org policies named by URL under `extends:` (default: fetched, not cached). */
  fetchPolicy?: (url: string) => Promise<string>;
  changeLimits?: Partial<ChangeLimits>;
}

export async function runGate(path: string, baseRef: string, headRef: string, options: GateOptions = {}): Promise<GateResult> {
  const repo = await findRepoRoot(path);
  // The policy of the merge base, read before scanning: its allowlist applies to the change's findings.
  const loaded = options.policy ?? (await loadPolicyAt(repo, await mergeBase(repo, baseRef, headRef), options.fetchPolicy));
  const licenses = { ...options.licenses, ...(loaded.policy.licenses ? { policy: loaded.policy.licenses } : {}) };
  const scan = await scanChange(path, baseRef, headRef, { ...options, allow: loaded.policy.allow, licenses });
  const decision = decide(loaded.policy, {
    change: scan.change,
    commits: scan.commits,
    lines: scan.lines,
    findings: scan.findings,
    labels: options.labels ?? [],
    ...(scan.deps ? { deps: openDependencyFacts(scan.deps.facts, scan.findings) } : {}),
  });
  return { ...scan, decision, policySource: loaded.source };
}
