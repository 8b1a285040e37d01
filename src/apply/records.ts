import type { ApiErrorRecord } from "../lockfile/types.js";
import type { EntryOrigin } from "../provider/types.js";
import type { JsonObject } from "../util/canonical-json.js";

/**
 * One line of the write-ahead journal (`<lockfile>.journal`, NDJSON). `begin` opens a run; an `intent`
 * is durable before its request leaves; exactly one result record follows when the outcome is known.
 * The API key is never part of a record: bodies carry only the request fields.
 */
export type JournalRecord =
  /** `total`: requests this run means to send, so `status` can say how far a running apply has got. */
  | { t: "begin"; campaign: string; at: string; total?: number }
  /** `moved_from`: a renamed key's old key, whose entry moves to `key` before this request (fold.ts). */
  | { t: "intent"; key: string; hash: string; generation: number; session_id: string; body: JsonObject; at: string; moved_from?: string } & EntryOrigin
  | ResultRecord;

/**
 * Every result also names its request's hash and generation (absent in journals of older versions), so a
 * created TaskId can be recorded even when its intent line was damaged.
 */
interface ResultOf {
  key: string;
  session_id: string;
  hash?: string;
  generation?: number;
  at: string;
}

export type ResultRecord =
  | (ResultOf & { t: "created"; task_id: string; request_id?: string })
  | (ResultOf & { t: "rejected"; error: ApiErrorRecord })
  | (ResultOf & { t: "duplicate"; error: ApiErrorRecord })
  /** The request may have reached the API but no answer was seen (timeouts, resets, abort). */
  | (ResultOf & { t: "in_doubt"; error?: ApiErrorRecord })
  /** Certainly never created (refused connection, 429s, 401): the entry is as it was before. */
  | (ResultOf & { t: "unsent"; error?: ApiErrorRecord });

const RESULT_TYPES = new Set(["created", "rejected", "duplicate", "in_doubt", "unsent"]);

/** Minimal shape check, so a hand-edited or foreign line cannot crash the fold. */
export function isJournalRecord(value: unknown): value is JournalRecord {
  if (value === null || typeof value !== "object") return false;
  const r = value as Record<string, unknown>;
  if (r.t === "begin") return typeof r.campaign === "string";
  if (typeof r.key !== "string" || typeof r.session_id !== "string") return false;
  if (r.t === "intent") {
    return typeof r.hash === "string" && typeof r.generation === "number" && r.body !== null && typeof r.body === "object";
  }
  if (r.t === "created") return typeof r.task_id === "string";
  return RESULT_TYPES.has(String(r.t));
}
