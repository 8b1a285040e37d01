import type { Clock } from "../sched/clock.js";
import type { TokenBucket } from "../sched/token-bucket.js";

export interface GovernorOptions {
  /** Time without a 429 before the rate is doubled back towards the configured one. */
  quietMs: number;
  /** Never slow below this many requests per second. */
  floor: number;
}

export const DEFAULT_GOVERNOR: GovernorOptions = { quietMs: 3_000, floor: 1 };

/**
 * Shares one request rate between all workers: a 429 halves it (at most once per second, and only for
 * requests sent at the current rate, so one burst of 429s counts once); after a quiet period it doubles back, step by step, to the configured rate.
 * An unlimited run (rate 0) is limited to half its observed rate on the first 429.
 */
export class RateGovernor {
  private lastChange = -Infinity;
  private starts: number[] = [];
  /** For an unlimited run: the rate seen when first throttled; reaching it again means "unlimited". */
  private peak = Infinity;

  constructor(
    private readonly bucket: TokenBucket,
    /** The configured rate; Infinity = unlimited. */
    private readonly target: number,
    private readonly clock: Clock,
    private readonly onChange: (rate: number, reason: "throttled" | "recovered") => void,
    private readonly options: GovernorOptions = DEFAULT_GOVERNOR,
  ) {}

  noteStart(): void {
    const now = this.clock.now();
    this.starts.push(now);
    while ((this.starts[0] ?? now) < now - 1000) this.starts.shift();
  }

  /**
   * A 429 for a request sent at `sentAt`. Requests sent before the last change saw the old rate, so
   * their 429s say nothing about the new one (one decrease per round trip, as in TCP congestion control).
   */
  onThrottled(sentAt: number): void {
    const now = this.clock.now();
    if (sentAt < this.lastChange || now - this.lastChange < 1000) return;
    const limited = Number.isFinite(this.bucket.rate) && this.bucket.rate > 0;
    const current = limited ? this.bucket.rate : Math.max(this.starts.length, 2);
    if (!limited) this.peak = current;
    this.change(Math.max(this.options.floor, current / 2), "throttled", now);
  }

  onAnswer(): void {
    const now = this.clock.now();
    const rate = this.bucket.rate;
    const slowed = Number.isFinite(rate) && rate > 0 && rate < this.target;
    if (!slowed || now - this.lastChange < this.options.quietMs) return;
    const ceiling = Math.min(this.target, this.peak);
    this.change(rate * 2 >= ceiling ? this.target : rate * 2, "recovered", now);
  }

  private change(rate: number, reason: "throttled" | "recovered", now: number): void {
    this.lastChange = now;
    this.bucket.setRate(rate);
    this.onChange(Number.isFinite(rate) ? rate : 0, reason);
  }
}
