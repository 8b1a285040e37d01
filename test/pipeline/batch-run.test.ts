// The whole pipeline on a virtual clock with a batch provider that behaves like Tencent's: DescribeTasks
// honouring CreateTime and FinishTime (to the second), 100 a page, listing a task as FINISH or ABORTED once
// ended; DescribeMediaInfos 20 files a request. With Permanent outputs every finish is learned within the
// batch lag bound, in well under half a request a task, and no DescribeTaskDetail but one per aborted task
// (for the API's code and message).
import { describe, expect, it } from "vitest";
import type { FetchLike } from "../../src/api/http.js";
import { DownloadLane } from "../../src/pipeline/downloads.js";
import { ListingMemory } from "../../src/pipeline/listings.js";
import { RecordQueue } from "../../src/pipeline/record-queue.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { BATCH_LAG_BOUNDS } from "../../src/pipeline/schedule.js";
import { TaskTracker } from "../../src/pipeline/tracker.js";
import { recordFromMedia } from "../../src/provider/tencent/media-record.js";
import type { ListedTask, MediaSettled, TaskListQuery } from "../../src/provider/types.js";
import { TokenBucket } from "../../src/sched/token-bucket.js";
import { VirtualClock } from "../apply/virtual-clock.js";
import { interpretTaskDetail } from "../../src/api/interpret.js";
import { detail, entry, lockfileWith, memoryStore } from "../status/helpers/fakes.js";

const TASKS = 300;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
/** A media URL already expired: the download lane skips it, so the test needs no file system. */
const PAST = "1969-12-31T00:00:00Z"; // the virtual clock starts at 0

/** `abortedShare` of the tasks (seeded) end ABORTED: listed so, without a FileId; their detail says OperationCanceled. */
function tencentLike(clock: VirtualClock, abortedShare = 0) {
  let s = 5;
  const random = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  // Created 50 ms apart (the create rate), each 20-60 s long; creation times kept to the second, as the API writes them.
  const tasks = Array.from({ length: TASKS }, (_, i) => ({
    id: `t${i}`,
    createdAt: i * 50,
    finishAt: i * 50 + 20_000 + Math.round(random() * 40_000),
    aborted: random() < abortedShare,
  }));
  const learned = new Map<string, number>();
  const counts = { pages: 0, media: 0, details: 0 };
  const listed = (t: (typeof tasks)[number], now: number): ListedTask => {
    if (now < t.finishAt) return { taskId: t.id, status: "PROCESSING", createTime: iso(t.createdAt) };
    const ended = { taskId: t.id, createTime: iso(t.createdAt), finishTime: iso(t.finishAt) };
    return t.aborted ? { ...ended, status: "ABORTED" } : { ...ended, status: "FINISH", fileId: `f-${t.id}` };
  };
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const query = async (taskId: string) => {
    counts.details += 1;
    const t = byId.get(taskId);
    if (!t?.aborted || clock.now() < t.finishAt)
      return { kind: "retryable" as const, error: { code: "InternalError", message: "not expected" } };
    if (!learned.has(taskId)) learned.set(taskId, clock.now());
    return {
      kind: "ok" as const,
      task: interpretTaskDetail(
        detail("ABORTED", { ErrCode: 70003, ErrCodeExt: "OperationCanceled", Message: "The task was aborted." }),
      ),
    };
  };
  // Tencent's filters as the SDK documents them, whatever the caller asks: Status (WAITING, PROCESSING or FINISH:
  // an ABORTED task matches none) and FinishTime (only ended tasks have one).
  const listTasks = async (query: TaskListQuery, _signal?: AbortSignal, beforePage?: () => Promise<void>) => {
    const now = clock.now();
    const asked = query as TaskListQuery & { status?: string; finishedAfter?: number };
    const matching = tasks
      .filter((t) => t.createdAt >= query.after && t.createdAt <= query.before)
      .filter((t) => asked.status === undefined || listed(t, now).status === asked.status)
      .filter(
        (t) =>
          asked.finishedAfter === undefined ||
          (now >= t.finishAt && Math.floor(t.finishAt / 1000) * 1000 >= asked.finishedAfter),
      );
    const pages = Math.max(1, Math.ceil(matching.length / 100));
    for (let page = 0; page < pages; page += 1) await beforePage?.();
    return { ok: true as const, tasks: matching.map((t) => listed(t, now)), pages };
  };
  const settleFromMedia = async (
    finished: ListedTask[],
    _signal?: AbortSignal,
    beforeRequest?: () => Promise<void>,
  ): Promise<MediaSettled> => {
    const settled: MediaSettled = { records: new Map(), requests: 0, errors: [] };
    for (let i = 0; i < finished.length; i += 20) {
      await beforeRequest?.();
      settled.requests += 1;
      for (const task of finished.slice(i, i + 20)) {
        const record = recordFromMedia(task, {
          BasicInfo: { MediaUrl: `https://vod.example/${task.taskId}.mp4`, Type: "mp4", ExpireTime: PAST },
          MetaData: { Duration: 5 },
        });
        if (record) settled.records.set(task.taskId, record);
        if (!learned.has(task.taskId)) learned.set(task.taskId, clock.now());
      }
    }
    counts.media += settled.requests;
    return settled;
  };
  return { tasks, learned, counts, listTasks, settleFromMedia, query };
}

describe("the pipeline with listings of ended tasks and the media route (virtual clock)", () => {
  function setup(abortedShare: number) {
    const clock = new VirtualClock();
    const api = tencentLike(clock, abortedShare);
    const body = { model_name: "Kling", output_config: { duration: 5, storage_mode: "Permanent" } };
    const lockfile = lockfileWith(
      Object.fromEntries(
        api.tasks.map((t) => [
          t.id,
          entry(t.id, { provider: "tencent", submitted_at: new Date(t.createdAt).toISOString(), body }),
        ]),
      ),
    );
    const store = memoryStore(lockfile);
    const bucket = new TokenBucket(100, clock);
    const listTasks: typeof api.listTasks = async (query, signal, beforePage) =>
      api.listTasks(query, signal, async () => ((api.counts.pages += 1), beforePage?.()));
    const tracker = new TaskTracker(lockfile, clock.now(), () => true);
    const deps = {
      store,
      clock,
      bucket,
      parallelism: 16,
      query: api.query,
      tracker,
      lane: new DownloadLane({
        fetch: (async () => new Response("")) as FetchLike,
        clock,
        parallelism: 1,
        records: new RecordQueue("x", store),
      }),
      dir: "/nonexistent",
      listerFor: () => listTasks,
      mediaFor: () => api.settleFromMedia,
      listings: new ListingMemory(),
      estimateOf: (task: Parameters<TaskTracker["estimate"]>[0]) => tracker.estimate(task),
    };
    return { api, run: () => clock.run(runPipeline("x.lock.json", lockfile, deps, 10 * 60_000)) };
  }

  it("learns of every finish within the lag bound, in under half a request a task, without a detail query", async () => {
    const { api, run } = setup(0);
    const result = await run();
    expect(result.end).toBe("ended");
    expect(
      Object.values(result.lockfile.entries).every(
        (e) => e.task?.state === "succeeded" && e.task.outputs[0]?.storage_mode === "Permanent",
      ),
    ).toBe(true);
    const lags = api.tasks.map((t) => (api.learned.get(t.id) as number) - t.finishAt);
    if (process.env.DBG) console.log(api.counts, "mean lag", lags.reduce((a, b) => a + b, 0) / lags.length);
    expect(Math.max(...lags)).toBeLessThanOrEqual(Math.max(9000, BATCH_LAG_BOUNDS.maxMs) + 1000);
    expect(api.counts.details).toBe(0);
    expect((api.counts.pages + api.counts.media) / TASKS).toBeLessThan(0.5);
  });

  it("with a tenth of the tasks ABORTED: each is learned of within the same bound and recorded with the API's code and message", async () => {
    const { api, run } = setup(0.1);
    const aborted = api.tasks.filter((t) => t.aborted);
    expect(aborted.length).toBeGreaterThan(15);
    const result = await run();
    expect(result.end).toBe("ended");
    for (const t of api.tasks) {
      const task = result.lockfile.entries[t.id]?.task;
      if (t.aborted)
        expect(task, t.id).toMatchObject({
          state: "failed",
          api_status: "ABORTED",
          error: {
            err_code: 70003,
            err_code_ext: "OperationCanceled",
            message: "The task was aborted.",
            transient: false,
          },
        });
      else expect(task?.state, t.id).toBe("succeeded");
    }
    const lags = api.tasks.map((t) => (api.learned.get(t.id) as number) - t.finishAt);
    expect(Math.max(...lags)).toBeLessThanOrEqual(Math.max(9000, BATCH_LAG_BOUNDS.maxMs) + 1000);
    expect(api.counts.details).toBe(aborted.length); // one detail query each, for the code and message
    expect((api.counts.pages + api.counts.media) / TASKS).toBeLessThan(0.5);
  });
});
