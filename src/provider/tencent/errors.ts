// What the SDK throws (TencentCloudSDKHttpException: `code` and `requestId` for an API error, `httpCode` for a
// non-200 answer, only a message for a transport failure) -> an SdkFailure, which outcomes.ts maps onto the
// provider seam's outcomes by the same rules as the gateway's answers (src/api/outcomes.ts).
import type { ApiErrorRecord } from "../../lockfile/types.js";
import type { TransportFailure } from "../../api/outcomes.js";
import type { Redactor } from "../../api/redact.js";
import { REFUSED_REDIRECT, TOO_LARGE_ANSWER } from "./transport.js";

/** Why a call did not succeed, as the SDK reports it. */
export type SdkFailure =
  /** The API's own refusal (Tencent answers it with HTTP 200): Code, Message (with a configuration hint), RequestId. */
  | { kind: "refused"; error: ApiErrorRecord }
  /** An answer with another HTTP status (something between here and the API): the SDK keeps only its statusText. */
  | { kind: "status"; status: number; message: string; location: string | null }
  /** No answer at all. */
  | { kind: "transport"; reason: Exclude<TransportFailure, "not_sent">; message: string };

interface SdkException {
  message?: string;
  code?: string;
  requestId?: string;
  httpCode?: number;
}

/** Secrets are redacted (every form: src/api/redact.ts) from anything the API or the SDK says before it reaches a record. */
export function sdkFailure(thrown: unknown, signal: AbortSignal | undefined, redactor: Redactor): SdkFailure {
  const e = (thrown ?? {}) as SdkException;
  const message = redactor.text(typeof e.message === "string" ? e.message : String(thrown));
  if (typeof e.code === "string" && e.code !== "") {
    const code = redactor.text(e.code);
    const error: ApiErrorRecord = { code, message: withConfigurationHint(code, message), http_status: 200 };
    const requestId = redactor.text(e.requestId ?? "");
    if (requestId !== "") error.request_id = requestId;
    return { kind: "refused", error };
  }
  if (typeof e.httpCode === "number")
    return { kind: "status", status: e.httpCode, message, location: refusedRedirect(e.httpCode, message) };
  if (message.includes(TOO_LARGE_ANSWER)) return { kind: "transport", reason: "too_large", message };
  if (signal?.aborted || /\baborted\b/i.test(message)) return { kind: "transport", reason: "aborted", message };
  if (/network timeout|timed? ?out/i.test(message)) return { kind: "transport", reason: "timeout", message };
  return { kind: "transport", reason: "network", message };
}

/** A redirect the transport refused (transport.ts): its Location, for the configuration error that names it. */
function refusedRedirect(status: number, message: string): string | null {
  const at = message.indexOf(REFUSED_REDIRECT);
  if (status < 300 || status >= 400 || at === -1) return null;
  return message.slice(at + REFUSED_REDIRECT.length).trim();
}

// Tencent's signature refusals are configuration mistakes on our side: say which setting to fix. A Map: the code
// is the API's text (`constructor` must find no hint).
const HINTS: ReadonlyMap<string, string> = new Map(
  Object.entries({
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
  }),
);

function withConfigurationHint(code: string, message: string): string {
  const hint = HINTS.get(code);
  return hint ? `configuration error: ${hint} (API said: ${message})` : message;
}
