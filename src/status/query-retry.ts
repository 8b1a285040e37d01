// One task's query with retries for transient answers (full-jitter backoff honouring Retry-After),
// every attempt taking a token from the shared rate limiter.
import { UNREACHABLE_ATTEMPTS, unreachableError } from "../api/endpoint.js";
import type { QueryOutcome } from "../api/types.js";
import type { EntryOrigin } from "../provider/types.js";
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from "../sched/backoff.js";
import type { Clock } from "../sched/clock.js";
import type { TokenBucket } from "../sched/token-bucket.js";

/** `origin`: who created the task (the lockfile entry), so it is asked of the same provider. */
export type QueryFn = (taskId: string, signal?: AbortSignal, origin?: EntryOrigin) => Promise<QueryOutcome>;

export interface RetryDeps {
  query: QueryFn;
  bucket: TokenBucket;
  clock: Clock;
  policy?: BackoffPolicy;
  signal?: AbortSignal;
  /** Shared by a pass's queries: has any of them had an HTTP answer? (UNREACHABLE_ATTEMPTS) */
  reach?: { answered: boolean };
}

export async function queryWithRetry(taskId: string, deps: RetryDeps, origin?: EntryOrigin): Promise<QueryOutcome> {
  const policy = deps.policy ?? DEFAULT_BACKOFF;
  let outcome: QueryOutcome = {
    kind: "retryable",
    error: { code: "Aborted", message: "stopped before the query was sent" },
  };
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    if (deps.signal?.aborted) return outcome;
    await deps.bucket.acquire(deps.signal);
    outcome = unlessNothingReachable(await deps.query(taskId, deps.signal, origin), attempt, deps.reach);
    if (outcome.kind !== "retryable" || attempt === policy.maxAttempts) return outcome;
    const retryAfter = outcome.retryAfterMs;
    await deps.clock.sleep(backoffDelay(policy, attempt, deps.clock.random, retryAfter), deps.signal);
  }
  return outcome;
}

/** A refused connection before any query of the pass had an HTTP answer is, after a few attempts, a wrong REELFORM_BASE_URL. */
function unlessNothingReachable(outcome: QueryOutcome, attempt: number, reach: RetryDeps["reach"]): QueryOutcome {
  if (!reach) return outcome;
  if (outcome.kind !== "retryable" || outcome.error.http_status !== undefined) reach.answered = true;
  const refused = outcome.kind === "retryable" && outcome.unreachable === true;
  return refused && !reach.answered && attempt >= UNREACHABLE_ATTEMPTS
    ? { kind: "fatal", error: unreachableError(outcome.error, attempt) }
    : outcome;
}
