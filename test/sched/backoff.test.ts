// The one retry loop with backoff (sched/backoff.ts): attempts, delays on the clock, and an abortable wait.
import { describe, expect, it } from "vitest";
import { backoffDelay, retryWithBackoff, type BackoffPolicy } from "../../src/sched/backoff.js";

const POLICY: BackoffPolicy = { maxAttempts: 3, baseMs: 1000, capMs: 4000 };

/** A clock whose sleeps are recorded and end at once (or, with `hang`, only when aborted). */
function fakeClock(hang = false) {
  const sleeps: number[] = [];
  return {
    sleeps,
    random: () => 1,
    sleep: (ms: number, signal?: AbortSignal) => {
      sleeps.push(ms);
      if (!hang || signal?.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => signal?.addEventListener("abort", () => resolve(), { once: true }));
    },
  };
}

describe("retryWithBackoff", () => {
  it("retries while the result is retryable, up to maxAttempts, waiting the backoff on the clock", async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await retryWithBackoff(
      async () => ++calls,
      () => true,
      { policy: POLICY, clock },
    );
    expect(result).toBe(3);
    expect(clock.sleeps).toEqual([backoffDelay(POLICY, 1, () => 1), backoffDelay(POLICY, 2, () => 1)]);
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  it("stops at the first final result, without waiting", async () => {
    const clock = fakeClock();
    let calls = 0;
    expect(
      await retryWithBackoff(
        async () => ++calls,
        (n) => n < 2,
        { policy: POLICY, clock },
      ),
    ).toBe(2);
    expect(clock.sleeps).toEqual([1000]);
  });

  it("an abort ends the wait at once and returns the last result without another call", async () => {
    const clock = fakeClock(true);
    const stop = new AbortController();
    let calls = 0;
    const pending = retryWithBackoff(
      async () => ++calls,
      () => true,
      { policy: POLICY, clock, signal: stop.signal },
    );
    await new Promise((r) => setImmediate(r));
    expect(clock.sleeps).toEqual([1000]);
    stop.abort();
    expect(await pending).toBe(1);
    expect(calls).toBe(1);
  });
});
