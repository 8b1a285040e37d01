import type { ApiErrorRecord, TaskRecord } from "../lockfile/types.js";

export interface ApiConfig {
  /** No trailing slash. https, or http only to a loopback host. */
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  userAgent: string;
}

/** Every answer to a create request, classified as docs/api.md says. */
export type CreateOutcome =
  | { kind: "created"; taskId: string; requestId?: string }
  /**
   * 429, 5xx, RequestLimitExceeded*, InternalError, generic FailedOperation, network errors, timeouts.
   * `unreachable`: no server was reached at all (connection refused, unknown host, TLS refused).
   */
  | { kind: "retryable"; error: ApiErrorRecord; retryAfterMs?: number; maybeCreated: boolean; unreachable?: boolean }
  /** The API refused this request as invalid: record, report, go on with the others. */
  | { kind: "rejected"; error: ApiErrorRecord }
  /** Nothing else will succeed (401/403, AuthFailure.*, quota exhausted): stop the run. */
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
