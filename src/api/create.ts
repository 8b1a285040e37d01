import type { ApiErrorRecord } from "../lockfile/types.js";
import type { JsonObject } from "../util/canonical-json.js";
import { classifyApiError, mayHaveCreated } from "./classify.js";
import { configurationProblem, reachedNoServer } from "./endpoint.js";
import { extractApiError } from "./errors.js";
import { parseRetryAfter, sendJson, transportErrorCode, type FetchLike, type HttpResult } from "./http.js";
import { createRedactor, recordableError, type Redactor } from "./redact.js";
import { taskIdProblem } from "./task-id.js";
import type { ApiConfig, CreateOutcome } from "./types.js";
import { systemClock } from "../sched/clock.js";

export const CREATE_PATH = "/tencent-vod/v1/aigc-video";

export interface CreateOptions {
  signal?: AbortSignal;
  fetch?: FetchLike;
  /** For Retry-After given as an HTTP date. */
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
    classifyCreateResponse(result, (options.now ?? systemClock.now)(), config.baseUrl),
    createRedactor(config.apiKey),
  );
}

/**
 * What is shown and recorded, with the key redacted. The TaskId is data and is never altered: one that holds
 * the key (a gateway echoing it) is not recorded at all; the retry finds the task by its session_id.
 */
export function redactCreateOutcome(outcome: CreateOutcome, redactor: Redactor): CreateOutcome {
  if (outcome.kind !== "created") return { ...outcome, error: recordableError(outcome.error, redactor) };
  if (outcome.requestId !== undefined && redactor.text(outcome.requestId) !== outcome.requestId)
    return redactCreateOutcome({ ...outcome, requestId: redactor.text(outcome.requestId) }, redactor);
  if (!redactor.finds(outcome.taskId)) return outcome;
  return {
    kind: "retryable",
    error: { code: "MalformedResponse", message: "Response.TaskId holds the API key", http_status: 200 },
    maybeCreated: true,
  };
}

/**
 * Pure: one transport result -> created | retryable | rejected | fatal | duplicate. An answer that is not
 * the API's (wrong REELFORM_BASE_URL) or refuses the key is fatal: the run stops, nothing is rejected.
 */
export function classifyCreateResponse(
  result: HttpResult,
  now: number,
  baseUrl?: string,
  setting?: string,
): CreateOutcome {
  if (!result.ok) return transportFailure(result);
  const misconfigured = configurationProblem(result, "create", baseUrl, setting);
  if (misconfigured) return { kind: "fatal", error: misconfigured };
  const error = extractApiError(result.status, result.body, result.text);
  if (!error) return successOrMalformed(result);
  const kind = classifyApiError(error);
  if (kind !== "retryable") return { kind, error };
  const retryAfterMs = parseRetryAfter(result.headers.get("retry-after"), now);
  const outcome: CreateOutcome = { kind, error, maybeCreated: mayHaveCreated(error) };
  if (retryAfterMs !== undefined) outcome.retryAfterMs = retryAfterMs;
  return outcome;
}

/** A 2xx without an error is a success only when Response.TaskId is there. */
function successOrMalformed(result: Extract<HttpResult, { ok: true }>): CreateOutcome {
  const response = (result.body as { Response?: { TaskId?: unknown; RequestId?: unknown } } | null)?.Response;
  const notATaskId = typeof response?.TaskId === "string" ? taskIdProblem(response.TaskId) : undefined;
  if (typeof response?.TaskId === "string" && response.TaskId !== "" && !notATaskId) {
    const requestId = typeof response.RequestId === "string" ? response.RequestId : undefined;
    return requestId
      ? { kind: "created", taskId: response.TaskId, requestId }
      : { kind: "created", taskId: response.TaskId };
  }
  // The server answered but we cannot tell what it did: retry with the same session_id (a created
  // task then shows up as a duplicate rather than a second task).
  const error: ApiErrorRecord = {
    code: "MalformedResponse",
    message: `HTTP ${result.status} ${notATaskId ? `whose ${notATaskId}` : "without Response.TaskId"}`,
    http_status: result.status,
  };
  return { kind: "retryable", error, maybeCreated: true };
}

function transportFailure(result: Extract<HttpResult, { ok: false }>): CreateOutcome {
  const code = transportErrorCode(result.reason);
  const error = { code, message: result.message };
  if (result.reason === "not_sent") return { kind: "retryable", error, maybeCreated: false };
  const unreachable = result.reason === "network" && reachedNoServer(result.message);
  return unreachable
    ? { kind: "retryable", error, maybeCreated: false, unreachable: true }
    : { kind: "retryable", error, maybeCreated: true };
}
