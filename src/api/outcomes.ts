// What a create or a query came to, whatever carried it: the outcomes of the provider seam
// (src/provider/types.ts). Each provider maps its own transport onto them: the gateway its HTTP answers
// (create.ts, query.ts, endpoint.ts: status codes, headers, web pages), the tencent provider the SDK's answers
// and exceptions (src/provider/tencent/outcomes.ts). The rules they share are here, in terms of an API error
// record, a transport failure or an answer's `Response` object, never of an HTTP status or header.
import type { ApiErrorRecord, TaskRecord } from "../lockfile/types.js";
import { classifyApiError, isRetryableApiCode, mayHaveCreated } from "./classify.js";
import { interpretTaskDetail } from "./interpret.js";
import { recordableError, redactStrings, type Redactor } from "./redact.js";
import { taskIdProblem } from "./task-id.js";

/** Every answer to a create request, classified as docs/api.md says. */
export type CreateOutcome =
  | { kind: "created"; taskId: string; requestId?: string }
  /**
   * 429, 5xx, RequestLimitExceeded*, InternalError, generic FailedOperation, network errors, timeouts.
   * `maybeCreated`: false only when the request certainly created nothing (throttled at the door, never sent,
   * no server reached). `unreachable`: no server was reached at all (connection refused, unknown host, TLS refused).
   */
  | { kind: "retryable"; error: ApiErrorRecord; retryAfterMs?: number; maybeCreated: boolean; unreachable?: boolean }
  /** The API refused this request as invalid: record, report, go on with the others. */
  | { kind: "rejected"; error: ApiErrorRecord }
  /** Nothing else will succeed (401/403, AuthFailure.*, quota exhausted, a misconfigured endpoint): stop the run. */
  | { kind: "fatal"; error: ApiErrorRecord }
  /** The session_id was already used: the task exists, its TaskId is not returned. */
  | { kind: "duplicate"; error: ApiErrorRecord };

/** Every answer to a query request. */
export type QueryOutcome =
  | { kind: "ok"; task: Omit<TaskRecord, "checked_at">; requestId?: string; echo?: TaskEcho }
  | { kind: "retryable"; error: ApiErrorRecord; retryAfterMs?: number; unreachable?: boolean }
  | { kind: "not_found"; error: ApiErrorRecord }
  | { kind: "fatal"; error: ApiErrorRecord };

/** What a task's detail echoes of the request that created it (`reelform import` compares it with the key's request). */
export interface TaskEcho {
  /** AigcVideoTask.Input: the request's fields in PascalCase (ModelName, Prompt, OutputConfig, …). */
  input?: Record<string, unknown>;
  /** AigcVideoTask.SessionId, when the task was created with one. */
  sessionId?: string;
  /** CreateTime, as the API wrote it. */
  createTime?: string;
}

/** Why there was no answer at all; `not_sent`: the request never left (the gateway's key cannot be a header). */
export type TransportFailure = "timeout" | "network" | "aborted" | "too_large" | "not_sent";

const TRANSPORT_CODES: Record<TransportFailure, string> = {
  timeout: "Timeout",
  aborted: "Aborted",
  network: "NetworkError",
  too_large: "ResponseTooLarge",
  not_sent: "NotSent",
};

/** The error code a transport failure is recorded with. */
export function transportErrorCode(reason: TransportFailure): string {
  return TRANSPORT_CODES[reason];
}

// Connection refused, a name that does not resolve, a TLS refusal: the request never left this machine.
const NEVER_SENT = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|CERT_|ERR_TLS|DEPTH_ZERO|SELF_SIGNED)/;

/** A transport failure's message says no server was reached at all. */
function reachedNoServer(message: string): boolean {
  return NEVER_SENT.test(message);
}

/** Tencent's answers (and a gateway's) for an unknown or too-old TaskId; the exact code is unconfirmed. */
export function isTaskNotFoundCode(code: string): boolean {
  return (
    /^ResourceNotFound/.test(code) || code === "InvalidParameterValue.TaskId" || /task.?not.?(exist|found)/i.test(code)
  );
}

/** The API's own error (any shape, any transport) -> retryable | rejected | fatal | duplicate. */
export function createOutcomeOfError(error: ApiErrorRecord, retryAfterMs?: number): CreateOutcome {
  const kind = classifyApiError(error);
  if (kind !== "retryable") return { kind, error };
  const outcome: CreateOutcome = { kind, error, maybeCreated: mayHaveCreated(error) };
  if (retryAfterMs !== undefined) outcome.retryAfterMs = retryAfterMs;
  return outcome;
}

/**
 * An answer without an error: a success only when `Response.TaskId` is a TaskId. `status` is the HTTP status
 * it came with (200 for the SDK), named in the message of a malformed one.
 */
export function createOutcomeOfResponse(response: unknown, status: number): CreateOutcome {
  const answer = response as { TaskId?: unknown; RequestId?: unknown } | null | undefined;
  const notATaskId = typeof answer?.TaskId === "string" ? taskIdProblem(answer.TaskId) : undefined;
  if (typeof answer?.TaskId === "string" && answer.TaskId !== "" && !notATaskId) {
    const requestId = typeof answer.RequestId === "string" ? answer.RequestId : undefined;
    return requestId
      ? { kind: "created", taskId: answer.TaskId, requestId }
      : { kind: "created", taskId: answer.TaskId };
  }
  // The server answered but we cannot tell what it did: retry with the same session_id (a created
  // task then shows up as a duplicate rather than a second task).
  const error: ApiErrorRecord = {
    code: "MalformedResponse",
    message: `HTTP ${status} ${notATaskId ? `whose ${notATaskId}` : "without Response.TaskId"}`,
    http_status: status,
  };
  return { kind: "retryable", error, maybeCreated: true };
}

/** No answer: retryable; certainly not created when it was never sent or reached no server. */
export function createOutcomeOfTransport(reason: TransportFailure, message: string): CreateOutcome {
  const error = { code: transportErrorCode(reason), message };
  if (reason === "not_sent") return { kind: "retryable", error, maybeCreated: false };
  return reason === "network" && reachedNoServer(message)
    ? { kind: "retryable", error, maybeCreated: false, unreachable: true }
    : { kind: "retryable", error, maybeCreated: true };
}

/** The API's own error for a query -> not_found | retryable | fatal. */
export function queryOutcomeOfError(error: ApiErrorRecord, retryAfterMs?: number): QueryOutcome {
  const status = error.http_status ?? 200;
  const code = error.code;
  // A 404 gets here only when the API itself said "no such task" (endpoint.ts configurationProblem).
  if (status === 404 || isTaskNotFoundCode(code)) return { kind: "not_found", error };
  if (status === 429 || status >= 500 || isRetryableApiCode(code)) {
    return retryAfterMs === undefined ? { kind: "retryable", error } : { kind: "retryable", error, retryAfterMs };
  }
  return { kind: "fatal", error };
}

/**
 * A query's answer without an error: the task (DescribeTaskDetail's `Response`), its RequestId and echo. `body`
 * is `{"Response": {...}}` as the wire has it, or (tolerated, docs/api.md) the inner object itself.
 */
export function queryOutcomeOfAnswer(body: unknown): QueryOutcome {
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

/** No answer to a query: retryable (`unreachable` when no server was reached). */
export function queryOutcomeOfTransport(reason: TransportFailure, message: string): QueryOutcome {
  const error = { code: transportErrorCode(reason), message };
  return reason === "network" && reachedNoServer(message)
    ? { kind: "retryable", error, unreachable: true }
    : { kind: "retryable", error };
}

/**
 * What is shown and recorded, with the secrets redacted. The TaskId is data and is never altered: one that holds
 * a secret (an API echoing it) is not recorded at all; the retry finds the task by its session_id.
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
 * What is shown and recorded of a query's outcome: errors redacted and bounded; a task record holding a secret
 * anywhere (its error, output URLs, media names, RequestId: any field, any encoding) has it replaced by
 * `[redacted]` (docs/security.md). Shared by every provider.
 */
export function redactQueryOutcome(outcome: QueryOutcome, redactor: Redactor): QueryOutcome {
  if (outcome.kind !== "ok") return { ...outcome, error: recordableError(outcome.error, redactor) };
  const text = JSON.stringify(outcome);
  return redactor.text(text) === text ? outcome : redactStrings(outcome, redactor);
}
