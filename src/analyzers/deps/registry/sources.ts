// What each registry says about one package: whether it exists, and the earliest publication time
// it will tell. Every function here takes a `get` that fetches a path below the registry's base URL,
// so the same code runs against the real registry and a test server.
import { compare, prerelease, valid } from "semver";
import { z } from "zod";
import type { Ecosystem } from "../types.js";
import type { HttpOutcome } from "./http.js";

export interface ExistsResult {
  status: "exists";
  /** When the package's first version was published (ISO 8601), when the registry says. */
  firstPublished?: string;
  latestVersion?: string;
  /**
   * A time the package is known to have existed by, when the first publication is not known:
   * Maven Central gives only the latest version's time, which the first one cannot be after.
   */
  publishedBefore?: string;
  /** The license the newest release states, as written (not normalised); "" when it states none. */
  license?: string;
  /** Releases whose license differs from `license`, by version ("" for none stated). */
  licenseByVersion?: Record<string, string>;
}

export type RegistryLicense = Pick<ExistsResult, "license" | "licenseByVersion">;

/** The license a registry answer states for one version (the newest release's when it names none). */
export function licenseForVersion(result: RegistryLicense | undefined, version: string | undefined): string | undefined {
  const own = version === undefined ? undefined : result?.licenseByVersion?.[version];
  const license = own ?? result?.license;
  return license === "" ? undefined : license;
}

/** Enough versions to cover any real relicensing history; a cache entry stays small. */
const MAX_LICENSE_VERSIONS = 500;

/** `license` from the newest release, `licenseByVersion` for the releases that differ from it. */
function licenseFields(latest: string | undefined, releases: readonly (readonly [string, string | undefined])[]): RegistryLicense {
  if (releases.every(([, license]) => license === undefined)) return {};
  const byVersion = new Map(releases.map(([version, license]) => [version, license ?? ""]));
  const license = (latest === undefined ? undefined : byVersion.get(latest)) ?? releases[releases.length - 1]?.[1];
  const result: RegistryLicense = {};
  if (license === undefined) return result;
  result.license = license;
  const differing = [...byVersion].filter(([, l]) => l !== license).slice(0, MAX_LICENSE_VERSIONS);
  if (differing.length > 0) result.licenseByVersion = Object.fromEntries(differing);
  return result;
}

/** npm's `license` field, or the legacy `{ type }` object and `licenses` array. */
function npmLicense(manifest: unknown): string | undefined {
  if (typeof manifest !== "object" || manifest === null) return undefined;
  const record = manifest as Record<string, unknown>;
  const typeOf = (value: unknown): string | undefined =>
    typeof value === "string" ? value : typeof value === "object" && value !== null && typeof (value as Record<string, unknown>).type === "string" ? ((value as Record<string, unknown>).type as string) : undefined;
  const single = typeOf(record.license);
  if (single !== undefined) return single;
  if (!Array.isArray(record.licenses)) return undefined;
  const types = record.licenses.map(typeOf).filter((t): t is string => t !== undefined);
  return types.length === 0 ? undefined : types.length === 1 ? types[0] : `(${types.join(" OR ")})`;
}

const anyOf = (licenses: readonly string[] | null | undefined): string | undefined =>
  licenses === null || licenses === undefined || licenses.length === 0 ? undefined : licenses.length === 1 ? licenses[0] : `(${licenses.join(" OR ")})`;

/**
 * What a registry says about a package. `unknown` covers every way of not finding out (offline,
 * timeout, refused connection, a 5xx answer): it is never reported as `missing`.
 */
export type RegistryResult = ExistsResult | { status: "missing" } | { status: "unknown"; reason: string };

export type Get = (path: string) => Promise<HttpOutcome>;

export const DEFAULT_BASE_URLS: Readonly<Record<Ecosystem, string>> = {
  npm: "https://registry.npmjs.org",
  pypi: "https://pypi.org",
  cargo: "https://crates.io",
  rubygems: "https://rubygems.org",
  packagist: "https://repo.packagist.org",
  go: "https://proxy.golang.org",
  maven: "https://search.maven.org",
};

export const REGISTRY_NAMES: Readonly<Record<Ecosystem, string>> = {
  npm: "the npm registry",
  pypi: "PyPI",
  cargo: "crates.io",
  rubygems: "RubyGems.org",
  packagist: "Packagist",
  go: "the Go module proxy",
  maven: "Maven Central",
};

// Names are checked before they go into a URL, so no name can reach another path of the registry.
const VALID_NAME: Readonly<Record<Ecosystem, RegExp>> = {
  npm: /^(?:@[a-z0-9][\w.~-]*\/)?[\w.~-][\w.~-]*$/i,
  pypi: /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/i,
  cargo: /^[a-z][\w-]*$/i,
  rubygems: /^[\w.-]+$/,
  packagist: /^[a-z0-9](?:[\w.-]*[a-z0-9])?\/[a-z0-9](?:[\w.-]*[a-z0-9])?$/i,
  go: /^[a-z0-9][\w.~+-]*(?:\/[\w.~+-]+)*$/i,
  maven: /^[\w.-]+:[\w.-]+$/,
};

export function isValidName(ecosystem: Ecosystem, name: string): boolean {
  if (!VALID_NAME[ecosystem].test(name)) return false;
  return !name.split(/[/:]/).some((part) => part === "." || part === "..");
}

function isoTime(value: string | number): string | undefined {
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

function earliest(times: Iterable<string | undefined>): string | undefined {
  let best: string | undefined;
  let bestMs = Number.POSITIVE_INFINITY;
  for (const raw of times) {
    if (raw === undefined) continue;
    const iso = isoTime(raw);
    if (iso === undefined) continue;
    const ms = Date.parse(iso);
    if (ms < bestMs) {
      bestMs = ms;
      best = iso;
    }
  }
  return best;
}

function exists(firstPublished: string | undefined, latestVersion: string | undefined, publishedBefore?: string, license: RegistryLicense = {}): ExistsResult {
  const result: ExistsResult = { status: "exists", ...license };
  if (firstPublished !== undefined) result.firstPublished = firstPublished;
  if (latestVersion !== undefined) result.latestVersion = latestVersion;
  if (publishedBefore !== undefined) result.publishedBefore = publishedBefore;
  return result;
}

/** Parses a JSON answer with `schema`; anything else is an `unknown` result naming the registry. */
function parseJson<T>(ecosystem: Ecosystem, text: string, schema: z.ZodType<T>): T | RegistryResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { status: "unknown", reason: `${REGISTRY_NAMES[ecosystem]} answered with something that is not JSON` };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) return { status: "unknown", reason: `${REGISTRY_NAMES[ecosystem]} answered in an unexpected shape` };
  return parsed.data;
}

function isResult(value: unknown): value is RegistryResult {
  return typeof value === "object" && value !== null && "status" in value;
}

/** The outcome of a request that is not a success, as a result. */
function notOk(outcome: Exclude<HttpOutcome, { kind: "ok" }>): RegistryResult {
  return outcome.kind === "not-found" ? { status: "missing" } : { status: "unknown", reason: outcome.reason };
}

const NpmPackument = z.object({
  "dist-tags": z.record(z.string(), z.unknown()).optional(),
  time: z.record(z.string(), z.unknown()).optional(),
  versions: z.record(z.string(), z.unknown()).optional(),
});

async function npm(name: string, get: Get): Promise<RegistryResult> {
  // The full document: the abbreviated one used by installers has no publication times.
  const outcome = await get(`/${name.startsWith("@") ? name.replace("/", "%2f") : encodeURIComponent(name)}`);
  if (outcome.kind !== "ok") return notOk(outcome);
  const doc = parseJson("npm", outcome.text, NpmPackument);
  if (isResult(doc)) return doc;
  // A fully unpublished package keeps a stub with `time.unpublished` and no versions: nothing installs.
  if (doc.time?.unpublished !== undefined && Object.keys(doc.versions ?? {}).length === 0) return { status: "missing" };
  const created = doc.time?.created;
  const latest = doc["dist-tags"]?.latest;
  const latestVersion = typeof latest === "string" ? latest : undefined;
  const releases = Object.entries(doc.versions ?? {}).map(([version, manifest]) => [version, npmLicense(manifest)] as const);
  return exists(typeof created === "string" ? isoTime(created) : undefined, latestVersion, undefined, licenseFields(latestVersion, releases));
}

const PypiProject = z.object({
  info: z
    .object({
      version: z.string().optional(),
      license: z.string().nullable().optional(),
      license_expression: z.string().nullable().optional(),
      classifiers: z.array(z.string()).optional(),
    })
    .optional(),
  releases: z
    .record(z.string(), z.array(z.object({ upload_time_iso_8601: z.string().optional(), upload_time: z.string().optional() })))
    .optional(),
});

async function pypi(name: string, get: Get): Promise<RegistryResult> {
  const normalized = name.toLowerCase().replace(/[-_.]+/g, "-");
  const outcome = await get(`/pypi/${encodeURIComponent(normalized)}/json`);
  if (outcome.kind !== "ok") return notOk(outcome);
  const doc = parseJson("pypi", outcome.text, PypiProject);
  if (isResult(doc)) return doc;
  const uploads = Object.values(doc.releases ?? {}).flatMap((files) =>
    // upload_time has no zone but is UTC.
    files.map((f) => f.upload_time_iso_8601 ?? (f.upload_time === undefined ? undefined : `${f.upload_time}Z`)),
  );
  const license = pypiLicense(doc.info ?? {});
  return exists(earliest(uploads), doc.info?.version, undefined, license === undefined ? {} : { license });
}

/** Trove classifiers that name one license, as SPDX ids. */
const PYPI_CLASSIFIERS: Readonly<Record<string, string>> = {
  "MIT License": "MIT",
  "Apache Software License": "Apache-2.0",
  "BSD License": "BSD-3-Clause",
  "ISC License (ISCL)": "ISC",
  "Python Software Foundation License": "PSF-2.0",
  "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
  "GNU General Public License v2 (GPLv2)": "GPL-2.0-only",
  "GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later",
  "GNU General Public License v3 (GPLv3)": "GPL-3.0-only",
  "GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
  "GNU Lesser General Public License v2 (LGPLv2)": "LGPL-2.0-only",
  "GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
  "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0-only",
  "GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
  "GNU Affero General Public License v3": "AGPL-3.0-only",
  "GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
  "Eclipse Public License 2.0 (EPL-2.0)": "EPL-2.0",
  "The Unlicense (Unlicense)": "Unlicense",
  "Zope Public License": "ZPL-2.1",
};

/** PEP 639's license expression, else a short license field, else the license classifiers. */
function pypiLicense(info: { license?: string | null; license_expression?: string | null; classifiers?: string[] }): string | undefined {
  if (info.license_expression) return info.license_expression;
  // Many projects paste the whole license text into this field; only a short name is a license name.
  const field = info.license?.trim();
  if (field && field.length <= 100 && !field.includes("\n") && !/^unknown$/i.test(field)) return field;
  const named = (info.classifiers ?? [])
    .filter((c) => c.startsWith("License :: "))
    .map((c) => PYPI_CLASSIFIERS[c.split(" :: ").pop() ?? ""])
    .filter((id): id is string => id !== undefined);
  return anyOf([...new Set(named)]);
}

const CratesCrate = z.object({
  crate: z.object({
    created_at: z.string().optional(),
    max_stable_version: z.string().nullable().optional(),
    max_version: z.string().nullable().optional(),
  }),
  versions: z.array(z.object({ num: z.string(), license: z.string().nullable().optional() })).optional(),
});

async function cargo(name: string, get: Get): Promise<RegistryResult> {
  const outcome = await get(`/api/v1/crates/${encodeURIComponent(name)}`);
  if (outcome.kind !== "ok") return notOk(outcome);
  const doc = parseJson("cargo", outcome.text, CratesCrate);
  if (isResult(doc)) return doc;
  const created = doc.crate.created_at;
  const latest = doc.crate.max_stable_version ?? doc.crate.max_version ?? undefined;
  const releases = (doc.versions ?? []).map((v) => [v.num, v.license ?? undefined] as const);
  return exists(created === undefined ? undefined : isoTime(created), latest, undefined, licenseFields(latest, releases));
}

const GemVersions = z.array(
  z.object({ number: z.string(), created_at: z.string().optional(), prerelease: z.boolean().optional(), licenses: z.array(z.string()).nullable().optional() }),
);

async function rubygems(name: string, get: Get): Promise<RegistryResult> {
  const outcome = await get(`/api/v1/versions/${encodeURIComponent(name)}.json`);
  if (outcome.kind !== "ok") return notOk(outcome);
  const versions = parseJson("rubygems", outcome.text, GemVersions);
  if (isResult(versions)) return versions;
  if (versions.length === 0) return { status: "missing" };
  const newest = versions.filter((v) => v.prerelease !== true).reduce<(typeof versions)[number] | undefined>(
    (best, v) => (best === undefined || Date.parse(v.created_at ?? "") > Date.parse(best.created_at ?? "") ? v : best),
    undefined,
  );
  const releases = versions.map((v) => [v.number, anyOf(v.licenses)] as const);
  return exists(earliest(versions.map((v) => v.created_at)), newest?.number, undefined, licenseFields(newest?.number, releases));
}

const PackagistRelease = z.object({ version: z.string().optional(), time: z.string().optional(), license: z.unknown().optional() });
const PackagistP2 = z.object({ packages: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))) });

/**
 * Packagist's p2 files are minified: each release lists only the fields that differ from the one
 * before it, and "__unset" removes one (composer/metadata-minifier).
 */
function expandReleases(minified: readonly Record<string, unknown>[]): z.infer<typeof PackagistRelease>[] {
  const current = new Map<string, unknown>();
  return minified.map((entry) => {
    for (const [key, value] of Object.entries(entry)) {
      if (value === "__unset") current.delete(key);
      else current.set(key, value);
    }
    const parsed = PackagistRelease.safeParse(Object.fromEntries(current));
    return parsed.success ? parsed.data : {};
  });
}

const packagistLicense = (value: unknown): string | undefined =>
  typeof value === "string" ? value : Array.isArray(value) ? anyOf(value.filter((l): l is string => typeof l === "string")) : undefined;

async function packagist(name: string, get: Get): Promise<RegistryResult> {
  const lower = name.toLowerCase();
  const [vendor = "", project = ""] = lower.split("/");
  const outcome = await get(`/p2/${encodeURIComponent(vendor)}/${encodeURIComponent(project)}.json`);
  if (outcome.kind !== "ok") return notOk(outcome);
  const doc = parseJson("packagist", outcome.text, PackagistP2);
  if (isResult(doc)) return doc;
  // Tagged releases only; a package with nothing but development branches has none here.
  const releases = expandReleases(doc.packages[lower] ?? []);
  const latest = releases.reduce<(typeof releases)[number] | undefined>(
    (best, r) => (best === undefined || Date.parse(r.time ?? "") > Date.parse(best.time ?? "") ? r : best),
    undefined,
  );
  const licenses = releases.flatMap((r) => (r.version === undefined ? [] : [[r.version, packagistLicense(r.license)] as const]));
  return exists(earliest(releases.map((r) => r.time)), latest?.version, undefined, licenseFields(latest?.version, licenses));
}

/** Module proxy path encoding: each capital letter becomes `!` and the lower-case letter. */
export function escapeModulePath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

const GoInfo = z.object({ Version: z.string(), Time: z.string().optional() });

async function go(name: string, get: Get): Promise<RegistryResult> {
  const escaped = escapeModulePath(name);
  const list = await get(`/${escaped}/@v/list`);
  if (list.kind !== "ok") return notOk(list);
  const tagged = list.text
    .split("\n")
    .map((v) => v.trim())
    .filter((v) => valid(v) !== null)
    .sort((a, b) => compare(a, b));
  if (tagged.length === 0) {
    // No tags, only commits: `@latest` names the newest pseudo-version, which bounds the age from above.
    const latest = await get(`/${escaped}/@latest`);
    if (latest.kind !== "ok") return notOk(latest);
    const info = parseJson("go", latest.text, GoInfo);
    if (isResult(info)) return info;
    return exists(undefined, info.Version, info.Time === undefined ? undefined : isoTime(info.Time));
  }
  // The lowest tag is taken as the first release: tagging an older version later is rare. The proxy
  // reports commit times, which the module's author sets.
  const first = tagged[0] ?? "";
  const stable = tagged.filter((v) => prerelease(v) === null);
  const latestVersion = stable[stable.length - 1] ?? tagged[tagged.length - 1];
  const info = await get(`/${escaped}/@v/${escapeModulePath(first)}.info`);
  if (info.kind !== "ok") return info.kind === "not-found" ? exists(undefined, latestVersion) : notOk(info);
  const parsed = parseJson("go", info.text, GoInfo);
  if (isResult(parsed)) return parsed;
  return exists(parsed.Time === undefined ? undefined : isoTime(parsed.Time), latestVersion);
}

const MavenSearch = z.object({
  response: z.object({
    numFound: z.number(),
    docs: z.array(z.object({ latestVersion: z.string().optional(), v: z.string().optional(), timestamp: z.number().optional() })),
  }),
});

/** Groups published to Google's Maven repository rather than to Central. */
const GOOGLE_MAVEN_GROUPS = /^(?:androidx|android|com\.android|com\.google\.android|com\.google\.firebase|com\.google\.gms|com\.google\.mlkit)(?:\.|$)/;

async function maven(name: string, get: Get): Promise<RegistryResult> {
  const [group = "", artifact = ""] = name.split(":");
  const query = new URLSearchParams({ q: `g:"${group}" AND a:"${artifact}"`, rows: "1", wt: "json" });
  const outcome = await get(`/solrsearch/select?${query.toString()}`);
  if (outcome.kind !== "ok") return notOk(outcome);
  const doc = parseJson("maven", outcome.text, MavenSearch);
  if (isResult(doc)) return doc;
  const [found] = doc.response.docs;
  if (doc.response.numFound === 0 || found === undefined) {
    if (GOOGLE_MAVEN_GROUPS.test(group)) {
      return { status: "unknown", reason: `${group} is published to Google's Maven repository, which is not consulted` };
    }
    return { status: "missing" };
  }
  // The search index gives the latest version's time only; the first release is no later than that.
  const before = found.timestamp === undefined ? undefined : isoTime(found.timestamp);
  return exists(undefined, found.latestVersion ?? found.v, before);
}

export const SOURCES: Readonly<Record<Ecosystem, (name: string, get: Get) => Promise<RegistryResult>>> = {
  npm,
  pypi,
  cargo,
  rubygems,
  packagist,
  go,
  maven,
};
