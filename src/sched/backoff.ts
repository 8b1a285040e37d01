import type { Clock } from "./clock.js";

export interface BackoffPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 6, baseMs: 500, capMs: 30_000 };

/**
 * Delay before retry number `attempt` (1 = first retry): "full jitter" exponential backoff
 * (random in [0, min(cap, base·2^(attempt-1))]), but never less than the server's Retry-After.
 */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(random() * ceiling);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, policy.capMs * 4));
}

export interface RetryOptions {
  policy: BackoffPolicy;
  clock: Pick<Clock, "sleep" | "random">;
  /** Ends the wait between attempts at once, and with it the retries (the last result is returned). */
  signal?: AbortSignal;
}

/**
 * Calls `call` until `retryable` says its result is final, at most `policy.maxAttempts` times, waiting the
 * backoff delay between attempts on the clock (abortable, so Ctrl-C does not wait out a retry delay).
 */
export async function retryWithBackoff<T>(
  call: () => Promise<T>,
  retryable: (result: T) => boolean,
  options: RetryOptions,
): Promise<T> {
  let result = await call();
  for (
    let attempt = 1;
    attempt < options.policy.maxAttempts && retryable(result) && !options.signal?.aborted;
    attempt += 1
  ) {
    await options.clock.sleep(
      backoffDelay(options.policy, attempt, () => options.clock.random()),
      options.signal,
    );
    if (options.signal?.aborted) break;
    result = await call();
  }
  return result;
}
