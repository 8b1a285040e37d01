// GET /tencent-vod/v1/query/{task_id}: the gateway's query, its HTTP answer mapped to an outcome (outcomes.ts;
// docs/api.md "Query a task", "Errors").
import { isAccountWide } from "./account-wide.js";
import type { ApiErrorRecord } from "../lockfile/types.js";
import { CONFIGURATION_ERROR, configurationProblem } from "./endpoint.js";
import { extractApiError } from "./errors.js";
import { parseRetryAfter, sendJson, type FetchLike, type HttpResult } from "./http.js";
import {
  queryOutcomeOfError,
  queryOutcomeOfAnswer,
  queryOutcomeOfTransport,
  redactQueryOutcome,
  type QueryOutcome,
} from "./outcomes.js";
import { createRedactor } from "./redact.js";
import type { ApiConfig } from "./types.js";

export { queryOutcomeOfError as classifyQueryError } from "./outcomes.js";

export interface QueryOptions {
  signal?: AbortSignal;
  fetch?: FetchLike;
  /** The clock's time, for a Retry-After given as an HTTP date (without it such a date is not honoured). */
  now?: number;
}

function queryPath(taskId: string): string {
  return `/tencent-vod/v1/query/${encodeURIComponent(taskId)}`;
}

export async function queryTask(config: ApiConfig, taskId: string, options: QueryOptions = {}): Promise<QueryOutcome> {
  const result = await sendJson(config, "GET", queryPath(taskId), undefined, options);
  // Shown and recorded with the key redacted; only keys long enough to tell apart are looked for inside the
  // task record (its URLs and times), while error texts are always redacted.
  return redactQueryOutcome(classifyQueryResponse(result, options.now, config.baseUrl), createRedactor(config.apiKey));
}

/** An HTTP result -> ok | retryable | not_found | fatal (a wrong REELFORM_BASE_URL or key is fatal). */
function classifyQueryResponse(result: HttpResult, now: number | undefined, baseUrl?: string): QueryOutcome {
  if (!result.ok) return queryOutcomeOfTransport(result.reason, result.message);
  const misconfigured = configurationProblem(result, "query", baseUrl);
  if (misconfigured) return { kind: "fatal", error: misconfigured };
  const error = extractApiError(result.status, result.body, result.text);
  if (!error) return queryOutcomeOfAnswer(result.body);
  return queryOutcomeOfError(error, parseRetryAfter(result.headers.get("retry-after"), now));
}

/** Errors after which no other query can succeed either: stop the pass. */
export function stopsTheRun(error: ApiErrorRecord): boolean {
  if (error.code === CONFIGURATION_ERROR) return true;
  return isAccountWide(error);
}
