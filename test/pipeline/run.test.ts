// The pipeline's looks on a virtual clock: simulated tasks with known finish times, so the lag after each
// finish, the queries spent and the query rate can be measured exactly.
import { describe, expect, it } from "vitest";
import type { QueryOutcome } from "../../src/api/types.js";
import type { FetchLike } from "../../src/api/http.js";
import { DownloadLane } from "../../src/pipeline/downloads.js";
import { RecordQueue } from "../../src/pipeline/record-queue.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { PRIOR } from "../../src/pipeline/estimate.js";
import { BATCH_LAG_BOUNDS, lagBound, LAG_BOUNDS } from "../../src/pipeline/schedule.js";
import type { LockEntry } from "../../src/lockfile/types.js";
import { TaskTracker } from "../../src/pipeline/tracker.js";
import type { ListedTask, Provider } from "../../src/provider/types.js";
import { TokenBucket } from "../../src/sched/token-bucket.js";
import { interpretTaskDetail } from "../../src/api/interpret.js";
import { VirtualClock } from "../apply/virtual-clock.js";
import { detail, entry, lockfileWith, memoryStore } from "../status/helpers/fakes.js";

interface SimTask {
  id: string;
  createdAt: number;
  finishAt: number;
  /** Ends ABORTED (OperationCanceled) instead of FINISH. */
  aborted?: boolean;
}

/** Tasks created 50 ms apart (the create rate), each 20-60 s long (seeded), 20% of it waiting; every `abortEvery`-th ends ABORTED. */
function tasks(count: number, seed = 3, abortEvery = 0): SimTask[] {
  let s = seed;
  const random = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, (_, i) => ({
    id: `t${i}`,
    createdAt: i * 50,
    finishAt: i * 50 + 20_000 + Math.round(random() * 40_000),
    ...(abortEvery > 0 && i % abortEvery === abortEvery - 1 ? { aborted: true } : {}),
  }));
}

/** Whether answers carry BeginProcessTime (Tencent's do); without it progress counts from creation. */
let withBegin = true;
/** "stuck-99": a processing task reports 99 from its first look (as some upstream models do). */
let progressKind: "linear" | "stuck-99" = "linear";

function answer(task: SimTask, now: number): QueryOutcome {
  const duration = task.finishAt - task.createdAt;
  const begin = task.createdAt + duration * 0.2;
  const created = new Date(task.createdAt).toISOString().replace(/\.\d+Z$/, "Z");
  if (now >= task.finishAt && task.aborted)
    return {
      kind: "ok",
      task: interpretTaskDetail(
        detail("ABORTED", { ErrCode: 70003, ErrCodeExt: "OperationCanceled", Message: "The task was aborted." }),
      ),
    };
  if (now >= task.finishAt)
    return {
      kind: "ok",
      task: interpretTaskDetail(
        detail("FINISH", { ErrCode: 10010, ErrCodeExt: "ContentModerationFailed", Message: "no" }),
      ),
    };
  if (now < begin)
    return { kind: "ok", task: { ...interpretTaskDetail(detail("WAITING", { Progress: 0 })), create_time: created } };
  const progress =
    progressKind === "stuck-99" ? 99 : Math.max(1, Math.floor(((now - begin) / (task.finishAt - begin)) * 100));
  const began = withBegin ? { begin_process_time: new Date(begin).toISOString().replace(/\.\d+Z$/, "Z") } : {};
  return {
    kind: "ok",
    task: { ...interpretTaskDetail(detail("PROCESSING", { Progress: progress })), create_time: created, ...began },
  };
}

function setup(sim: SimTask[], rate: number, batch: boolean, history: LockEntry[] = []) {
  const clock = new VirtualClock();
  const byId = new Map(sim.map((t) => [t.id, t]));
  const learned = new Map<string, number>();
  const queryTimes: number[] = [];
  let listPages = 0;
  const followed = sim.map((t) => [
    t.id,
    entry(t.id, { submitted_at: new Date(t.createdAt).toISOString(), body: { model_name: "Kling" } }),
  ]);
  const lockfile = lockfileWith(Object.fromEntries([...history.map((e) => [e.task_id as string, e]), ...followed]));
  const store = memoryStore(lockfile);
  // As DescribeTasks with a FinishTime range: the tasks that ended, FINISH or ABORTED.
  const listTasks: Provider["listTasks"] = async (query, _signal, beforePage) => {
    const matching = sim.filter(
      (t) => t.createdAt >= query.after && t.createdAt <= query.before && clock.now() >= t.finishAt,
    );
    const listed: ListedTask[] = [];
    for (let i = 0; i < matching.length; i += 100) {
      await beforePage?.();
      listPages += 1;
      queryTimes.push(clock.now());
      for (const t of matching.slice(i, i + 100))
        listed.push({ taskId: t.id, status: t.aborted ? "ABORTED" : "FINISH" });
    }
    return { ok: true, tasks: listed, pages: Math.max(1, Math.ceil(matching.length / 100)) };
  };
  const query = async (taskId: string): Promise<QueryOutcome> => {
    const task = byId.get(taskId) as SimTask;
    queryTimes.push(clock.now());
    const outcome = answer(task, clock.now());
    if (clock.now() >= task.finishAt && !learned.has(taskId)) learned.set(taskId, clock.now());
    return outcome;
  };
  const tracker = new TaskTracker(lockfile, clock.now(), () => batch);
  const lane = new DownloadLane({
    fetch: (async () => new Response("")) as FetchLike,
    clock,
    parallelism: 1,
    records: new RecordQueue("x", store),
  });
  const deps = {
    store,
    query,
    clock,
    bucket: new TokenBucket(rate, clock),
    parallelism: 16,
    tracker,
    lane,
    dir: "/nonexistent",
    listerFor: () => (batch ? listTasks : undefined),
  };
  const run = () => clock.run(runPipeline("x.lock.json", lockfile, deps, 10 * 60_000));
  return { run, learned, queryTimes, lists: () => listPages, store };
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const iso = (ms: number): string => new Date(ms).toISOString();

/** The lags of the tenth of tasks that finish last. */
function lastFinishers(sim: SimTask[], lags: number[]): number[] {
  const order = sim.map((t, i) => ({ at: t.finishAt, lag: lags[i] as number })).sort((a, b) => a.at - b.at);
  return order.slice(Math.floor(order.length * 0.9)).map((o) => o.lag);
}

/** The most queries started in any one second. */
function peakPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

describe("the pipeline's looks (virtual clock)", () => {
  it("with no history, learns of every finish within the bound in under two queries a task, at the default status rate", async () => {
    withBegin = true;
    const sim = tasks(300);
    const { run, learned, queryTimes } = setup(sim, 100, false);
    const result = await run();
    expect(result.end).toBe("ended");
    const lags = sim.map((t) => (learned.get(t.id) as number) - t.finishAt);
    if (process.env.DBG)
      console.log("mean lag", mean(lags), "max", Math.max(...lags), "q/task", queryTimes.length / sim.length);
    // Scouts' progress teaches the class; the others' first looks come when one more look can follow most
    // of them to their end: a quick task may wait until its first look, never past the prior's L.
    expect(queryTimes.length / sim.length).toBeLessThanOrEqual(2);
    expect(Math.max(...lags)).toBeLessThanOrEqual(lagBound(PRIOR, false) + 1000);
    expect(mean(lags)).toBeLessThan(3500);
    // The tasks that finish last (which decide when the campaign is on disk) are learned of at once.
    expect(mean(lastFinishers(sim, lags))).toBeLessThan(2000);
    expect(peakPerSecond(queryTimes)).toBeLessThanOrEqual(100);
    expect(result.lockfile.entries.t0?.task?.state).toBe("failed");
  });

  it("with durations learned from earlier runs in the lockfile, no scouts: still under two queries a task", async () => {
    withBegin = true;
    const sim = tasks(300);
    const history = tasks(40, 11).map((t) =>
      entry(`old-${t.id}`, {
        body: { model_name: "Kling" },
        task: {
          state: "succeeded" as const,
          api_status: "FINISH",
          checked_at: iso(t.finishAt),
          create_time: iso(t.createdAt),
          finish_time: iso(t.finishAt),
          outputs: [],
        },
      }),
    );
    const { run, learned, queryTimes } = setup(sim, 100, false, history);
    await run();
    const lags = sim.map((t) => (learned.get(t.id) as number) - t.finishAt);
    if (process.env.DBG)
      console.log("history: mean lag", mean(lags), "max", Math.max(...lags), "q/task", queryTimes.length / sim.length);
    expect(queryTimes.length / sim.length).toBeLessThanOrEqual(1.9);
    expect(Math.max(...lags)).toBeLessThanOrEqual(20_000 + 1000); // L: half of the ~40 s typical
    expect(mean(lastFinishers(sim, lags))).toBeLessThan(2000);
  });

  it("with progress stuck at 99 from the first look: the class estimate schedules, within 2.5 queries a task and the bound", async () => {
    withBegin = true;
    progressKind = "stuck-99";
    try {
      const sim = tasks(300);
      const { run, learned, queryTimes } = setup(sim, 100, false);
      const result = await run();
      expect(result.end).toBe("ended");
      const lags = sim.map((t) => (learned.get(t.id) as number) - t.finishAt);
      if (process.env.DBG)
        console.log(
          "stuck-99: mean lag",
          mean(lags),
          "max",
          Math.max(...lags),
          "q/task",
          queryTimes.length / sim.length,
        );
      expect(queryTimes.length / sim.length).toBeLessThanOrEqual(2.5);
      expect(Math.max(...lags)).toBeLessThanOrEqual(lagBound(PRIOR, false) + 1000);
    } finally {
      progressKind = "linear";
    }
  });

  it("at a query rate the campaign saturates (20/s), never over it, still under two queries a task", async () => {
    withBegin = true;
    const sim = tasks(200);
    const { run, learned, queryTimes } = setup(sim, 20, false);
    await run();
    const lags = sim.map((t) => (learned.get(t.id) as number) - t.finishAt);
    expect(peakPerSecond(queryTimes)).toBeLessThanOrEqual(20);
    expect(queryTimes.length / sim.length).toBeLessThanOrEqual(2);
    // the bound, plus the wait for a token (200 tasks at 20 queries/s: at most 10 s)
    expect(Math.max(...lags)).toBeLessThanOrEqual(lagBound(PRIOR, false) + 10_000 + 1000);
  });

  it("without BeginProcessTime, still within the bound, in under three queries a task", async () => {
    withBegin = false;
    const sim = tasks(200);
    const { run, learned, queryTimes } = setup(sim, 100, false);
    await run();
    const lags = sim.map((t) => (learned.get(t.id) as number) - t.finishAt);
    if (process.env.DBG)
      console.log("no begin: mean lag", mean(lags), "max", Math.max(...lags), "q/task", queryTimes.length / sim.length);
    expect(Math.max(...lags)).toBeLessThanOrEqual(lagBound(PRIOR, false) + 1000);
    expect(mean(lags)).toBeLessThan(4000);
    expect(queryTimes.length / sim.length).toBeLessThan(3);
    withBegin = true;
  });

  it("never exceeds a low query rate, and serves the longest overdue first (no task starves)", async () => {
    const sim = tasks(60);
    const { run, learned, queryTimes } = setup(sim, 2, false);
    await run();
    expect(peakPerSecond(queryTimes)).toBeLessThanOrEqual(2);
    expect(learned.size).toBe(60);
    // 60 tasks at 2 queries/s: even the unluckiest waits at most one full round of everyone else's queries.
    const lags = sim.map((t) => (learned.get(t.id) as number) - t.finishAt);
    expect(Math.max(...lags)).toBeLessThanOrEqual(LAG_BOUNDS.maxMs / 2 + 30_000 + 1000);
  });

  it("with batch status, one listing covers every task: details only for finished ones, a tight lag", async () => {
    const sim = tasks(300);
    const { run, learned, queryTimes, lists } = setup(sim, 100, true);
    const result = await run();
    expect(result.end).toBe("ended");
    const details = queryTimes.length - lists();
    expect(details).toBe(300); // one DescribeTaskDetail per task, for its outcome
    expect(lists() / sim.length).toBeLessThan(0.5);
    const lags = sim.map((t) => (learned.get(t.id) as number) - t.finishAt);
    expect(Math.max(...lags)).toBeLessThanOrEqual(Math.max(9000, BATCH_LAG_BOUNDS.maxMs) + 1000);
    expect(lags.reduce((a, b) => a + b, 0) / lags.length).toBeLessThan(2500);
    expect(peakPerSecond(queryTimes)).toBeLessThanOrEqual(100);
  });

  it.each([
    ["per-task status", false],
    ["batch status", true],
  ])(
    "with every tenth task ABORTED, %s: each is recorded failed with the API's code and message, within the same bound",
    async (_name, batch) => {
      withBegin = true;
      const sim = tasks(300, 3, 10);
      const { run, learned, queryTimes, lists } = setup(sim, 100, batch);
      const result = await run();
      expect(result.end).toBe("ended");
      for (const t of sim.filter((task) => task.aborted)) {
        expect(result.lockfile.entries[t.id]?.task, t.id).toMatchObject({
          state: "failed",
          api_status: "ABORTED",
          error: { err_code_ext: "OperationCanceled", message: "The task was aborted.", transient: false },
        });
      }
      const lags = sim.map((t) => (learned.get(t.id) as number) - t.finishAt);
      expect(Math.max(...lags)).toBeLessThanOrEqual(
        batch ? Math.max(9000, BATCH_LAG_BOUNDS.maxMs) + 1000 : lagBound(PRIOR, false) + 1000,
      );
      if (batch) expect(queryTimes.length - lists()).toBe(300);
      else expect(queryTimes.length / sim.length).toBeLessThanOrEqual(2);
    },
  );
});
