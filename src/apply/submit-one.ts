import type { CreateOutcome } from "../api/types.js";
import type { ApiErrorRecord } from "../lockfile/types.js";
import { backoffDelay, type BackoffPolicy } from "../sched/backoff.js";
import type { Clock } from "../sched/clock.js";
import type { TokenBucket } from "../sched/token-bucket.js";
import type { SharedBudget } from "./shared-budget.js";
import type { EntryOrigin } from "../provider/types.js";
import type { JsonObject } from "../util/canonical-json.js";
import type { EventSink } from "./events.js";
import type { RateGovernor } from "./governor.js";
import { isThrottle } from "../api/classify.js";
import { UNREACHABLE_ATTEMPTS, unreachableError } from "../api/endpoint.js";

/** One request to send: the plan entry's body with session_id (and session_context) already set. */
export interface SubmitItem {
  key: string;
  hash: string;
  generation: number;
  session_id: string;
  body: JsonObject;
  /** The provider (and sub-application) it is sent to, journaled with its intent. */
  origin?: EntryOrigin;
  /** A renamed key: the old key whose entry moves here first (journaled, so a crashed run's fold moves it too). */
  movedFrom?: string;
}

/** Sends one create request; createTask bound to a config and fetch. */
export type CreateClient = (body: JsonObject, signal: AbortSignal) => Promise<CreateOutcome>;

export type ItemResult =
  | { kind: "created"; taskId: string; requestId?: string; attempts: number }
  | { kind: "rejected" | "duplicate"; error: ApiErrorRecord }
  | { kind: "fatal"; error: ApiErrorRecord; maybeCreated: boolean }
  /** Gave up: in_doubt when some attempt may have reached the API, failed when none did. */
  | { kind: "in_doubt" | "failed"; error: ApiErrorRecord };

export interface SubmitRuntime {
  client: CreateClient;
  clock: Clock;
  bucket: TokenBucket;
  /** The account's rate shared with other runners, after this run's own (absent: not shared). */
  shared?: SharedBudget;
  governor: RateGovernor;
  backoff: BackoffPolicy;
  emit: EventSink;
  /** Stop starting attempts (Ctrl-C, fatal error). */
  stop: AbortSignal;
  /** Abort attempts in flight (second Ctrl-C, drain timeout). */
  abort: AbortSignal;
  /** Shared by the run's items: has any request of this run had an HTTP answer (UNREACHABLE_ATTEMPTS)? */
  reach: { answered: boolean };
}

const STOPPED: ApiErrorRecord = { code: "Interrupted", message: "the run stopped before this request got an answer" };

/** The attempt loop for one item: the same body and session_id on every attempt; retries only the retryable class. */
export async function submitOne(item: SubmitItem, rt: SubmitRuntime): Promise<ItemResult> {
  let maybeCreated = false;
  let lastError: ApiErrorRecord = STOPPED;
  for (let attempt = 1; attempt <= rt.backoff.maxAttempts; attempt += 1) {
    await rt.bucket.acquire(rt.stop);
    if (rt.shared && !rt.stop.aborted) await rt.shared.acquire(rt.stop);
    if (rt.stop.aborted) break;
    rt.governor.noteStart();
    const sentAt = rt.clock.now();
    const outcome = await rt.client(item.body, rt.abort);
    rt.governor.onAnswer();
    if (outcome.kind !== "retryable" || outcome.error.http_status !== undefined) rt.reach.answered = true;
    if (outcome.kind === "created")
      return { kind: "created", taskId: outcome.taskId, ...requestIdOf(outcome), attempts: attempt };
    if (outcome.kind === "fatal") return { kind: "fatal", error: outcome.error, maybeCreated };
    if (outcome.kind !== "retryable") return { kind: outcome.kind, error: outcome.error };
    if (outcome.unreachable && !rt.reach.answered && attempt >= UNREACHABLE_ATTEMPTS)
      return { kind: "fatal", error: unreachableError(outcome.error, attempt), maybeCreated };
    maybeCreated ||= outcome.maybeCreated;
    lastError = outcome.error;
    if (isThrottle(outcome.error)) rt.governor.onThrottled(sentAt);
    if (attempt === rt.backoff.maxAttempts || rt.abort.aborted || rt.stop.aborted) break;
    const delay = backoffDelay(rt.backoff, attempt, () => rt.clock.random(), outcome.retryAfterMs);
    rt.emit({ event: "retry", key: item.key, attempt, delay_ms: delay, ...errorFields(outcome.error) });
    await rt.clock.sleep(delay, rt.stop);
  }
  return { kind: maybeCreated ? "in_doubt" : "failed", error: lastError };
}

function requestIdOf(outcome: { requestId?: string }): { requestId?: string } {
  return outcome.requestId ? { requestId: outcome.requestId } : {};
}

export function errorFields(error: ApiErrorRecord): { code: string; message: string; http_status?: number } {
  return error.http_status === undefined
    ? { code: error.code, message: error.message }
    : { code: error.code, message: error.message, http_status: error.http_status };
}
