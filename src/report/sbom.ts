// CycloneDX 1.6 SBOM: the repository's resolved dependencies, and the AI tools and models that wrote its
// code as components of their own, linked to that code through `custody:` properties (see
// docs/formats.md). Data in, document out: nothing here reads files or runs git.
import { Enums, Models, Serialize, Spec, SPDX } from "@cyclonedx/cyclonedx-library";
import { normalizeLicense } from "../analyzers/license/spdx.js";
import type { Dependency, Ecosystem } from "../analyzers/deps/types.js";
import type { LineAttribution } from "../core/types.js";
import type { AttributionStats } from "../provenance/stats.js";
import { TOOL_NAME, VERSION } from "../core/version.js";

/** How many `custody:file` properties an AI component lists at most: the files it wrote most lines of. */
export const MAX_FILES_PER_AI_COMPONENT = 10;

export interface SbomRepository {
  /** From the remote URL, else the directory. */
  name: string;
  /** `git describe --always` of HEAD, when the repository has a commit. */
  version?: string;
  /** The remote URL without credentials, when it is a URL. */
  vcsUrl?: string;
}

/** Attribution over a range of history, as `custody stats` computes it, with the lines it was summed from. */
export interface SbomAttribution {
  stats: AttributionStats;
  lines: readonly LineAttribution[];
  commits: number;
  head: string;
  /** Null when the range is all of head's history. */
  base: string | null;
  truncated: boolean;
}

export interface SbomInput {
  repository: SbomRepository;
  /** Every dependency the manifests and lockfiles list, duplicates included; `selectDependencies` picks. */
  dependencies: readonly Dependency[];
  /** Dev dependencies are left out unless this is set; included ones get scope `optional`. */
  includeDev?: boolean;
  attribution?: SbomAttribution;
  timestamp: Date;
  /** `urn:uuid:…`; absent for a document that should not claim to be unique. */
  serialNumber?: string;
}

/** A dependency after deduplication: one per purl, with every place that declares it. */
export interface SelectedDependency {
  dependency: Dependency;
  dev: boolean;
  /** `path:line` of every declaration, sorted. */
  declaredIn: string[];
}

/** Lines one tool or model wrote or co-wrote, in total and per file. */
export interface AiContribution {
  name: string;
  lines: number;
  /** Most lines first, then by path. */
  files: { path: string; lines: number }[];
  /** Models used with a tool, or tools that used a model. */
  related: string[];
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Package identity without the version: what lockfile and manifest entries for one package share. */
const packageKey = (d: Dependency): string => `${d.ecosystem}\u0000${d.name}`;

/**
 * One entry per purl. A package some lockfile (or exact pin) resolves is listed at those versions only;
 * the bare manifest requirement for it says nothing more. A package is dev only when every declaration
 * says so, since one runtime use is enough to ship it.
 */
export function selectDependencies(dependencies: readonly Dependency[], includeDev = false): SelectedDependency[] {
  const pinned = new Set(dependencies.filter((d) => d.version !== undefined).map(packageKey));
  const byPurl = new Map<string, Dependency[]>();
  for (const d of dependencies) {
    if (d.version === undefined && pinned.has(packageKey(d))) continue;
    const list = byPurl.get(d.purl) ?? [];
    list.push(d);
    byPurl.set(d.purl, list);
  }
  const selected: SelectedDependency[] = [];
  for (const [purl, list] of [...byPurl].sort(([a], [b]) => compareText(a, b))) {
    const sorted = [...list].sort((a, b) => compareText(a.path, b.path) || a.line - b.line);
    const dev = sorted.every((d) => d.dev === true);
    if (dev && !includeDev) continue;
    selected.push({ dependency: merge(purl, sorted), dev, declaredIn: [...new Set(sorted.map((d) => `${d.path}:${d.line}`))] });
  }
  return selected;
}

/** The first declaration, with details (hash, license, source URL) filled from the others when it lacks them. */
function merge(purl: string, list: readonly Dependency[]): Dependency {
  const first = list[0];
  if (first === undefined) throw new Error(`no declaration for ${purl}`);
  const filled: Dependency = { ...first };
  for (const key of ["integrity", "license", "resolved", "requirement", "alias"] as const) {
    const value = list.find((d) => d[key] !== undefined)?.[key];
    if (value !== undefined) filled[key] = value;
  }
  // Direct when any project in the repository declares it; unknown only when no file says either way.
  if (list.some((d) => d.direct === true)) filled.direct = true;
  return filled;
}

// --- Hashes ---------------------------------------------------------------------------------------

const HASH_ALGORITHMS = {
  sha1: { algorithm: Enums.HashAlgorithm["SHA-1"], bytes: 20 },
  sha256: { algorithm: Enums.HashAlgorithm["SHA-256"], bytes: 32 },
  sha384: { algorithm: Enums.HashAlgorithm["SHA-384"], bytes: 48 },
  sha512: { algorithm: Enums.HashAlgorithm["SHA-512"], bytes: 64 },
} as const;
type HashName = keyof typeof HASH_ALGORITHMS;

const isHashName = (name: string): name is HashName => Object.hasOwn(HASH_ALGORITHMS, name);

export interface IntegrityHashes {
  /** CycloneDX algorithm name (`SHA-512`) to lower-case hex. */
  hashes: Map<Enums.HashAlgorithm, string>;
  /** Tokens with no CycloneDX equivalent (Go `h1:`, Yarn Berry cache checksums), or ambiguous ones. */
  unexpressed: string[];
}

/** One token of an integrity field as hex, or undefined when it is not a sha1/sha2 digest Custody can read. */
function tokenHash(ecosystem: Ecosystem, token: string): { name: HashName; hex: string } | undefined {
  // Subresource Integrity, as npm, pnpm and Yarn classic write it: `sha512-<base64>`.
  const sri = /^(sha1|sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})$/.exec(token);
  if (sri?.[1] !== undefined && sri[2] !== undefined && isHashName(sri[1])) {
    const bytes = Buffer.from(sri[2], "base64");
    return bytes.length === HASH_ALGORITHMS[sri[1]].bytes ? { name: sri[1], hex: bytes.toString("hex") } : undefined;
  }
  // `sha256:<hex>` (pip, Poetry, uv, Pipenv), `sha256=<hex>` (Bundler), `sha1:<hex>` (Composer).
  const prefixed = /^(sha1|sha256|sha384|sha512)[:=]([0-9a-fA-F]+)$/.exec(token);
  if (prefixed?.[1] !== undefined && prefixed[2] !== undefined && isHashName(prefixed[1])) {
    return prefixed[2].length === HASH_ALGORITHMS[prefixed[1]].bytes * 2 ? { name: prefixed[1], hex: prefixed[2].toLowerCase() } : undefined;
  }
  // Cargo.lock writes the SHA-256 of the .crate file as bare hex. Bare hex elsewhere (Yarn Berry) is a
  // checksum of a cache archive, not of the published package, so it is not claimed as the package's hash.
  if (ecosystem === "cargo" && /^[0-9a-fA-F]{64}$/.test(token)) return { name: "sha256", hex: token.toLowerCase() };
  return undefined;
}

/**
 * The CycloneDX hashes an integrity field states. Lockfiles that list one digest per distribution file
 * (a wheel per platform) give several values for one algorithm; none of them is *the* package's, so
 * those stay unexpressed rather than one being picked.
 */
export function integrityHashes(ecosystem: Ecosystem, integrity: string | undefined): IntegrityHashes {
  const tokens = (integrity ?? "").split(/\s+/).filter((t) => t !== "");
  const found = new Map<HashName, Set<string>>();
  const unexpressed: string[] = [];
  for (const token of tokens) {
    const hash = tokenHash(ecosystem, token);
    if (hash === undefined) {
      unexpressed.push(token);
      continue;
    }
    const values = found.get(hash.name) ?? new Set<string>();
    values.add(hash.hex);
    found.set(hash.name, values);
  }
  const hashes = new Map<Enums.HashAlgorithm, string>();
  for (const [name, values] of found) {
    const [only, ...others] = values;
    if (only !== undefined && others.length === 0) hashes.set(HASH_ALGORITHMS[name].algorithm, only);
  }
  const ambiguous = [...found].some(([, values]) => values.size > 1);
  return { hashes, unexpressed: ambiguous ? tokens : unexpressed };
}

// --- Licenses -------------------------------------------------------------------------------------

/**
 * A license as the file states it, normalised as the license analyzer reads it (`Apache 2` becomes
 * `Apache-2.0`, the deprecated `GPL-2.0+` becomes `GPL-2.0-or-later`): one SPDX id the CycloneDX schema
 * lists becomes `license.id`, any other SPDX expression (`MIT OR Apache-2.0`, `LicenseRef-…`) an
 * `expression`, and text that is no license expression a named license carrying the text as written.
 */
export function licenseOf(text: string | undefined): Models.License | undefined {
  const trimmed = text?.trim() ?? "";
  if (trimmed === "") return undefined;
  const normalized = normalizeLicense(trimmed);
  if (!normalized.ok) return new Models.NamedLicense(trimmed);
  const { tree } = normalized;
  if (tree.kind === "license" && !tree.plus && tree.exception === undefined && SPDX.isSupportedSpdxId(tree.id)) {
    return new Models.SpdxLicense(tree.id);
  }
  return new Models.LicenseExpression(normalized.expression);
}

// --- AI tools and models --------------------------------------------------------------------------

/** Who publishes each AI coding tool, where that is one company. */
const TOOL_PUBLISHERS: Readonly<Partial<Record<string, string>>> = {
  "claude-code": "Anthropic",
  cursor: "Anysphere",
  copilot: "GitHub",
  codex: "OpenAI",
  gemini: "Google",
  jules: "Google",
  devin: "Cognition",
  "amazon-q": "Amazon Web Services",
};

/** Publishers by the provider segment of a normalised `provider/model` id (see provenance/models.ts). */
const MODEL_PUBLISHERS: Readonly<Partial<Record<string, string>>> = {
  anthropic: "Anthropic",
  openai: "OpenAI",
  google: "Google",
  xai: "xAI",
  mistral: "Mistral AI",
  deepseek: "DeepSeek",
  alibaba: "Alibaba Cloud",
  moonshotai: "Moonshot AI",
  zhipuai: "Zhipu AI",
};

function publisherOfModel(model: string): string | undefined {
  const segments = model.split("/");
  // A routed id (`ollama/gemma3`, `openrouter/…/…`) names the router, not who made the model.
  return segments.length === 2 && segments[0] !== undefined ? MODEL_PUBLISHERS[segments[0]] : undefined;
}

interface Tally {
  lines: number;
  files: Map<string, number>;
  related: Set<string>;
}

function tally(into: Map<string, Tally>, key: string, path: string, count: number, related: string | undefined): void {
  const entry = into.get(key) ?? { lines: 0, files: new Map<string, number>(), related: new Set<string>() };
  entry.lines += count;
  entry.files.set(path, (entry.files.get(path) ?? 0) + count);
  if (related !== undefined) entry.related.add(related);
  into.set(key, entry);
}

function contributions(tallies: Map<string, Tally>): AiContribution[] {
  return [...tallies]
    .map(([name, t]) => ({
      name,
      lines: t.lines,
      files: [...t.files].map(([path, lines]) => ({ path, lines })).sort((a, b) => b.lines - a.lines || compareText(a.path, b.path)),
      related: [...t.related].sort(compareText),
    }))
    .sort((a, b) => b.lines - a.lines || compareText(a.name, b.name));
}

/**
 * Lines each tool and each model wrote or co-wrote (`ai` and `mixed`, as `custody stats` counts them),
 * per file, from resolved line attributions.
 */
export function aiContributions(lines: readonly LineAttribution[]): { tools: AiContribution[]; models: AiContribution[] } {
  const tools = new Map<string, Tally>();
  const models = new Map<string, Tally>();
  for (const { path, lines: range, attribution } of lines) {
    if (attribution.contributor !== "ai" && attribution.contributor !== "mixed") continue;
    const count = Math.max(0, range.end - range.start + 1);
    if (count === 0) continue;
    if (attribution.tool !== undefined) tally(tools, attribution.tool, path, count, attribution.model);
    if (attribution.model !== undefined) tally(models, attribution.model, path, count, attribution.tool);
  }
  return { tools: contributions(tools), models: contributions(models) };
}

const property = (name: string, value: string | number): Models.Property => new Models.Property(`custody:${name}`, String(value));

/** `custody:lines`, `custody:files` and the files with the most lines, biggest first. */
function contributionProperties(c: AiContribution, relatedName: "tool" | "model"): Models.Property[] {
  return [
    property("lines", c.lines),
    property("files", c.files.length),
    ...c.files.slice(0, MAX_FILES_PER_AI_COMPONENT).map((f) => property("file", f.path)),
    ...c.related.map((r) => property(relatedName, r)),
  ];
}

export const AI_TOOL_REF_PREFIX = "custody:ai-tool/";
export const AI_MODEL_REF_PREFIX = "custody:ai-model/";

// The tools and models wrote the code but do not ship with it: scope `excluded` keeps license and
// vulnerability tooling from treating them as part of the product.
function toolComponent(c: AiContribution): Models.Component {
  const publisher = TOOL_PUBLISHERS[c.name];
  return new Models.Component(Enums.ComponentType.Application, c.name, {
    bomRef: `${AI_TOOL_REF_PREFIX}${c.name}`,
    scope: Enums.ComponentScope.Excluded,
    description: c.name === "other" ? "AI coding tool that wrote code in this repository, not identified by name" : "AI coding tool that wrote code in this repository",
    ...(publisher !== undefined && { publisher }),
    properties: new Models.PropertyRepository(contributionProperties(c, "model")),
  });
}

function modelComponent(c: AiContribution): Models.Component {
  const publisher = publisherOfModel(c.name);
  return new Models.Component(Enums.ComponentType.MachineLearningModel, c.name, {
    bomRef: `${AI_MODEL_REF_PREFIX}${c.name}`,
    scope: Enums.ComponentScope.Excluded,
    description: "AI model that wrote code in this repository",
    ...(publisher !== undefined && { publisher }),
    properties: new Models.PropertyRepository(contributionProperties(c, "tool")),
  });
}

// --- Dependencies ---------------------------------------------------------------------------------

/** npm scopes and Maven group ids go in `group`, as CycloneDX tools for those ecosystems do; the purl is exact either way. */
function groupAndName(d: Dependency): { group?: string; name: string } {
  if (d.ecosystem === "npm") {
    const scoped = /^(@[^/]+)\/(.+)$/.exec(d.name);
    if (scoped?.[1] !== undefined && scoped[2] !== undefined) return { group: scoped[1], name: scoped[2] };
  }
  if (d.ecosystem === "maven") {
    const [group, artifact] = d.name.split(":");
    if (group !== undefined && artifact !== undefined && group !== "" && artifact !== "") return { group, name: artifact };
  }
  return { name: d.name };
}

/** A URL the schema accepts as an IRI reference; scp-style `git@host:path` and free text are not. */
function referenceUrl(text: string | undefined): string | undefined {
  if (text === undefined || /\s/.test(text) || !URL.canParse(text)) return undefined;
  return text;
}

function externalReferences(d: Dependency): Models.ExternalReference[] {
  const url = referenceUrl(d.resolved);
  if (url === undefined) return [];
  if (d.source === "git") return [new Models.ExternalReference(url, Enums.ExternalReferenceType.VCS)];
  if (d.source === "url") return [new Models.ExternalReference(url, Enums.ExternalReferenceType.Distribution)];
  return [];
}

function dependencyComponent({ dependency: d, dev, declaredIn }: SelectedDependency): Models.Component {
  const { hashes, unexpressed } = integrityHashes(d.ecosystem, d.integrity);
  const license = licenseOf(d.license);
  const { group, name } = groupAndName(d);
  const properties = [
    ...declaredIn.map((where) => property("declaredIn", where)),
    ...(d.version === undefined && d.requirement !== undefined ? [property("requirement", d.requirement)] : []),
    ...(unexpressed.length > 0 ? [property("integrity", unexpressed.join(" "))] : []),
    ...(d.alias !== undefined ? [property("alias", d.alias)] : []),
  ];
  return new Models.Component(Enums.ComponentType.Library, name, {
    bomRef: d.purl,
    purl: d.purl,
    ...(group !== undefined && { group }),
    ...(d.version !== undefined && { version: d.version }),
    ...(dev && { scope: Enums.ComponentScope.Optional }),
    hashes: new Models.HashDictionary(hashes),
    licenses: new Models.LicenseRepository(license === undefined ? [] : [license]),
    externalReferences: new Models.ExternalReferenceRepository(externalReferences(d)),
    properties: new Models.PropertyRepository(properties),
  });
}

// --- The document ---------------------------------------------------------------------------------

export const REPOSITORY_REF = "custody:repository";

function repositoryComponent(repository: SbomRepository): Models.Component {
  const vcs = referenceUrl(repository.vcsUrl);
  return new Models.Component(Enums.ComponentType.Application, repository.name, {
    bomRef: REPOSITORY_REF,
    ...(repository.version !== undefined && { version: repository.version }),
    externalReferences: new Models.ExternalReferenceRepository(vcs === undefined ? [] : [new Models.ExternalReference(vcs, Enums.ExternalReferenceType.VCS)]),
  });
}

/** Ratios to four decimal places: enough for a share of lines, and stable across platforms. */
const ratio = (n: number): string => String(Math.round(n * 10_000) / 10_000);

function attributionProperties(a: SbomAttribution): Models.Property[] {
  return [
    property("aiShare", ratio(a.stats.aiShare)),
    property("addedLines", a.stats.addedLines),
    property("aiLines", a.stats.ai),
    property("mixedLines", a.stats.mixed),
    property("commits", a.commits),
    property("head", a.head),
    ...(a.base === null ? [] : [property("base", a.base)]),
    ...(a.truncated ? [property("historyTruncated", "true")] : []),
  ];
}

/** The SBOM as CycloneDX models, for callers that add to it before serialising. */
export function buildSbom(input: SbomInput): Models.Bom {
  const selected = selectDependencies(input.dependencies, input.includeDev);
  const ai = aiContributions(input.attribution?.lines ?? []);
  const root = repositoryComponent(input.repository);
  const bom = new Models.Bom({
    ...(input.serialNumber !== undefined && { serialNumber: input.serialNumber }),
    metadata: new Models.Metadata({
      timestamp: input.timestamp,
      component: root,
      tools: new Models.Tools({
        components: new Models.ComponentRepository([new Models.Component(Enums.ComponentType.Application, TOOL_NAME, { version: VERSION })]),
      }),
      properties: new Models.PropertyRepository(input.attribution === undefined ? [] : attributionProperties(input.attribution)),
    }),
  });
  for (const entry of selected) {
    const component = dependencyComponent(entry);
    bom.components.add(component);
    // The one edge a manifest or lockfile states for certain: the project declares this package itself.
    if (entry.dependency.direct === true) root.dependencies.add(component.bomRef);
  }
  for (const tool of ai.tools) bom.components.add(toolComponent(tool));
  for (const model of ai.models) bom.components.add(modelComponent(model));
  return bom;
}

/**
 * The SBOM as CycloneDX 1.6 JSON. The library lists every component in `dependencies`, and an entry
 * without `dependsOn` asserts that the component has no dependencies; lockfiles rarely say that, so
 * only entries with edges are kept.
 */
export function sbomJson(input: SbomInput): string {
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  const document = JSON.parse(serializer.serialize(buildSbom(input))) as Serialize.JSON.Types.Normalized.Bom;
  const edges = (document.dependencies ?? []).filter((d) => (d.dependsOn ?? []).length > 0);
  delete document.dependencies;
  if (edges.length > 0) document.dependencies = edges;
  return `${JSON.stringify(document, null, 2)}\n`;
}
