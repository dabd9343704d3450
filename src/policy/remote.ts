// Reading the files `extends:` names: org policies on disk and on the web. A fetch has a deadline and a
// size bound, sends no credentials, and does not follow redirects (a redirect could lead to plain http
// or another host than the one the policy names). Every failure says what to do.

import { readFile, stat } from "node:fs/promises";
import { CustodyError } from "../core/errors.js";
import { VERSION } from "../core/version.js";
import { MAX_POLICY_BYTES } from "./document.js";
import { readCapped } from "../core/http.js";

export const POLICY_FETCH_TIMEOUT_MS = 10_000;

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

/** The policy at an https:// (or loopback http://) URL; throws `policy-unreachable` saying why not. */
export async function fetchPolicyText(url: string, options: FetchOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? POLICY_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? MAX_POLICY_BYTES;
  const fail = (why: string) =>
    new CustodyError("policy-unreachable", `${url}: cannot fetch this policy (${why}), and the policy that extends it cannot be used without it`);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: "application/yaml, text/yaml, text/plain;q=0.9", "user-agent": `custody/${VERSION}` },
      redirect: "manual",
      credentials: "omit",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw fail(networkError(error, timeoutMs));
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    const location = response.headers.get("location");
    throw fail(`the server redirects${location === null ? "" : ` to ${location}`}; write the final https:// URL in extends:`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw fail(`the server answered HTTP ${response.status}`);
  }
  try {
    const text = await readCapped(response.body as ReadableStream<Uint8Array> | null, maxBytes);
    if (text === undefined) throw new CustodyError("input-too-large", `the policy is larger than ${maxBytes} bytes`);
    return text;
  } catch (error) {
    throw error instanceof CustodyError ? fail(error.message) : fail(networkError(error, timeoutMs));
  }
}

function networkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `no answer within ${timeoutMs} ms`;
  // fetch reports the socket error (ECONNREFUSED, ENOTFOUND, …) as the cause of a bare "fetch failed".
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return `cannot connect (${code ?? message})`;
}

/** A policy file on disk; undefined when there is none, an error when it cannot be read. */
export async function readPolicyFile(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (info.size > MAX_POLICY_BYTES) {
      throw new CustodyError("input-too-large", `${path}: the policy is larger than ${MAX_POLICY_BYTES} bytes; split shared rules out or shorten it`);
    }
    return await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof CustodyError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new CustodyError("file-unreadable", `${path}: cannot read the policy file (${code ?? String(error)}); check its permissions`);
  }
}
