import type { ApiErrorRecord } from "../lockfile/types.js";
import { taskIdProblem } from "../api/task-id.js";
import { keyProblem } from "../expand/keys.js";
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
  | ({
      t: "intent";
      key: string;
      hash: string;
      generation: number;
      session_id: string;
      body: JsonObject;
      at: string;
      moved_from?: string;
    } & EntryOrigin)
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

/**
 * Shape check, so a hand-edited, foreign or forged line (`recover --from` reads what it is given) cannot crash
 * the fold or record what the API path would refuse: a key apply could not have made, a TaskId that is not one
 * (taskIdProblem), a generation that is not a whole number from 1 up.
 */
export function isJournalRecord(value: unknown): value is JournalRecord {
  if (value === null || typeof value !== "object") return false;
  const r = value as Record<string, unknown>;
  if (r.t === "begin") return typeof r.campaign === "string";
  if (typeof r.key !== "string" || keyProblem(r.key) !== undefined || !isSessionId(r.session_id)) return false;
  if (r.generation !== undefined && !isGeneration(r.generation)) return false;
  if (r.t === "intent") {
    return typeof r.hash === "string" && r.generation !== undefined && r.body !== null && typeof r.body === "object";
  }
  if (r.t === "created") return typeof r.task_id === "string" && taskIdProblem(r.task_id) === undefined;
  return RESULT_TYPES.has(String(r.t));
}

/** Generations count replacements of one key: far below this. */
const MAX_GENERATION = 1_000_000;

function isGeneration(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= MAX_GENERATION;
}

/** The API takes a session_id of at most 50 characters; a longer or multi-line one was never sent. */
function isSessionId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= 50 && !/[\u0000-\u001f\u007f]/.test(value);
}
