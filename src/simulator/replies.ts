/** What a route decides to answer; the server writes it (or, for some faults, withholds it). */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** One phrase for the admin request log: "created", "ok FINISH", "error <Code>" (Tencent, HTTP 200), "http <status>". */
  outcome: string;
  /** The error code the answer carries, whatever its shape. */
  errorCode?: string;
  taskId?: string;
}

/** Error shape 1: Tencent style, in an HTTP 200. */
export function tencentError(code: string, message: string, requestId: string): Reply {
  return {
    status: 200,
    body: { Response: { Error: { Code: code, Message: message }, RequestId: requestId } },
    outcome: `error ${code}`,
    errorCode: code,
  };
}

/** Error shape 2: gateway (new-api) style, non-2xx. */
export function gatewayError(status: number, code: string, message: string, type = "new_api_error"): Reply {
  return { status, body: { error: { message, type, code } }, outcome: `http ${status}`, errorCode: code };
}

/** Error shape 3: task relay style, non-2xx. */
export function relayError(status: number, code: string, message: string): Reply {
  return { status, body: { code, message, data: null }, outcome: `http ${status}`, errorCode: code };
}

export function unauthorized(): Reply {
  return gatewayError(401, "invalid_api_key", "Invalid token: the API key is missing, wrong or expired.");
}

export function quotaExhausted(): Reply {
  return gatewayError(403, "insufficient_user_quota", "User quota is not enough for this request.");
}

export function rateLimited(retryAfterSeconds: number): Reply {
  const reply = gatewayError(
    429,
    "rate_limit_exceeded",
    "Too many requests: the create endpoint allows a limited number per second.",
    "rate_limit_error",
  );
  return { ...reply, headers: { "retry-after": String(retryAfterSeconds) } };
}

export function upstreamTrouble(status: number): Reply {
  return gatewayError(
    status,
    "bad_response_status_code",
    `Upstream error: the video service answered ${status}.`,
    "upstream_error",
  );
}
