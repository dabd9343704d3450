// The one way Custody talks to package registries: a GET with a deadline, a size cap, no
// credentials, and a limit on how many requests run at once. Every failure becomes a reason the
// caller can show; nothing here throws for a network problem.
import { readCapped } from "../../../core/http.js";

export type HttpOutcome = { kind: "ok"; text: string } | { kind: "not-found"; status: number } | { kind: "failed"; reason: string };

export interface HttpOptions {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
}

/** Runs at most `limit` tasks at a time, the rest in the order they arrived. */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${timeoutMs} ms`;
  }
  // fetch wraps the socket error (ECONNREFUSED, ENOTFOUND, …) as the cause of a bare "fetch failed".
  const cause = error instanceof Error ? error.cause : undefined;
  const code = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return `network error: ${code === undefined ? message : `${message} (${code})`}`;
}

/**
 * GETs `url`. 404 and 410 are `not-found`; any other non-2xx answer, a timeout (which covers the
 * body too), a connection failure or an oversized body is `failed` with a reason.
 */
export async function httpGet(url: string, options: HttpOptions): Promise<HttpOutcome> {
  try {
    const response = await fetch(url, {
      headers: { accept: "application/json, text/plain;q=0.9", "user-agent": options.userAgent },
      redirect: "follow",
      credentials: "omit",
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel();
      return { kind: "not-found", status: response.status };
    }
    if (!response.ok) {
      await response.body?.cancel();
      const retry = response.status === 429 ? " (rate limited)" : "";
      return { kind: "failed", reason: `the registry answered HTTP ${response.status}${retry}` };
    }
    if (response.body === null) return { kind: "ok", text: "" };
    const text = await readCapped(response.body, options.maxBytes);
    if (text === undefined) return { kind: "failed", reason: `the answer is larger than ${options.maxBytes} bytes` };
    return { kind: "ok", text };
  } catch (error) {
    return { kind: "failed", reason: describeError(error, options.timeoutMs) };
  }
}
