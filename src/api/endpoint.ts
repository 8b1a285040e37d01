// Answers that did not come from the API, or that refuse the credentials: a wrong REELFORM_BASE_URL or
// REELFORM_API_KEY. They stop the run and name the setting; they are never recorded as a rejection of
// the request (only the API's own refusals, in its three error shapes, are: see errors.ts).
import type { ApiErrorRecord } from "../lockfile/types.js";
import { extractApiError, hasApiErrorShape } from "./errors.js";
import type { HttpResult } from "./http.js";
import { isTaskNotFoundCode } from "./outcomes.js";

/** The code a configuration error is recorded and reported with. */
export const CONFIGURATION_ERROR = "ConfigurationError";

type Answer = Extract<HttpResult, { ok: true }>;

/** What the configuration rules need of an answer that came with an HTTP status (from fetch or from the SDK). */
export interface StatusFacts {
  status: number;
  /** A redirect's Location header. */
  location: string | null;
  /** The body is a web page (text/html, or text that starts with `<`). */
  webPage: boolean;
  /** The body is in one of the API's error shapes (errors.ts). */
  apiShaped: boolean;
  /** The error the body holds (errors.ts extractApiError), read only when a rule needs it. */
  own(): ApiErrorRecord | null;
}

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
  const facts: StatusFacts = {
    status: answer.status,
    location: answer.headers.get("location"),
    webPage: looksLikeHtml(answer),
    apiShaped: hasApiErrorShape(answer.body),
    own: () => extractApiError(answer.status, answer.body, answer.text),
  };
  return statusProblem(facts, endpoint, checkSetting(setting, baseUrl));
}

/** "check SETTING (now URL)": what a configuration error asks to fix. */
export function checkSetting(setting: string, baseUrl?: string): string {
  return `check ${setting}${baseUrl ? ` (now ${displayBaseUrl(baseUrl)})` : ""}`;
}

/** The rules of configurationProblem over the facts of an answer; `check` is checkSetting's phrase. */
export function statusProblem(facts: StatusFacts, endpoint: "create" | "query", check: string): ApiErrorRecord | null {
  const { status } = facts;
  if (status >= 300 && status < 400) {
    const to = facts.location ? ` to ${facts.location}` : "";
    return problem(status, `HTTP ${status}: a redirect${to}, which reelform never follows for API calls: ${check}`);
  }
  if (status === 401 || status === 403) return credentialProblem(status, facts.own());
  if (status === 408 || status === 429 || status >= 500) return null; // transient trouble on the way: retried
  if (facts.webPage) return problem(status, `HTTP ${status} with a web page, not an API answer: ${check}`);
  if (status === 405 || (status === 404 && !(endpoint === "query" && saysTaskNotFound(facts)))) {
    return problem(status, `HTTP ${status}: there is no ${endpoint} endpoint at this address: ${check}`);
  }
  if (status >= 400 && !facts.apiShaped)
    return problem(status, `HTTP ${status} in none of the API's error shapes: ${check}`);
  return null;
}

/** 401/403: the API's own code and words, and the setting to check (a key refused, expired or out of quota). */
function credentialProblem(status: number, own: ApiErrorRecord | null): ApiErrorRecord {
  const words = own?.message ? `: ${own.message}` : "";
  return {
    code: own?.code ?? `HTTP${status}`,
    message: `the API refused the credentials (HTTP ${status}${words}): check REELFORM_API_KEY (and that REELFORM_BASE_URL is the gateway that issued it)`,
    http_status: status,
  };
}

function problem(status: number, message: string): ApiErrorRecord {
  return { code: CONFIGURATION_ERROR, message, http_status: status };
}

function looksLikeHtml(answer: Answer): boolean {
  if (/\btext\/html\b/i.test(answer.headers.get("content-type") ?? "")) return true;
  return /^\s*</.test(answer.text);
}

function saysTaskNotFound(facts: StatusFacts): boolean {
  const own = facts.apiShaped ? facts.own() : null;
  return own !== null && isTaskNotFoundCode(own.code);
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
