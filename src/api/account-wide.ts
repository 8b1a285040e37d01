// Answers that concern the whole account, not one request: after one of them nothing else can succeed, so
// apply and status both stop at once and say the same thing (docs/api.md "Errors": stop the whole run).
import type { ApiErrorRecord } from "../lockfile/types.js";

const ACCOUNT_WIDE: readonly { pattern: RegExp; meaning: string }[] = [
  { pattern: /^AuthFailure/, meaning: "the credentials were refused" },
  { pattern: /^UnauthorizedOperation/, meaning: "this account may not use the operation" },
  { pattern: /^LimitExceeded\.Quota$/, meaning: "the account's quota is used up" },
  { pattern: /^FailedOperation\.InvalidVodUser$/, meaning: "the account has no VOD service" },
  { pattern: /^InvalidParameterValue\.SubAppId$/, meaning: "the VOD sub-application id is not valid for this account" },
];

function accountWideMeaning(error: Pick<ApiErrorRecord, "code" | "http_status">): string | undefined {
  if (error.http_status === 401 || error.http_status === 403) return "the gateway refused the key";
  return ACCOUNT_WIDE.find((entry) => entry.pattern.test(error.code))?.meaning;
}

/** True for 401/403 and Tencent's account-wide codes. */
export function isAccountWide(error: Pick<ApiErrorRecord, "code" | "http_status">): boolean {
  return accountWideMeaning(error) !== undefined;
}

/** The one wording apply and status use when such an answer stops them. */
export function accountStopMessage(error: Pick<ApiErrorRecord, "code" | "message" | "http_status">): string {
  const meaning = accountWideMeaning(error);
  return `the API refused the account: ${error.code}${meaning ? ` (${meaning})` : ""}: ${error.message}; nothing else can succeed until this is fixed`;
}
