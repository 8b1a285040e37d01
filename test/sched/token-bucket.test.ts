import { describe, expect, it } from "vitest";
import { systemClock, type Clock } from "../../src/sched/clock.js";
import { TokenBucket } from "../../src/sched/token-bucket.js";

describe("TokenBucket", () => {
  it("spaces acquisitions at the configured rate", async () => {
    const bucket = new TokenBucket(20, systemClock);
    const started = Date.now();
    for (let i = 0; i < 4; i += 1) await bucket.acquire();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140); // 3 waits of 50 ms after the first token
  });

  it("lets a sleeping waiter through when the rate becomes unlimited meanwhile (no 0 ms busy loop)", async () => {
    let now = 0;
    let zeroWaits = 0;
    const governed: { bucket?: TokenBucket } = {};
    // A virtual clock: sleeping advances time; the governor recovers to "unlimited" during the first sleep.
    const clock: Clock = {
      now: () => now,
      random: () => 0,
      sleep: async (ms) => {
        if (ms <= 0 && ++zeroWaits > 100) throw new Error("busy loop: sleeping 0 ms again and again");
        governed.bucket?.setRate(Infinity); // the change happens while the waiter sleeps...
        now += ms; // ...and then the time passes
      },
    };
    const bucket = new TokenBucket(20, clock);
    governed.bucket = bucket;
    await bucket.acquire();
    await expect(bucket.acquire()).resolves.toBeUndefined();
    expect(zeroWaits).toBe(0);
  });
});
