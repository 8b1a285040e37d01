// Answers that did not come from the API, or that refuse the credentials: a wrong REELFORM_BASE_URL or
// REELFORM_API_KEY. They stop the run and name the setting; they are never recorded as a rejection of
// the request (only the API's own refusals, in its three error shapes, are: see errors.ts).
import type { ApiErrorRecord } from "../lockfile/types.js";
import { extractApiError, hasApiErrorShape } from "./errors.js";
import type { HttpResult } from "./http.js";

/** The code a configuration error is recorded and reported with. */
export const CONFIGURATION_ERROR = "ConfigurationError";

type Answer = Extract<HttpResult, { ok: true }>;

/**
 * null when the answer may be the API's own; otherwise the error that stops the run. `endpoint` says
 * which route was called: a 404 from the query route may mean "no such task" when the API says so.
 */
export function configurationProblem(
  answer: Answer,
  endpoint: "create" | "query",
  baseUrl?: string,
  setting = "REELFORM_BASE_URL",
): ApiErrorRecord | null {
  const { status } = answer;
  const checkBase = `check ${setting}${baseUrl ? ` (now ${displayBaseUrl(baseUrl)})` : ""}`;
  if (status >= 300 && status < 400) {
    const location = answer.headers.get("location");
    return problem(
      status,
      `HTTP ${status}: a redirect${location ? ` to ${location}` : ""}, which reelform never follows for API calls: ${checkBase}`,
    );
  }
  if (status === 401 || status === 403) return credentialProblem(answer);
  if (status === 408 || status === 429 || status >= 500) return null; // transient trouble on the way: retried
  if (looksLikeHtml(answer)) return problem(status, `HTTP ${status} with a web page, not an API answer: ${checkBase}`);
  if (status === 405 || (status === 404 && !(endpoint === "query" && saysTaskNotFound(answer)))) {
    return problem(status, `HTTP ${status}: there is no ${endpoint} endpoint at this address: ${checkBase}`);
  }
  if (status >= 400 && !hasApiErrorShape(answer.body))
    return problem(status, `HTTP ${status} in none of the API's error shapes: ${checkBase}`);
  return null;
}

/** 401/403: the API's own code and words, and the setting to check (a key refused, expired or out of quota). */
function credentialProblem(answer: Answer): ApiErrorRecord {
  const own = extractApiError(answer.status, answer.body, answer.text);
  const words = own?.message ? `: ${own.message}` : "";
  return {
    code: own?.code ?? `HTTP${answer.status}`,
    message: `the API refused the credentials (HTTP ${answer.status}${words}): check REELFORM_API_KEY (and that REELFORM_BASE_URL is the gateway that issued it)`,
    http_status: answer.status,
  };
}

function problem(status: number, message: string): ApiErrorRecord {
  return { code: CONFIGURATION_ERROR, message, http_status: status };
}

function looksLikeHtml(answer: Answer): boolean {
  if (/\btext\/html\b/i.test(answer.headers.get("content-type") ?? "")) return true;
  return /^\s*</.test(answer.text);
}

/** Tencent's answers (and a gateway's) for an unknown or too-old TaskId; the exact code is unconfirmed. */
export function isTaskNotFoundCode(code: string): boolean {
  return (
    /^ResourceNotFound/.test(code) || code === "InvalidParameterValue.TaskId" || /task.?not.?(exist|found)/i.test(code)
  );
}

function saysTaskNotFound(answer: Answer): boolean {
  const own = hasApiErrorShape(answer.body) ? extractApiError(answer.status, answer.body, answer.text) : null;
  return own !== null && isTaskNotFoundCode(own.code);
}

// Connection refused, a name that does not resolve, a TLS refusal: the request never left this machine.
const NEVER_SENT = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|CERT_|ERR_TLS|DEPTH_ZERO|SELF_SIGNED)/;

/** A transport failure's message says no server was reached at all. */
export function reachedNoServer(message: string): boolean {
  return NEVER_SENT.test(message);
}

/**
 * Attempts after which "no server reached" is a configuration error when no request of this run has had
 * an HTTP answer yet: a wrong REELFORM_BASE_URL (host or port), not a passing outage. Bounded: with the
 * default backoff the three attempts take at most 1.5 s.
 */
export const UNREACHABLE_ATTEMPTS = 3;

export function unreachableError(error: ApiErrorRecord, attempts: number): ApiErrorRecord {
  return {
    code: CONFIGURATION_ERROR,
    message: `no request of this run could reach the API (${attempts} attempts; last: ${error.message}): check REELFORM_BASE_URL (host and port) and the network`,
  };
}

/** The base URL as a message may show it: no user name, password or query. */
function displayBaseUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    url.username = "";
    url.password = "";
    url.search = "";
    return url.toString().replace(/\/$/, "");
  } catch {
    return "(not a URL)";
  }
}
