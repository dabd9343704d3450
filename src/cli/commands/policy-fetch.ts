// Org policies named by URL under `extends:`, kept on disk: a copy younger than an hour is used as it
// is, an older one is fetched again, and with --offline the last copy fetched is used whatever its age.
// Without network and without --offline the run stops and says so, rather than quietly judging changes
// by an old org policy.

import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { CustodyError, isCustodyError } from "../../core/errors.js";
import { fetchPolicyText } from "../../policy/index.js";
import type { Io } from "../io.js";

export const POLICY_CACHE_TTL_MS = 60 * 60 * 1000;

const CachedPolicy = z.object({ url: z.string(), fetchedAt: z.string(), text: z.string() });
type CachedPolicy = z.infer<typeof CachedPolicy>;

export interface PolicyFetchOptions {
  offline: boolean;
  /** The network fetch; tests give one that counts calls. */
  fetch?: (url: string) => Promise<string>;
}

/** `$XDG_CACHE_HOME/custody/policies`, else `~/.cache/custody/policies`. */
export function policyCacheDir(io: Io): string {
  return join(io.env.XDG_CACHE_HOME ?? join(io.env.HOME ?? homedir(), ".cache"), "custody", "policies");
}

function cachePath(io: Io, url: string): string {
  return join(policyCacheDir(io), `${createHash("sha256").update(url).digest("hex")}.json`);
}

async function readCached(io: Io, url: string): Promise<CachedPolicy | undefined> {
  try {
    const parsed = CachedPolicy.safeParse(JSON.parse(await readFile(cachePath(io, url), "utf8")));
    // A damaged or foreign file counts as no copy; the next fetch replaces it.
    return parsed.success && parsed.data.url === url ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function writeCached(io: Io, entry: CachedPolicy): Promise<void> {
  const path = cachePath(io, entry.url);
  await mkdir(policyCacheDir(io), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(entry));
  await rename(temporary, path);
}

/** A `fetchUrl` for the policy loader that caches what it fetches. */
export function cachedPolicyFetcher(io: Io, options: PolicyFetchOptions): (url: string) => Promise<string> {
  const fetchUrl = options.fetch ?? ((url: string) => fetchPolicyText(url));
  return async (url) => {
    const cached = await readCached(io, url);
    if (options.offline) {
      if (cached) return cached.text;
      throw new CustodyError("policy-unreachable", `${url}: --offline was given and no copy of this policy is cached; run once without --offline to fetch it`);
    }
    const age = cached === undefined ? Number.POSITIVE_INFINITY : io.now().getTime() - Date.parse(cached.fetchedAt);
    if (cached && age >= 0 && age < POLICY_CACHE_TTL_MS) return cached.text;
    let text: string;
    try {
      text = await fetchUrl(url);
    } catch (error) {
      if (!isCustodyError(error) || cached === undefined) throw error;
      throw new CustodyError(error.code, `${error.message}; a copy fetched at ${cached.fetchedAt} is cached: pass --offline to judge by it`, { cause: error });
    }
    await writeCached(io, { url, fetchedAt: io.now().toISOString(), text });
    return text;
  };
}
