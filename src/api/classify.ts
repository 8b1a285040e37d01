import type { ApiErrorRecord } from "../lockfile/types.js";
import { isAccountWide } from "./account-wide.js";
import { isTransientTaskError } from "./task-errors.js";

/** What an API error code means for this request and for the run (docs/api.md "Errors"). */
export type ErrorClass = "retryable" | "rejected" | "fatal" | "duplicate";

// The API refuses a repeated session_id with one of these (unconfirmed which one: treat both).
const DUPLICATE_CODES = new Set(["InvalidParameterValue.SessionId", "FailedOperation.TaskDuplicate"]);
// Gateway words for an exhausted or refused account; Tencent's account-wide codes are in account-wide.ts.
const FATAL = [/insufficient_?user_?quota/i, /quota_?exhausted/i, /InsufficientBalance/i, /^invalid_api_key$/i];
const REJECTED = [
  /^InvalidParameter/,
  /^MissingParameter/,
  /^UnsupportedOperation/,
  /^ResourceNotFound/,
  /^OperationDenied/,
];

/**
 * Classifies an error code (any of the three shapes). HTTP status decides first where docs/api.md
 * says so (401/403 stop the run, 429 and 5xx are retried); then the code. An unknown code on a
 * non-5xx answer is treated as a rejection of this request: the API answered definitively, and
 * a blind retry would only repeat it (the user can resubmit with --retry-failed).
 */
export function classifyApiError(error: ApiErrorRecord): ErrorClass {
  const status = error.http_status ?? 200;
  if (status === 401 || status === 403) return "fatal";
  if (status === 429 || status === 408 || status >= 500) return "retryable";
  if (isDuplicateSession(error)) return "duplicate";
  if (isAccountWide(error) || FATAL.some((re) => re.test(error.code))) return "fatal";
  if (isRetryableApiCode(error.code)) return "retryable";
  if (REJECTED.some((re) => re.test(error.code))) return "rejected";
  return "rejected";
}

/**
 * An API error code worth another attempt: the same list as a failed task's transient ErrCodeExt
 * (task-errors.ts), for a create and a query alike — capacity (ResourceInsufficient), rate, internal errors,
 * the generic backlog and timeouts are as temporary for one request as for one task.
 */
export function isRetryableApiCode(code: string): boolean {
  return isTransientTaskError(code);
}

/**
 * Duplicate session_id: the two documented codes, or a generic InvalidParameterValue / FailedOperation
 * whose message says the session id was already used (the wording is unconfirmed for this gateway).
 * InvalidParameterValue.SessionIdTooLong and similar are plain rejections.
 */
function isDuplicateSession(error: ApiErrorRecord): boolean {
  if (DUPLICATE_CODES.has(error.code)) return true;
  if (error.code !== "InvalidParameterValue" && error.code !== "FailedOperation") return false;
  return /session.?id/i.test(error.message) && /(repeat|duplicat|already|exist|used)/i.test(error.message);
}

/** A 429 or a Tencent rate-limit code: refused at the door (and a reason to slow down). */
export function isThrottle(error: ApiErrorRecord): boolean {
  return error.http_status === 429 || error.code.startsWith("RequestLimitExceeded");
}

/** Gateway and relay answers that mean "this request may have reached the upstream and created a task". */
export function mayHaveCreated(error: ApiErrorRecord): boolean {
  // A throttled request is refused at the door; every other retryable answer is ambiguous.
  return !isThrottle(error);
}
