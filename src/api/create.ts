// POST /tencent-vod/v1/aigc-video: the gateway's create, its HTTP answer mapped to an outcome (outcomes.ts).
import type { JsonObject } from "../util/canonical-json.js";
import { configurationProblem } from "./endpoint.js";
import { extractApiError } from "./errors.js";
import { parseRetryAfter, sendJson, type FetchLike, type HttpResult } from "./http.js";
import {
  createOutcomeOfError,
  createOutcomeOfResponse,
  createOutcomeOfTransport,
  redactCreateOutcome,
  type CreateOutcome,
} from "./outcomes.js";
import { createRedactor } from "./redact.js";
import type { ApiConfig } from "./types.js";

export const CREATE_PATH = "/tencent-vod/v1/aigc-video";

export interface CreateOptions {
  signal?: AbortSignal;
  fetch?: FetchLike;
  /** The clock's time, for a Retry-After given as an HTTP date (without it such a date is not honoured). */
  now?: () => number;
}

/** POSTs one create request (body already carries session_id) and classifies the answer. */
export async function createTask(
  config: ApiConfig,
  body: JsonObject,
  options: CreateOptions = {},
): Promise<CreateOutcome> {
  const result = await sendJson(config, "POST", CREATE_PATH, body, { signal: options.signal, fetch: options.fetch });
  return redactCreateOutcome(
    classifyCreateResponse(result, options.now?.(), config.baseUrl),
    createRedactor(config.apiKey),
  );
}

/**
 * Pure: one HTTP result -> created | retryable | rejected | fatal | duplicate. An answer that is not
 * the API's (wrong REELFORM_BASE_URL) or refuses the key is fatal: the run stops, nothing is rejected.
 */
export function classifyCreateResponse(result: HttpResult, now: number | undefined, baseUrl?: string): CreateOutcome {
  if (!result.ok) return createOutcomeOfTransport(result.reason, result.message);
  const misconfigured = configurationProblem(result, "create", baseUrl);
  if (misconfigured) return { kind: "fatal", error: misconfigured };
  const error = extractApiError(result.status, result.body, result.text);
  if (!error) return createOutcomeOfResponse((result.body as { Response?: unknown } | null)?.Response, result.status);
  return createOutcomeOfError(error, parseRetryAfter(result.headers.get("retry-after"), now));
}
