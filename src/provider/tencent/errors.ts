// What the SDK throws (TencentCloudSDKHttpException: `code` and `requestId` for an API error, `httpCode` for a
// non-200 answer, only a message for a transport failure) -> the transport result src/api classifies, so an
// SDK answer goes through exactly the rules a gateway answer goes through.
import type { HttpResult } from "../../api/http.js";
import { redactStrings, type Redactor } from "../../api/redact.js";
import { REFUSED_REDIRECT, TOO_LARGE_ANSWER } from "./transport.js";

interface SdkException {
  message?: string;
  code?: string;
  requestId?: string;
  httpCode?: number;
}

/** Secrets are redacted (every form: src/api/redact.ts) from anything the API or the SDK says before it reaches a record. */
export function sdkFailureResult(thrown: unknown, signal: AbortSignal | undefined, redactor: Redactor): HttpResult {
  const e = (thrown ?? {}) as SdkException;
  const message = redactor.text(typeof e.message === "string" ? e.message : String(thrown));
  if (typeof e.code === "string" && e.code !== "") {
    const code = redactor.text(e.code);
    const error = { Code: code, Message: withConfigurationHint(code, message) };
    return answered(200, { Response: { Error: error, RequestId: redactor.text(e.requestId ?? "") } }, message);
  }
  if (typeof e.httpCode === "number") return answered(e.httpCode, null, message, redirectHeaders(e.httpCode, message));
  if (message.includes(TOO_LARGE_ANSWER)) return { ok: false, reason: "too_large", message };
  if (signal?.aborted || /\baborted\b/i.test(message)) return { ok: false, reason: "aborted", message };
  if (/network timeout|timed? ?out/i.test(message)) return { ok: false, reason: "timeout", message };
  return { ok: false, reason: "network", message };
}

/** An SDK success: the SDK returns `Response` unwrapped; src/api reads it wrapped, as the wire has it. */
export function sdkSuccessResult(response: unknown, redactor: Redactor): HttpResult {
  return answered(200, { Response: redactStrings(response, redactor) }, "");
}

function answered(status: number, body: unknown, text: string, headers = new Headers()): HttpResult {
  return { ok: true, status, headers, body, text };
}

/** A redirect the transport refused (transport.ts): its Location, for the configuration error that names it. */
function redirectHeaders(status: number, message: string): Headers {
  const at = message.indexOf(REFUSED_REDIRECT);
  if (status < 300 || status >= 400 || at === -1) return new Headers();
  try {
    return new Headers({ location: message.slice(at + REFUSED_REDIRECT.length) });
  } catch {
    return new Headers();
  }
}

// Tencent's signature refusals are configuration mistakes on our side: say which setting to fix.
const HINTS: Record<string, string> = {
  "AuthFailure.SecretIdNotFound": "TENCENTCLOUD_SECRET_ID is not a SecretId the API knows",
  "AuthFailure.SignatureFailure":
    "TENCENTCLOUD_SECRET_KEY does not match TENCENTCLOUD_SECRET_ID (or something between here and the API changed the request)",
  "AuthFailure.SignatureExpire":
    "the request's timestamp is more than 5 minutes off the API's clock: correct this machine's clock (TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not the problem)",
  "AuthFailure.InvalidAuthorization":
    "the Authorization header was refused: check TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and REELFORM_TENCENT_ENDPOINT",
  "AuthFailure.TokenFailure": "TENCENTCLOUD_SESSION_TOKEN is wrong or expired",
  "InvalidParameterValue.SubAppId":
    "TENCENTCLOUD_VOD_SUBAPP_ID (or the manifest's tencent.sub_app_id) is not a sub-application of this account",
};

function withConfigurationHint(code: string, message: string): string {
  const hint = HINTS[code];
  return hint ? `configuration error: ${hint} (API said: ${message})` : message;
}
