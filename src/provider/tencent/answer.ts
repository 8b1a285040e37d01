// A Tencent answer read the way every action's answer is read: a transport failure or an API error (with
// whether it is worth trying again), else the unwrapped `Response`.
import { classifyQueryError } from "../../api/query.js";
import { extractApiError } from "../../api/errors.js";
import { transportErrorCode, type HttpResult } from "../../api/http.js";
import type { ApiErrorRecord } from "../../lockfile/types.js";

export type TencentAnswer<T> =
  { ok: true; response: T | undefined } | { ok: false; error: ApiErrorRecord; retryable: boolean };

export function readAnswer<T>(result: HttpResult): TencentAnswer<T> {
  if (!result.ok)
    return {
      ok: false,
      error: { code: transportErrorCode(result.reason), message: result.message },
      retryable: result.reason !== "aborted",
    };
  const error = extractApiError(result.status, result.body, result.text);
  if (error) return { ok: false, error, retryable: classifyQueryError(error).kind === "retryable" };
  return { ok: true, response: (result.body as { Response?: T } | null)?.Response };
}
