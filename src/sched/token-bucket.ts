import type { Clock } from "./clock.js";

/**
 * A token bucket: at most `ratePerSecond` acquisitions per second on average, bursts up to `burst`.
 * rate <= 0 or Infinity means unlimited. Acquisitions are served in call order.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private ratePerSecond: number,
    private readonly clock: Clock,
    private readonly burst = Math.max(1, Math.min(ratePerSecond, 1)),
  ) {
    this.tokens = this.burst;
    this.last = clock.now();
  }

  get rate(): number {
    return this.ratePerSecond;
  }

  /** Changes the rate from now on (used to slow down after a 429 and to recover later). */
  setRate(ratePerSecond: number): void {
    this.refill();
    this.ratePerSecond = ratePerSecond;
  }

  /** Resolves when one request may start. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.takeOne(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeOne(signal?: AbortSignal): Promise<void> {
    for (;;) {
      // Checked on every turn: the rate may become unlimited while we sleep (a governor recovering), and
      // then the wait below would be 0 ms forever: a microtask loop that starves the event loop.
      if (!(this.ratePerSecond > 0) || this.ratePerSecond === Infinity) return;
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      if (signal?.aborted) return;
      // Whole milliseconds, at least one: a float remainder (0.9999999 tokens) must not ask for a sleep so
      // short that the clock does not move, which would loop here for ever on a clock that jumps (tests).
      await this.clock.sleep(Math.max(1, Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000)), signal);
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    if (this.ratePerSecond > 0 && this.ratePerSecond !== Infinity) {
      this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerSecond);
    }
  }
}
