import { describe, expect, it } from "vitest";
import type { QueryOutcome } from "../../src/api/types.js";
import { TokenBucket } from "../../src/sched/token-bucket.js";
import { runStatusPass, type PassDeps } from "../../src/status/pass.js";
import { fileState } from "../../src/apply/file-state.js";
import { followTasks } from "../../src/follow/run.js";
import type { Lockfile } from "../../src/lockfile/types.js";
import type { ProviderRegistry } from "../../src/provider/registry.js";
import type { Provider } from "../../src/provider/types.js";
import type { PassEvent } from "../../src/status/follow-types.js";
import { interpretTaskDetail } from "../../src/api/interpret.js";
import { detail, entry, fakeClock, finished, lockfileWith, memoryStore } from "./helpers/fakes.js";
import { systemClock } from "../../src/sched/clock.js";

const ok = (body: unknown): QueryOutcome => ({ kind: "ok", task: interpretTaskDetail(body) });

function deps(answers: Record<string, QueryOutcome[]>, store: ReturnType<typeof memoryStore>, clock = fakeClock()) {
  const asked: string[] = [];
  const d: PassDeps = {
    store,
    clock,
    bucket: new TokenBucket(0, clock),
    parallelism: 4,
    query: async (taskId) => {
      asked.push(taskId);
      const queue = answers[taskId] ?? [];
      return queue.length > 1 ? (queue.shift() as QueryOutcome) : (queue[0] as QueryOutcome);
    },
  };
  return { d, asked, clock };
}

describe("one status pass", () => {
  it("queries only unfinished tasks with a TaskId and records what the API said", async () => {
    const initial = lockfileWith({
      a: entry("t-a"),
      b: entry("t-b", {
        task: {
          state: "succeeded",
          api_status: "FINISH",
          checked_at: "x",
          outputs: [{ url: "u", size: 10, sha256: "h" }],
        },
      }),
      c: entry(undefined),
    });
    const store = memoryStore(initial);
    const { d, asked } = deps({ "t-a": [ok(detail("PROCESSING", { Progress: 30 }))] }, store);
    const result = await runStatusPass("x.lock.json", initial, d, false);
    expect(asked).toEqual(["t-a"]);
    expect(store.current()?.entries.a?.task).toMatchObject({
      state: "processing",
      progress: 30,
      checked_at: "2026-11-24T10:00:00.000Z",
    });
    expect(result.problems).toEqual([]);
  });

  it("--refresh queries ended tasks again and keeps what pull recorded about the same file", async () => {
    const url = "https://files.example.com/v/out.mp4";
    const initial = lockfileWith({
      b: entry("t-b", {
        task: { state: "succeeded", api_status: "FINISH", checked_at: "x", outputs: [{ url, size: 10, sha256: "h" }] },
      }),
    });
    const store = memoryStore(initial);
    const { d, asked } = deps({ "t-b": [ok(finished(url))] }, store);
    await runStatusPass("x.lock.json", initial, d, true);
    expect(asked).toEqual(["t-b"]);
    expect(store.current()?.entries.b?.task?.outputs[0]).toMatchObject({
      url,
      size: 10,
      sha256: "h",
      storage_mode: "Temporary",
    });
  });

  it("retries transient answers with backoff, then records the task", async () => {
    const initial = lockfileWith({ a: entry("t-a") });
    const store = memoryStore(initial);
    const busy: QueryOutcome = {
      kind: "retryable",
      error: { code: "RequestLimitExceeded", message: "" },
      retryAfterMs: 1000,
    };
    const { d, asked, clock } = deps({ "t-a": [busy, busy, ok(finished())] }, store);
    await runStatusPass("x.lock.json", initial, d, false);
    expect(asked).toHaveLength(3);
    expect(clock.slept.every((ms) => ms >= 1000)).toBe(true);
    expect(store.current()?.entries.a?.task?.state).toBe("succeeded");
  });

  it("tasks past the 3-day window that never ended become expired without a query", async () => {
    const initial = lockfileWith({ old: entry("t-old", { submitted_at: "2026-11-20T09:00:00Z" }) });
    const store = memoryStore(initial);
    const { d, asked } = deps({}, store);
    const result = await runStatusPass("x.lock.json", initial, d, true);
    expect(asked).toEqual([]);
    expect(result.expired).toEqual(["old"]);
    expect(store.current()?.entries.old?.task?.state).toBe("expired");
  });

  it("a task the API does not know, inside the window, is a problem to report and stays as it was", async () => {
    const initial = lockfileWith({ a: entry("t-a") });
    const store = memoryStore(initial);
    const { d } = deps(
      { "t-a": [{ kind: "not_found", error: { code: "HTTP404", message: "", http_status: 404 } }] },
      store,
    );
    const result = await runStatusPass("x.lock.json", initial, d, false);
    expect(result.problems).toMatchObject([{ key: "a", kind: "not_found" }]);
    expect(store.writes).toBe(0);
  });

  it("a task the API does not know and whose age is unknown is expired", async () => {
    const initial = lockfileWith({ a: entry("t-a", { submitted_at: undefined }) });
    delete (initial.entries.a as { submitted_at?: string }).submitted_at;
    const store = memoryStore(initial);
    const { d } = deps({ "t-a": [{ kind: "not_found", error: { code: "ResourceNotFound", message: "" } }] }, store);
    const result = await runStatusPass("x.lock.json", initial, d, false);
    expect(result.problems).toEqual([]);
    expect(store.current()?.entries.a?.task?.state).toBe("expired");
  });

  it("an authentication failure stops the pass: no further queries", async () => {
    const initial = lockfileWith({ a: entry("t-a"), b: entry("t-b"), c: entry("t-c") });
    const store = memoryStore(initial);
    const fatal: QueryOutcome = { kind: "fatal", error: { code: "invalid_token", message: "", http_status: 401 } };
    const { d, asked } = deps({ "t-a": [fatal], "t-b": [fatal], "t-c": [fatal] }, store);
    d.parallelism = 1;
    const result = await runStatusPass("x.lock.json", initial, d, false);
    expect(asked).toEqual(["t-a"]);
    expect(result.runStopped?.code).toBe("invalid_token");
  });

  it("an entry replaced by apply while we queried is left alone", async () => {
    const initial = lockfileWith({ a: entry("t-a") });
    const store = memoryStore(initial);
    const { d } = deps({}, store);
    d.query = async () => {
      await store.update("x", (l) => {
        (l.entries.a as { task_id?: string }).task_id = "t-a2";
      });
      return ok(finished());
    };
    await runStatusPass("x.lock.json", initial, d, false);
    expect(store.current()?.entries.a).toMatchObject({ task_id: "t-a2" });
    expect(store.current()?.entries.a?.task).toBeUndefined();
  });
});

describe("waiting for tasks to end (the follower of src/follow/run.ts)", () => {
  /** status --wait's use case over the same fakes: no provider lists tasks, so every look is a query. */
  const followWith = (d: PassDeps, initial: Lockfile, timeoutMs: number, onPass?: (event: PassEvent) => void) =>
    followTasks(
      {
        state: fileState("/tmp/x.lock.json", systemClock),
        store: d.store,
        manifest: "x.yaml",
        wait: true,
        refresh: false,
        timeoutMs,
        parallelism: d.parallelism,
        providers: { forEntry: () => ({}) as Provider } as unknown as ProviderRegistry,
        query: d.query,
        bucket: d.bucket,
        clock: d.clock,
        ...(d.stopSignal ? { stopSignal: d.stopSignal } : {}),
      },
      onPass ? { onPass } : {},
    );

  it("follows until every task ended, reporting passes", async () => {
    const initial = lockfileWith({ a: entry("t-a") });
    const store = memoryStore(initial);
    const { d, asked } = deps(
      { "t-a": [ok(detail("WAITING")), ok(detail("PROCESSING")), ok(detail("PROCESSING")), ok(finished())] },
      store,
    );
    const passes: number[] = [];
    const result = await followWith(d, initial, 600_000, (e) => passes.push(e.pass));
    expect(result.end).toBe("ended");
    expect(result.summary.allSucceeded).toBe(true);
    expect(asked).toHaveLength(4);
    expect(passes[0]).toBe(1);
    expect(passes.at(-1)).toBe(passes.length);
  });

  it("gives up at the timeout, after one last look at the deadline", async () => {
    const initial = lockfileWith({ a: entry("t-a") });
    const store = memoryStore(initial);
    const { d, asked, clock } = deps({ "t-a": [ok(detail("PROCESSING"))] }, store);
    const start = clock.now();
    const lookedAt: number[] = [];
    const query = d.query;
    d.query = async (...args) => (lookedAt.push(clock.now() - start), query(...args));
    const result = await followWith(d, initial, 10_000);
    expect(result.end).toBe("timeout");
    expect(lookedAt.at(-1)).toBe(10_000);
    expect(asked.length).toBeGreaterThan(0);
  });

  it("a task that ends just before the deadline is learned of by that last look", async () => {
    const initial = lockfileWith({ a: entry("t-a") });
    const store = memoryStore(initial);
    const clock = fakeClock();
    const start = clock.now();
    const { d } = deps({}, store, clock);
    d.query = async () => ok(clock.now() - start >= 9_500 ? finished() : detail("PROCESSING"));
    const result = await followWith(d, initial, 10_000);
    expect(result).toMatchObject({ end: "ended", summary: { allSucceeded: true } });
  });

  it("ends when a task failed, and says not all succeeded", async () => {
    const initial = lockfileWith({ a: entry("t-a"), b: entry("t-b") });
    const store = memoryStore(initial);
    const { d } = deps(
      { "t-a": [ok(finished())], "t-b": [ok(detail("ABORTED", { ErrCodeExt: "ResourceInsufficient" }))] },
      store,
    );
    const result = await followWith(d, initial, 600_000);
    expect(result).toMatchObject({
      end: "ended",
      summary: { allEnded: true, allSucceeded: false, counts: { succeeded: 1, failed: 1 } },
    });
  });

  it("Ctrl-C stops the wait, keeping what was recorded", async () => {
    const initial = lockfileWith({ a: entry("t-a") });
    const store = memoryStore(initial);
    const { d } = deps({ "t-a": [ok(detail("PROCESSING", { Progress: 10 }))] }, store);
    const stop = new AbortController();
    d.stopSignal = stop.signal;
    const result = await followWith(d, initial, 600_000, () => stop.abort());
    expect(result.end).toBe("stopped");
    expect(store.current()?.entries.a?.task?.progress).toBe(10);
  });
});
