import type { TransportFailure } from "./outcomes.js";
import { createRedactor } from "./redact.js";
import type { ApiConfig } from "./types.js";

/** Largest API answer (create or query) reelform reads; a bigger or endless body is refused as it streams. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * A transport-level answer: either an HTTP response with its parsed body, or why there was none.
 * `body` is parsed from the answer exactly as received (it is data: TaskIds, codes); `text`, which only ever
 * appears in messages, has the API key redacted.
 */
export type HttpResult =
  | { ok: true; status: number; headers: Headers; body: unknown; text: string }
  | { ok: false; reason: TransportFailure; message: string };

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Sends one JSON request with Bearer auth and a timeout. The only place reelform calls fetch.
 * Never puts the API key in a message: errors name the method and path only.
 */
export async function sendJson(
  config: ApiConfig,
  method: "GET" | "POST",
  path: string,
  body: unknown,
  options: { signal?: AbortSignal; fetch?: FetchLike } = {},
): Promise<HttpResult> {
  const doFetch = options.fetch ?? (globalThis.fetch as FetchLike);
  // One plain controller for the timeout and the caller's signal: AbortSignal.timeout() and .any() build
  // transferable signals, which cost a measurable share of apply's CPU at a thousand requests a second.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, config.timeoutMs);
  const unlink = options.signal ? linkAbort(options.signal, controller) : undefined;
  const headers = requestHeaders(config, body !== undefined);
  if (!headers) {
    clearTimeout(timer);
    unlink?.();
    return {
      ok: false,
      reason: "not_sent",
      message: `${method} ${path}: the API key cannot be sent in an HTTP header (not sent)`,
    };
  }
  try {
    const response = await doFetch(`${config.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      // Never follow: a redirect means a wrong REELFORM_BASE_URL, and following a POST re-sends it elsewhere.
      redirect: "manual",
    });
    const raw = await readCapped(response, MAX_ANSWER_BYTES);
    if (raw === undefined)
      return {
        ok: false,
        reason: "too_large",
        message: `${method} ${path}: HTTP ${response.status} answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB; not read further`,
      };
    // An API that echoes the key back must not get it into our output: the text only ever appears in messages.
    return {
      ok: true,
      status: response.status,
      headers: response.headers,
      body: parseJsonOrNull(raw),
      text: createRedactor(config.apiKey).text(raw),
    };
  } catch (error) {
    if (options.signal?.aborted) return { ok: false, reason: "aborted", message: `${method} ${path}: aborted` };
    if (timedOut)
      return { ok: false, reason: "timeout", message: `${method} ${path}: no answer within ${config.timeoutMs} ms` };
    return { ok: false, reason: "network", message: `${method} ${path}: ${describeNetworkError(error)}` };
  } finally {
    clearTimeout(timer);
    unlink?.();
  }
}

/** Requests in flight under each caller signal: one listener per signal, however many requests share it. */
const inFlight = new WeakMap<AbortSignal, Set<AbortController>>();

/** Aborts `controller` when `signal` aborts; returns the unlink to call once the request is over. */
function linkAbort(signal: AbortSignal, controller: AbortController): () => void {
  if (signal.aborted) {
    controller.abort();
    return () => undefined;
  }
  let controllers = inFlight.get(signal);
  if (!controllers) {
    const set = new Set<AbortController>();
    signal.addEventListener("abort", () => set.forEach((c) => c.abort()), { once: true });
    inFlight.set(signal, set);
    controllers = set;
  }
  const set = controllers;
  set.add(controller);
  return () => set.delete(controller);
}

/** The request headers, or undefined when the key cannot be a header value (fetch would echo it in its error). */
function requestHeaders(config: ApiConfig, withBody: boolean): Headers | undefined {
  try {
    const headers = new Headers({
      authorization: `Bearer ${config.apiKey}`,
      "user-agent": config.userAgent,
      accept: "application/json",
    });
    if (withBody) headers.set("content-type", "application/json");
    return headers;
  } catch {
    return undefined;
  }
}

/** The body as text, or undefined once it passes `max` bytes (declared or streamed): never buffered whole. */
async function readCapped(response: Response, max: number): Promise<string | undefined> {
  if (Number(response.headers.get("content-length")) > max || !response.body) {
    await response.body?.cancel();
    return response.body ? undefined : "";
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString("utf8");
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function describeNetworkError(error: unknown): string {
  // Node's fetch wraps the socket error in `cause`; some interceptors (nock) throw it directly.
  const withCode = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const cause = withCode.cause?.code ? withCode.cause : withCode;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return error instanceof Error ? error.message : String(error);
}

/** Retry-After in milliseconds (seconds, or an HTTP date when the time `now` is given), or undefined. */
export function parseRetryAfter(value: string | null, now: number | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  if (now === undefined) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Loopback hosts may use plain http (the simulator); everything else must be https. */
export function isAllowedBaseUrl(url: URL): boolean {
  if (url.protocol === "https:") return true;
  if (url.protocol !== "http:") return false;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}
