import { describe, expect, it } from "vitest";
import { bookFromLockfile, classOf, DurationBook, observedMs, PRIOR } from "../../src/pipeline/estimate.js";
import {
  BATCH_LAG_BOUNDS,
  firstLookAt,
  lagBound,
  LAG_BOUNDS,
  MIN_GAP_MS,
  movingPoints,
  nextLookAt,
  preciseFinish,
  predictedFinish,
  SCOUT_FIRST_LOOK_MS,
  type TaskTiming,
} from "../../src/pipeline/schedule.js";
import { entry, lockfileWith } from "../status/helpers/fakes.js";
import { VirtualClock } from "../apply/virtual-clock.js";

const body = (duration: number, resolution = "720P") => ({
  model_name: "Kling",
  model_version: "2.1",
  output_config: { duration, resolution },
});
const ended = (create: string, finish: string) => ({
  state: "succeeded" as const,
  api_status: "FINISH",
  checked_at: finish,
  create_time: create,
  finish_time: finish,
  outputs: [],
});

describe("estimates of how long tasks take", () => {
  it("a class is model, version, duration and resolution", () => {
    expect(classOf(body(5))).toBe("Kling|2.1|5|720P");
    expect(classOf(body(5))).not.toBe(classOf(body(10)));
    expect(classOf(body(5, "1080P"))).not.toBe(classOf(body(5)));
  });

  it("measures an ended task from CreateTime to FinishTime, else from submission to the check that saw it end", () => {
    expect(observedMs({ task: ended("2026-11-24T10:00:00Z", "2026-11-24T10:00:42Z") })).toBe(42_000);
    expect(
      observedMs({
        submitted_at: "2026-11-24T10:00:00Z",
        task: { state: "failed", api_status: "FINISH", checked_at: "2026-11-24T10:01:00Z", outputs: [] },
      }),
    ).toBe(60_000);
    expect(
      observedMs({
        task: { state: "processing", api_status: "PROCESSING", checked_at: "2026-11-24T10:01:00Z", outputs: [] },
      }),
    ).toBeUndefined();
  });

  it("uses the class's own samples, then every class's, then the prior", () => {
    const book = new DurationBook();
    expect(book.estimate("a")).toEqual(PRIOR);
    for (const s of [30, 40, 50]) book.add("b", s * 1000);
    expect(book.estimate("a")).toMatchObject({ lowMs: 30_000, typicalMs: 40_000, samples: 3 });
    for (const s of [100, 120, 140]) book.add("a", s * 1000);
    expect(book.estimate("a")).toMatchObject({ lowMs: 100_000, typicalMs: 120_000, highMs: 140_000 });
  });

  it("counts a running task's predicted duration until it ends, then what it really took", () => {
    const book = new DurationBook();
    book.guess("k1", "a", 50_000);
    book.guess("k2", "a", 30_000);
    const before = book.version;
    book.guess("k3", "a", 40_000);
    expect(book.version).toBeGreaterThan(before);
    expect(book.estimate("a")).toMatchObject({ lowMs: 30_000, typicalMs: 40_000, highMs: 50_000, samples: 3 });
    book.guess("k1", "a", 44_000); // a newer prediction replaces the task's earlier one
    expect(book.estimate("a")).toMatchObject({ highMs: 44_000, samples: 3 });
    book.add("a", 60_000, "k1"); // k1 ended: its guess goes
    expect(book.estimate("a")).toMatchObject({ lowMs: 30_000, typicalMs: 40_000, highMs: 60_000, samples: 3 });
  });

  it("takes the 10th, 50th and 80th percentiles from 10 samples on", () => {
    const book = new DurationBook();
    for (let s = 1; s <= 20; s++) book.add("a", s * 1000);
    expect(book.estimate("a")).toMatchObject({ lowMs: 3000, typicalMs: 11_000, highMs: 17_000, samples: 20 });
  });

  it("learns from the lockfile of earlier runs, earlier generations included", () => {
    const lockfile = lockfileWith({
      a: entry("t-a", { body: body(5), task: ended("2026-11-24T10:00:00Z", "2026-11-24T10:00:20Z") }),
      b: entry("t-b", {
        body: body(5),
        task: ended("2026-11-24T10:00:00Z", "2026-11-24T10:00:30Z"),
        earlier: [
          { ...entry("t-old", { body: body(5) }), task: ended("2026-11-24T09:00:00Z", "2026-11-24T09:00:40Z") },
        ],
      }),
    });
    expect(bookFromLockfile(lockfile).estimate(classOf(body(5)))).toMatchObject({
      lowMs: 20_000,
      typicalMs: 30_000,
      samples: 3,
    });
  });
});

describe("when to look at a task next", () => {
  const estimate = { lowMs: 20_000, typicalMs: 40_000, highMs: 52_000, samples: 50 };
  const fresh = (): TaskTiming => ({ submittedAt: 0, points: [], looks: 0 });

  it("looks first when most tasks of its class can then be followed to their end in one more look within the bound", () => {
    // high 52 s - L 20 s: a task of up to 52 s takes two looks (here and at its predicted finish)
    expect(nextLookAt(fresh(), estimate, 0, false)).toBe(32_000);
    // never before 90% of the quickest, never after the quickest + L
    expect(firstLookAt({ submittedAt: 0 }, { ...estimate, highMs: 30_000 }, false, false)).toBe(18_000);
    expect(firstLookAt({ submittedAt: 0 }, { ...estimate, highMs: 500_000 }, false, false)).toBe(40_000);
    // with batch status looks are cheap: at 90% of the quickest
    expect(firstLookAt({ submittedAt: 1000 }, estimate, true, false)).toBe(19_000);
  });

  it("with nothing learned, scouts look 1 s after submission, the others wait (at most the prior's quickest + L)", () => {
    expect(nextLookAt(fresh(), PRIOR, 0, false, true)).toBe(SCOUT_FIRST_LOOK_MS);
    expect(SCOUT_FIRST_LOOK_MS).toBe(1000);
    // never later than 90% of the quickest, should a prior be quicker than that
    expect(firstLookAt({ submittedAt: 0 }, { ...PRIOR, lowMs: 500 }, false, true)).toBe(450);
    // with batch status, at 90% of the quickest as before (one listing answers for every task)
    expect(firstLookAt({ submittedAt: 0 }, PRIOR, true, true)).toBe(9000);
    expect(nextLookAt(fresh(), PRIOR, 0, false, false)).toBe(PRIOR.lowMs + lagBound(PRIOR, false));
    expect(nextLookAt(fresh(), PRIOR, 50_000, false, false)).toBe(50_000); // never in the past
  });

  it("a young scout looks at twice its age (1 s, 2 s, 4 s, 8 s), so a class of quick tasks is learned of in seconds", () => {
    const looks: number[] = [];
    const waiting: TaskTiming = { submittedAt: 0, points: [], looks: 0 };
    let at = nextLookAt(waiting, PRIOR, 0, false, true);
    while (at < 20_000) {
      looks.push(at);
      waiting.looks += 1;
      at = nextLookAt(waiting, PRIOR, at, false, true);
    }
    // then every 5 s as before: 3 looks more than one at the prior's 90% of the quickest (9 s), no more
    expect(looks).toEqual([1000, 2000, 4000, 8000, 13_000, 18_000]);
    expect(looks.filter((t) => t < 9000)).toHaveLength(4);
    // a task that ends in 3 s is seen ended at 4 s (it waited for the 9 s look before)
    const quick: TaskTiming = {
      submittedAt: 0,
      points: [
        { at: 1000, progress: 16 },
        { at: 2000, progress: 58 },
      ],
      looks: 2,
    };
    expect(nextLookAt(quick, PRIOR, 2000, false, true)).toBe(4000);
  });

  it("a young scout whose whole-point progress paused between two quick looks keeps scouting; stuck at 99 it does not", () => {
    const paused: TaskTiming = {
      submittedAt: 0,
      points: [
        { at: 2000, progress: 1 },
        { at: 4000, progress: 1 },
      ],
      looks: 3,
    };
    expect(nextLookAt(paused, PRIOR, 4000, false, true)).toBe(8000);
    // the same pause over 5 s or more says the progress does not move: the bound, as for every task
    const flat: TaskTiming = { ...paused, points: [...paused.points, { at: 9000, progress: 1 }] };
    expect(nextLookAt(flat, PRIOR, 9000, false, true)).toBe(9000 + lagBound(PRIOR, false));
    const stuck: TaskTiming = { submittedAt: 0, points: [{ at: 1000, progress: 99 }], looks: 1 };
    expect(nextLookAt(stuck, PRIOR, 1000, false, true)).toBe(1000 + lagBound(PRIOR, false));
    // not a scout, or the class has samples: flat progress is flat
    expect(nextLookAt(paused, PRIOR, 4000, false, false)).toBe(4000 + lagBound(PRIOR, false));
  });

  it("a scout looks again every 5 s (a tenth of its age once older) until its progress says precisely when it finishes", () => {
    const waiting: TaskTiming = { submittedAt: 0, points: [], looks: 1 };
    expect(nextLookAt(waiting, PRIOR, 9000, false, true)).toBe(14_000);
    const barely: TaskTiming = { submittedAt: 0, beganAt: 8000, points: [{ at: 9000, progress: 2 }], looks: 1 };
    expect(preciseFinish(barely)).toBeUndefined();
    expect(nextLookAt(barely, PRIOR, 9000, false, true)).toBe(14_000);
    const clear: TaskTiming = { submittedAt: 0, beganAt: 8000, points: [{ at: 14_000, progress: 20 }], looks: 2 };
    expect(preciseFinish(clear)).toBe(predictedFinish(clear));
    expect(nextLookAt(clear, PRIOR, 14_000, false, true)).toBe(predictedFinish(clear));
    // a scout still queued after 2 minutes looks every tenth of its age; after 5 minutes, every L
    expect(nextLookAt(waiting, PRIOR, 120_000, false, true)).toBe(132_000);
    expect(nextLookAt(waiting, PRIOR, 600_000, false, true)).toBe(600_000 + lagBound(PRIOR, false));
    // once the class has samples, a scout follows the rule of every task
    expect(nextLookAt(barely, estimate, 9000, false, true)).toBe(nextLookAt(barely, estimate, 9000, false, false));
  });

  it("then at the finish its progress predicts (a little late), from the rate between its last two answers", () => {
    const timing: TaskTiming = {
      submittedAt: 0,
      createdAt: 0,
      points: [
        { at: 20_000, progress: 20 },
        { at: 30_000, progress: 45 },
      ],
      looks: 2,
    };
    // 2.5 %/s: 55 % left = 22 s, +2% +300 ms
    expect(predictedFinish(timing)).toBe(30_000 + Math.round(22_000 * 1.02) + 300);
    expect(nextLookAt(timing, estimate, 30_000, false)).toBe(30_000 + Math.min(lagBound(estimate, false), 22_740));
  });

  it("never waits longer than the lag bound, nor less than the minimum gap", () => {
    const slow: TaskTiming = { submittedAt: 0, createdAt: 0, points: [{ at: 10_000, progress: 1 }], looks: 1 };
    expect(nextLookAt(slow, estimate, 10_000, false)).toBe(10_000 + lagBound(estimate, false));
    const overdue: TaskTiming = { submittedAt: 0, points: [], looks: 3 };
    expect(nextLookAt(overdue, estimate, 100_000, false)).toBe(110_000); // a tenth of its age
    expect(nextLookAt(overdue, estimate, 1_000_000, false)).toBe(1_000_000 + lagBound(estimate, false));
    const almost: TaskTiming = {
      submittedAt: 0,
      createdAt: 0,
      points: [
        { at: 39_000, progress: 97 },
        { at: 39_500, progress: 98.5 },
      ],
      looks: 2,
    };
    expect(nextLookAt(almost, estimate, 39_500, false)).toBe(39_500 + MIN_GAP_MS);
  });

  it("bounds the lag by half the typical time (5 s .. 60 s), tighter with batch status", () => {
    expect(lagBound({ lowMs: 1, typicalMs: 40_000, highMs: 1, samples: 9 }, false)).toBe(20_000);
    expect(lagBound({ lowMs: 1, typicalMs: 2000, highMs: 1, samples: 9 }, false)).toBe(LAG_BOUNDS.minMs);
    expect(lagBound({ lowMs: 1, typicalMs: 3_600_000, highMs: 1, samples: 9 }, false)).toBe(LAG_BOUNDS.maxMs);
    expect(lagBound({ lowMs: 1, typicalMs: 40_000, highMs: 1, samples: 9 }, true)).toBe(2000);
    expect(lagBound(PRIOR, true)).toBeLessThanOrEqual(BATCH_LAG_BOUNDS.maxMs);
  });
});

describe("progress counts only while it moves (virtual clock)", () => {
  const estimate = { lowMs: 20_000, typicalMs: 40_000, highMs: 55_000, samples: 20 };
  const lag = lagBound(estimate, false);

  /** Looks at one task on a virtual clock, each answer's progress given by `progressAt`, until `endAt`. */
  function follow(progressAt: (now: number, look: number) => number, endAt: number) {
    const clock = new VirtualClock();
    const task: TaskTiming = { submittedAt: 0, createdAt: 0, beganAt: 5_000, points: [], looks: 0 };
    const looks: number[] = [];
    const run = async () => {
      for (let next = firstLookAt(task, estimate, false, false); ;) {
        await clock.sleep(next - clock.now());
        looks.push(clock.now());
        if (clock.now() >= endAt) return;
        task.looks += 1;
        task.points.push({ at: clock.now(), progress: progressAt(clock.now(), task.looks) });
        next = nextLookAt(task, estimate, clock.now(), false);
      }
    };
    return clock.run(run()).then(() => ({ looks, task }));
  }

  it("progress stuck at 99 from the first look is ignored: no busy looks, the class's estimate and the bound decide", async () => {
    const { looks, task } = await follow(() => 99, 58_000);
    expect(predictedFinish(task)).toBeUndefined();
    expect(preciseFinish(task)).toBeUndefined();
    // First look at high - L, then one look per bound: three looks for a task at its class's slow end.
    expect(looks).toEqual([35_000, 35_000 + lag, 35_000 + 2 * lag]);
    for (let i = 1; i < looks.length; i++)
      expect((looks[i] as number) - (looks[i - 1] as number)).toBeGreaterThanOrEqual(MIN_GAP_MS * 5);
  });

  it("progress that jumps to 99 is ignored from then on; moving progress before it was trusted", async () => {
    // 20 % at 35 s, then 99 at the next look: the jump says nothing of the finish.
    const { looks, task } = await follow((_now, look) => (look === 1 ? 20 : 99), 80_000);
    expect(movingPoints(task.points)).toEqual([]);
    const afterJump = looks.slice(2);
    for (let i = 1; i < afterJump.length; i++)
      expect((afterJump[i] as number) - (afterJump[i - 1] as number)).toBe(lag);
  });

  it("progress that goes backwards is ignored until it moves again, then only the rate since counts", () => {
    const backwards: TaskTiming = {
      submittedAt: 0,
      createdAt: 0,
      beganAt: 5_000,
      points: [
        { at: 30_000, progress: 60 },
        { at: 36_000, progress: 20 },
      ],
      looks: 2,
    };
    expect(predictedFinish(backwards)).toBeUndefined();
    expect(nextLookAt(backwards, estimate, 36_000, false)).toBe(36_000 + lag);
    backwards.points.push({ at: 46_000, progress: 30 });
    expect(movingPoints(backwards.points)).toEqual(backwards.points.slice(1));
    // 10 points in 10 s: 70 points left, 70 s, 2 % late + 300 ms.
    expect(predictedFinish(backwards)).toBe(Math.round(46_000 + 70_000 * 1.02 + 300));
    expect(preciseFinish(backwards)).toBe(predictedFinish(backwards));
  });

  it("progress flat across looks is ignored (the bound), and trusted again once it moves", () => {
    const flat: TaskTiming = {
      submittedAt: 0,
      createdAt: 0,
      beganAt: 5_000,
      points: [
        { at: 35_000, progress: 40 },
        { at: 45_000, progress: 40 },
      ],
      looks: 2,
    };
    expect(predictedFinish(flat)).toBeUndefined();
    expect(nextLookAt(flat, estimate, 45_000, false)).toBe(45_000 + lag);
    flat.points.push({ at: 50_000, progress: 50 });
    expect(predictedFinish(flat)).toBe(Math.round(50_000 + 25_000 * 1.02 + 300));
  });

  it("a scout whose progress does not move is not polled every 5 s: it cannot teach", () => {
    const stuck: TaskTiming = { submittedAt: 0, points: [{ at: 9_000, progress: 99 }], looks: 1 };
    expect(nextLookAt(stuck, PRIOR, 9_000, false, true)).toBe(9_000 + lagBound(PRIOR, false));
  });
});
