import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { systemClock } from "../../src/sched/clock.js";

describe("systemClock.sleep", () => {
  it("adds one abort listener to a signal however many sleeps share it (no MaxListenersExceededWarning)", async () => {
    const stop = new AbortController();
    const sleeps = Array.from({ length: 64 }, () => systemClock.sleep(60_000, stop.signal));
    expect(getEventListeners(stop.signal, "abort")).toHaveLength(1);
    stop.abort();
    await Promise.all(sleeps); // every sleeper wakes on the one abort
  });

  it("forgets a sleeper that woke by itself, so a long run does not pile them up", async () => {
    const stop = new AbortController();
    for (let i = 0; i < 5; i += 1) await systemClock.sleep(1, stop.signal);
    expect(getEventListeners(stop.signal, "abort")).toHaveLength(1);
    await systemClock.sleep(0, stop.signal); // 0 ms: resolves at once
  });
});
