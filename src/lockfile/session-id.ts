import { sha256Hex } from "../util/canonical-json.js";
import { flatString } from "../util/flat-string.js";

/**
 * The idempotency key of one generation of one request: deterministic from campaign, key,
 * body hash and generation, so a retry or a re-run can never create a second paid task
 * (the API refuses a repeated session_id for three days). "rf1-" + 40 hex = 44 characters (API max 50).
 */
export function deriveSessionId(campaign: string, key: string, hash: string, generation: number): string {
  const digest = sha256Hex([campaign, key, hash, String(generation)].join("\u0000"));
  return flatString(`rf1-${digest.slice(0, 40)}`); // not a slice of the 64-character digest, kept whole
}
