// Registry answers remembered between runs in one JSON file. A package that exists is trusted for a
// day, a missing one for an hour (someone may publish it meanwhile, which is the attack this check
// looks for); "unknown" is never stored. The file is replaced atomically and a damaged file is set
// aside with a diagnostic rather than failing the scan.
import { mkdir, rename, unlink, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import type { RegistryResult } from "./sources.js";

export const EXISTS_TTL_MS = 24 * 60 * 60 * 1000;
export const MISSING_TTL_MS = 60 * 60 * 1000;

const Result = z.union([
  z.object({
    status: z.literal("exists"),
    firstPublished: z.string().optional(),
    latestVersion: z.string().optional(),
    publishedBefore: z.string().optional(),
    license: z.string().optional(),
    licenseByVersion: z.record(z.string(), z.string()).optional(),
  }),
  z.object({ status: z.literal("missing") }),
]);

const Entry = z.object({
  /** When the registry was asked, in milliseconds since the epoch. */
  checkedAt: z.number(),
  /** The base URL asked, so answers from another registry (a mirror, a test server) are not reused. */
  registry: z.string(),
  result: Result,
});

const CacheFile = z.object({ version: z.literal(1), entries: z.record(z.string(), Entry) });

export type CacheEntry = z.infer<typeof Entry>;
type StorableResult = z.infer<typeof Result>;

export function isStorable(result: RegistryResult): result is StorableResult {
  return result.status !== "unknown";
}

export function ttlFor(result: StorableResult): number {
  return result.status === "exists" ? EXISTS_TTL_MS : MISSING_TTL_MS;
}

export class RegistryCache {
  private readonly entries = new Map<string, CacheEntry>();
  private dirty = false;
  private writes = 0;

  private constructor(private readonly path: string | undefined) {}

  /** Reads the cache at `path`; a missing file is an empty cache, a damaged one is reported and ignored. */
  static open(path: string | undefined, report: (message: string) => void): RegistryCache {
    const cache = new RegistryCache(path);
    if (path === undefined) return cache;
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        report(`registry cache ${path} cannot be read (${error instanceof Error ? error.message : String(error)}); starting without it`);
      }
      return cache;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      report(`registry cache ${path} is not valid JSON; it is ignored and will be rewritten`);
      return cache;
    }
    const parsed = CacheFile.safeParse(data);
    if (!parsed.success) {
      report(`registry cache ${path} is not in the expected format; it is ignored and will be rewritten`);
      return cache;
    }
    for (const [key, entry] of Object.entries(parsed.data.entries)) cache.entries.set(key, entry);
    return cache;
  }

  /** A stored answer from `registry` that is still fresh at `now`. */
  get(key: string, registry: string, now: number): StorableResult | undefined {
    const entry = this.entries.get(key);
    if (entry?.registry !== registry) return undefined;
    const age = now - entry.checkedAt;
    return age >= 0 && age < ttlFor(entry.result) ? entry.result : undefined;
  }

  set(key: string, registry: string, result: StorableResult, now: number): void {
    this.entries.set(key, { checkedAt: now, registry, result });
    this.dirty = true;
  }

  /** Writes fresh entries to the file (temporary file, then rename), when anything changed. */
  async save(now: number): Promise<void> {
    if (this.path === undefined || !this.dirty) return;
    const entries: Record<string, CacheEntry> = {};
    for (const [key, entry] of [...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (now - entry.checkedAt < ttlFor(entry.result)) entries[key] = entry;
    }
    const temporary = `${this.path}.${process.pid}.${++this.writes}.tmp`;
    await mkdir(dirname(this.path), { recursive: true });
    try {
      await writeFile(temporary, `${JSON.stringify({ version: 1, entries }, null, 1)}\n`, { mode: 0o600 });
      await rename(temporary, this.path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    this.dirty = false;
  }
}
