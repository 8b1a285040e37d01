// GET /tencent-vod/v1/query/{task_id}: one query, its answer classified (docs/api.md "Query a task", "Errors").
import { isAccountWide } from "./account-wide.js";
import { isRetryableApiCode } from "./classify.js";
import type { ApiErrorRecord } from "../lockfile/types.js";
import { interpretTaskDetail } from "./interpret.js";
import { CONFIGURATION_ERROR, configurationProblem, isTaskNotFoundCode, reachedNoServer } from "./endpoint.js";
import { extractApiError } from "./errors.js";
import { parseRetryAfter, sendJson, transportErrorCode, type FetchLike, type HttpResult } from "./http.js";
import { createRedactor, recordableError, redactStrings, type Redactor } from "./redact.js";
import type { ApiConfig, QueryOutcome, TaskEcho } from "./types.js";
import { systemClock } from "../sched/clock.js";

export interface QueryOptions {
  signal?: AbortSignal;
  fetch?: FetchLike;
  /** For Retry-After given as an HTTP date. */
  now?: number;
}

export function queryPath(taskId: string): string {
  return `/tencent-vod/v1/query/${encodeURIComponent(taskId)}`;
}

export async function queryTask(config: ApiConfig, taskId: string, options: QueryOptions = {}): Promise<QueryOutcome> {
  const result = await sendJson(config, "GET", queryPath(taskId), undefined, options);
  // Shown and recorded with the key redacted; only keys long enough to tell apart are looked for inside the
  // task record (its URLs and times), while error texts are always redacted.
  return redactQueryOutcome(
    classifyQueryResponse(result, options.now ?? systemClock.now(), config.baseUrl),
    createRedactor(config.apiKey),
  );
}

/**
 * What is shown and recorded of a query's outcome: errors redacted and bounded; a task record holding a secret
 * anywhere (its error, output URLs, media names, RequestId: any field, any encoding) has it replaced by
 * `[redacted]` (docs/security.md). Shared by every provider.
 */
export function redactQueryOutcome(outcome: QueryOutcome, redactor: Redactor): QueryOutcome {
  if (outcome.kind !== "ok") return { ...outcome, error: recordableError(outcome.error, redactor) };
  const text = JSON.stringify(outcome);
  return redactor.text(text) === text ? outcome : redactStrings(outcome, redactor);
}

/** A transport result -> ok | retryable | not_found | fatal (a wrong REELFORM_BASE_URL or key is fatal). */
export function classifyQueryResponse(
  result: HttpResult,
  now: number,
  baseUrl?: string,
  setting?: string,
): QueryOutcome {
  if (!result.ok) {
    const error = { code: transportErrorCode(result.reason), message: result.message };
    return result.reason === "network" && reachedNoServer(result.message)
      ? { kind: "retryable", error, unreachable: true }
      : { kind: "retryable", error };
  }
  const misconfigured = configurationProblem(result, "query", baseUrl, setting);
  if (misconfigured) return { kind: "fatal", error: misconfigured };
  const error = extractApiError(result.status, result.body, result.text);
  if (!error) return okOutcome(result.body);
  const retryAfterMs = parseRetryAfter(result.headers.get("retry-after"), now);
  return classifyQueryError(error, retryAfterMs);
}

function okOutcome(body: unknown): QueryOutcome {
  const task = interpretTaskDetail(body);
  const response = (
    body as {
      Response?: {
        RequestId?: unknown;
        CreateTime?: unknown;
        AigcVideoTask?: { Input?: unknown; SessionId?: unknown };
      };
    } | null
  )?.Response;
  const requestId = typeof response?.RequestId === "string" ? response.RequestId : undefined;
  const echo = echoOf(response);
  return { kind: "ok", task, ...(requestId ? { requestId } : {}), ...(echo ? { echo } : {}) };
}

function echoOf(
  response: { CreateTime?: unknown; AigcVideoTask?: { Input?: unknown; SessionId?: unknown } } | undefined,
): TaskEcho | undefined {
  const input = response?.AigcVideoTask?.Input;
  const sessionId = response?.AigcVideoTask?.SessionId;
  const echo: TaskEcho = {};
  if (input !== null && typeof input === "object" && !Array.isArray(input))
    echo.input = input as Record<string, unknown>;
  if (typeof sessionId === "string" && sessionId !== "") echo.sessionId = sessionId;
  if (typeof response?.CreateTime === "string" && response.CreateTime !== "") echo.createTime = response.CreateTime;
  return Object.keys(echo).length > 0 ? echo : undefined;
}

export function classifyQueryError(error: ApiErrorRecord, retryAfterMs?: number): QueryOutcome {
  const status = error.http_status ?? 200;
  const code = error.code;
  if (isNotFound(status, code)) return { kind: "not_found", error };
  if (status === 429 || status >= 500 || isRetryableApiCode(code)) {
    return retryAfterMs === undefined ? { kind: "retryable", error } : { kind: "retryable", error, retryAfterMs };
  }
  return { kind: "fatal", error };
}

function isNotFound(status: number, code: string): boolean {
  // A 404 gets here only when the API itself said "no such task" (configurationProblem).
  return status === 404 || isTaskNotFoundCode(code);
}

/** Errors after which no other query can succeed either: stop the pass. */
export function stopsTheRun(error: ApiErrorRecord): boolean {
  if (error.code === CONFIGURATION_ERROR) return true;
  return isAccountWide(error);
}
