import type { Clock } from "../../src/sched/clock.js";

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/** How long (real time) pending I/O may take before a run with no timer left counts as deadlocked. */
const REAL_IO_GRACE_MS = 10_000;

/** Virtual time: sleeps wait until `run` advances the clock to them; everything else runs in between. */
export class VirtualClock implements Clock {
  private t = 0;
  private seq = 0;
  private timers: Timer[] = [];
  private seed = 42;

  now(): number {
    return this.t;
  }

  random(): number {
    // Deterministic (LCG): tests must not depend on Math.random.
    this.seed = (this.seed * 1103515245 + 12345) % 2 ** 31;
    return this.seed / 2 ** 31;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer: Timer = { at: this.t + ms, seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener("abort", () => this.fire(timer), { once: true });
    });
  }

  /** Drives virtual time until `promise` settles. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    void promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    while (!settled) {
      await settle();
      if (settled) break;
      const next = this.earliest() ?? (await this.afterRealIo(() => settled));
      if (settled) break;
      if (!next) throw new Error("deadlock: nothing scheduled and the promise is still pending");
      this.t = Math.max(this.t, next.at);
      this.fire(next);
    }
    return promise;
  }

  private earliest(): Timer | undefined {
    return this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
  }

  /**
   * No timer, yet the promise is pending: real I/O may still be in flight (the download lane stats and
   * renames files on disk). Wait for it, in real time, generously (a loaded machine is slow), before calling
   * it a deadlock: a timer scheduled or the promise settled ends the wait at once.
   */
  private async afterRealIo(settled: () => boolean): Promise<Timer | undefined> {
    for (let waited = 0; waited < REAL_IO_GRACE_MS && !settled(); waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const next = this.earliest();
      if (next) return next;
    }
    return undefined;
  }

  private fire(timer: Timer): void {
    const i = this.timers.indexOf(timer);
    if (i >= 0) this.timers.splice(i, 1);
    timer.resolve();
  }
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
