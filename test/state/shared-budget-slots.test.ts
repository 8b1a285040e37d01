// The shared budget's slots against a real server, with a clock whose sleeps wake late (a busy process):
// however late a runner wakes, the requests it lets start stay at most `rate` in any one-second window.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock, type Clock } from "../../src/sched/clock.js";
import { migrate } from "../../src/state/migrate.js";
import { postgresBudget } from "../../src/state/shared-budget.js";
import { POSTGRES_SKIP_REASON, postgresAvailable, startCluster, type PgCluster } from "../helpers/postgres.js";

if (!postgresAvailable) console.warn(`skipping the shared budget slots test: ${POSTGRES_SKIP_REASON}`);

let cluster: PgCluster | undefined;
beforeAll(async () => {
  if (!postgresAvailable) return;
  cluster = await startCluster();
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  await migrate(client, "test").finally(() => client.end());
}, 180_000);
afterAll(async () => cluster?.destroy());

/**
 * This machine's clock (the database's, too), whose n-th sleep wakes `late(n)` ms after it was due, as in a busy
 * process. `decided()` is the time the budget last read: the moment it let a request start.
 */
function wakingLate(late: (n: number) => number): Clock & { decided(): number } {
  let sleeps = 0;
  let last = 0;
  return {
    now: () => (last = systemClock.now()),
    sleep: async (ms, signal) => systemClock.sleep(ms + late(sleeps++), signal),
    random: () => 0.5,
    decided: () => last,
  };
}

/** The most of these sorted times within any window of `ms` (half-open: [t, t + ms)). */
function mostWithin(times: readonly number[], ms: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= ms) j += 1;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** When each of `count` acquires of a budget on this clock returned (the request's start). */
async function starts(
  rate: number,
  clock: Clock & { decided(): number },
  account: string,
  count: number,
): Promise<number[]> {
  const budget = postgresBudget({
    connect: async () => {
      const client = new pg.Client({ connectionString: cluster!.url });
      await client.connect();
      return client;
    },
    account,
    kind: "query",
    rate,
    clock,
  });
  const at: number[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      await budget.acquire();
      at.push(clock.decided());
    }
  } finally {
    await budget.release();
  }
  return at;
}

describe.skipIf(!postgresAvailable)("the shared budget's slots", () => {
  // A start late by more than a tenth of a second, then `rate` on time: they would span less than a second.
  it.each([
    [1, 300],
    [4, 120],
    [10, 300],
  ])(
    "at %i/s, a runner whose every (rate + 1)th sleep wakes %i ms late still starts at most `rate` in any second",
    async (rate, late) => {
      const clock = wakingLate((n) => (n % (rate + 1) === 0 ? late : 0));
      const at = await starts(rate, clock, `late-${rate}`, 3 * rate + 3);
      expect(at).toHaveLength(3 * rate + 3);
      const shown = at.map((t) => Math.round(t - (at[0] ?? 0))).join(", ");
      expect(mostWithin(at, 1000), `starts in one second (ms after the first: ${shown})`).toBeLessThanOrEqual(rate);
    },
  );
});
