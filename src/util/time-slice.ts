// Long loops on the main thread (a 100,000-entry lockfile copied, indexed or compared) give the event loop a
// turn every few milliseconds, so timers, answers and downloads in flight are not held up behind them.
import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";

/** Work between two turns of the event loop, at most (the bound is 50 ms; this leaves room for GC). */
const SLICE_MS = 8;

export class TimeSlice {
  private since = performance.now();
  /** How many times the loop was given a turn (tests count them instead of timing). */
  yields = 0;

  /** True once this slice has run for its time: the caller then awaits pause(). Cheap enough for every item. */
  due(): boolean {
    return performance.now() - this.since >= SLICE_MS;
  }

  /** Gives the event loop a turn and starts a new slice. */
  async pause(): Promise<void> {
    await nextTurn();
    this.yields += 1;
    this.since = performance.now();
  }
}
