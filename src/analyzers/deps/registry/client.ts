// Asks package registries whether a package exists and since when, with a cache in front. An
// answer that could not be had (offline, timeout, refused, 5xx) is `unknown` with the reason, so
// a caller can say the check did not run instead of passing the package.
import { VERSION } from "../../../core/version.js";
import type { Ecosystem } from "../types.js";
import { RegistryCache, isStorable } from "./cache.js";
import { httpGet, Limiter } from "./http.js";
import type { HttpOutcome } from "./http.js";
import { DEFAULT_BASE_URLS, isValidName, REGISTRY_NAMES, SOURCES } from "./sources.js";
import type { RegistryResult } from "./sources.js";

export interface RegistryClientOptions {
  /** Consult no registry: every lookup not answered by the cache is `unknown`. */
  offline?: boolean;
  /** The JSON cache file, e.g. `.git/custody/registry-cache.json`; no cache when absent. */
  cachePath?: string;
  /** Registry base URLs by ecosystem, replacing the public ones (mirrors, tests). */
  baseUrls?: Partial<Record<Ecosystem, string>>;
  /** Deadline for one request, body included. Default 5,000 ms. */
  timeoutMs?: number;
  /** Requests in flight at once, across ecosystems. Default 4. */
  concurrency?: number;
  /** Largest answer read. Default 50 MiB (npm documents of long-lived packages are large). */
  maxResponseBytes?: number;
  /** The clock, in milliseconds since the epoch; for cache ages. */
  now?: () => number;
  /** Names that live on a private registry (GOPRIVATE modules, an internal npm scope): never looked up. */
  isPrivate?: (ecosystem: Ecosystem, name: string) => boolean;
  /** Called with each diagnostic as it happens, besides collecting it in `diagnostics`. */
  onDiagnostic?: (message: string) => void;
}

export interface RegistryClient {
  readonly offline: boolean;
  lookup(ecosystem: Ecosystem, name: string): Promise<RegistryResult>;
  /** Writes the cache file, when there is one and it changed. Never throws; a failure is a diagnostic. */
  save(): Promise<void>;
  /** Problems that did not stop a lookup: a damaged cache file, a cache that could not be written. */
  readonly diagnostics: readonly string[];
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/** The name as the registry identifies it, for the cache key. */
function cacheName(ecosystem: Ecosystem, name: string): string {
  if (ecosystem === "pypi") return name.toLowerCase().replace(/[-_.]+/g, "-");
  if (ecosystem === "packagist") return name.toLowerCase();
  return name;
}

function baseUrl(options: RegistryClientOptions, ecosystem: Ecosystem): string {
  return (options.baseUrls?.[ecosystem] ?? DEFAULT_BASE_URLS[ecosystem]).replace(/\/+$/, "");
}

export function createRegistryClient(options: RegistryClientOptions = {}): RegistryClient {
  const diagnostics: string[] = [];
  const report = (message: string): void => {
    diagnostics.push(message);
    options.onDiagnostic?.(message);
  };
  const now = options.now ?? Date.now;
  const cache = RegistryCache.open(options.cachePath, report);
  const limiter = new Limiter(Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY));
  const http = {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    userAgent: `custody/${VERSION}`,
  };
  const offline = options.offline === true;
  // Two dependencies on the same package share one request.
  const inFlight = new Map<string, Promise<RegistryResult>>();

  async function ask(ecosystem: Ecosystem, name: string, base: string): Promise<RegistryResult> {
    const get = (path: string): Promise<HttpOutcome> => limiter.run(() => httpGet(`${base}${path}`, http));
    try {
      return await SOURCES[ecosystem](name, get);
    } catch (error) {
      return { status: "unknown", reason: `lookup failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  async function lookup(ecosystem: Ecosystem, rawName: string): Promise<RegistryResult> {
    const name = rawName.trim();
    if (!isValidName(ecosystem, name)) return { status: "unknown", reason: `"${name}" is not a valid ${REGISTRY_NAMES[ecosystem]} package name` };
    if (options.isPrivate?.(ecosystem, name) === true) return { status: "unknown", reason: `"${name}" is private: ${REGISTRY_NAMES[ecosystem]} was not asked` };
    const base = baseUrl(options, ecosystem);
    const key = `${ecosystem}:${cacheName(ecosystem, name)}`;
    const cached = cache.get(key, base, now());
    if (cached !== undefined) return cached;
    if (offline) return { status: "unknown", reason: `offline: ${REGISTRY_NAMES[ecosystem]} was not asked` };
    let pending = inFlight.get(key);
    if (pending === undefined) {
      pending = ask(ecosystem, name, base).then((result) => {
        if (isStorable(result)) cache.set(key, base, result, now());
        return result;
      });
      inFlight.set(key, pending);
      void pending.finally(() => inFlight.delete(key));
    }
    return pending;
  }

  async function save(): Promise<void> {
    try {
      await cache.save(now());
    } catch (error) {
      report(`registry cache ${options.cachePath ?? ""} could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return { offline, lookup, save, diagnostics };
}
