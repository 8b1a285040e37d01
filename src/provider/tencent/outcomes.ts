// The SDK's answers and failures -> the provider seam's outcomes, directly: an API refusal by its code, a
// transport failure by its reason, an answer with another HTTP status by the gateway's configuration rules
// (src/api/endpoint.ts statusProblem: Tencent's API answers everything with 200, so any other status came from
// something between here and the API), a success by its Response.
import { checkSetting, statusProblem } from "../../api/endpoint.js";
import { extractApiError } from "../../api/errors.js";
import {
  createOutcomeOfError,
  createOutcomeOfResponse,
  createOutcomeOfTransport,
  queryOutcomeOfAnswer,
  queryOutcomeOfError,
  queryOutcomeOfTransport,
  transportErrorCode,
  type CreateOutcome,
  type QueryOutcome,
} from "../../api/outcomes.js";
import type { ApiErrorRecord } from "../../lockfile/types.js";
import type { SdkAnswer } from "./client.js";
import type { SdkFailure } from "./errors.js";

/** The setting a configuration error (a redirect, a web page, no such endpoint) asks to check. */
const TENCENT_SETTING = "REELFORM_TENCENT_ENDPOINT";

/** CreateAigcVideoTask's answer -> created | retryable | rejected | fatal | duplicate. */
export function createOutcomeOfSdk(answer: SdkAnswer): CreateOutcome {
  if (answer.ok) return createOutcomeOfResponse(answer.response, 200);
  const failure = answer.failure;
  if (failure.kind === "transport") return createOutcomeOfTransport(failure.reason, failure.message);
  if (failure.kind === "refused") return createOutcomeOfError(failure.error);
  const read = otherStatus(failure, "create");
  if (read.fatal) return { kind: "fatal", error: read.fatal };
  return read.error ? createOutcomeOfError(read.error) : createOutcomeOfResponse(undefined, failure.status);
}

/** DescribeTaskDetail's answer -> ok | retryable | not_found | fatal. */
export function queryOutcomeOfSdk(answer: SdkAnswer): QueryOutcome {
  if (answer.ok) return queryOutcomeOfAnswer({ Response: answer.response });
  const failure = answer.failure;
  if (failure.kind === "transport") return queryOutcomeOfTransport(failure.reason, failure.message);
  if (failure.kind === "refused") return queryOutcomeOfError(failure.error);
  const read = otherStatus(failure, "query");
  if (read.fatal) return { kind: "fatal", error: read.fatal };
  return read.error ? queryOutcomeOfError(read.error) : queryOutcomeOfAnswer(null);
}

/** A listing's answer (DescribeTasks, DescribeMediaInfos): its Response, or an error and whether to try again. */
export type TencentAnswer<T> =
  { ok: true; response: T | undefined } | { ok: false; error: ApiErrorRecord; retryable: boolean };

export function listingAnswer<T>(answer: SdkAnswer): TencentAnswer<T> {
  if (answer.ok) return { ok: true, response: answer.response as T | undefined };
  const failure = answer.failure;
  if (failure.kind === "transport") {
    const error = { code: transportErrorCode(failure.reason), message: failure.message };
    return { ok: false, error, retryable: failure.reason !== "aborted" };
  }
  const error = failure.kind === "refused" ? failure.error : statusError(failure);
  if (!error) return { ok: true, response: undefined };
  return { ok: false, error, retryable: queryOutcomeOfError(error).kind === "retryable" };
}

type StatusFailure = Extract<SdkFailure, { kind: "status" }>;

/** An answer with another status: a configuration error that stops the run, else the error it stands for. */
function otherStatus(
  failure: StatusFailure,
  endpoint: "create" | "query",
): { fatal: ApiErrorRecord; error?: undefined } | { fatal?: undefined; error: ApiErrorRecord | null } {
  const facts = {
    status: failure.status,
    location: failure.location,
    // The SDK keeps no body of such an answer, only its statusText.
    webPage: /^\s*</.test(failure.message),
    apiShaped: false,
    own: () => statusError(failure),
  };
  const fatal = statusProblem(facts, endpoint, checkSetting(TENCENT_SETTING));
  return fatal ? { fatal } : { error: statusError(failure) };
}

/** "HTTP <status>" with the statusText, as src/api/errors.ts reads a bodiless answer; null for a 2xx. */
function statusError(failure: StatusFailure): ApiErrorRecord | null {
  return extractApiError(failure.status, null, failure.message);
}
