// Issue 24: a follower's round costs what changed, not what is pending. The tracker runs on a virtual clock
// over 10,000 and 1,000 pending tasks with the same answers per round; its operation count (entries examined
// in its queues and heap, tasks taken, answers) per round must not grow with the pending count.
import { describe, expect, it, vi } from "vitest";
import type { LockEntry, Lockfile, TaskRecord } from "../../src/lockfile/types.js";
import { TaskTracker } from "../../src/pipeline/tracker.js";
import { predictedFinish } from "../../src/pipeline/schedule.js";
import { DurationBook } from "../../src/pipeline/estimate.js";
import { MinHeap } from "../../src/util/heap.js";
import { SortedList } from "../../src/util/sorted-list.js";

const START = Date.parse("2026-05-01T10:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();
const key = (i: number) => `k-${String(i).padStart(6, "0")}`;

function pendingLockfile(count: number): Lockfile {
  const entries: Record<string, LockEntry> = Object.create(null);
  for (let i = 0; i < count; i++) {
    entries[key(i)] = {
      hash: `sha256:${"0".repeat(64)}`,
      generation: 1,
      session_id: `s-${i}`,
      submission: "created",
      task_id: `t-${i}`,
      submitted_at: iso(START + i * 2),
      body: { model_name: "Kling", model_version: "2.1", output_config: { duration: 5, resolution: "720P" } },
    };
  }
  return { format_version: 1, campaign: "scale", entries };
}

/** Each task processes for 40 s after a 20 s wait, its end spread by its index (seeded, no randomness). */
function answerOf(i: number, now: number): TaskRecord {
  const end = START + i * 2 + 60_000 + (i % 97) * 500;
  const begin = end - 40_000;
  const base = { checked_at: iso(now), create_time: iso(START + i * 2), outputs: [] };
  if (now >= end)
    return {
      ...base,
      state: "succeeded",
      api_status: "FINISH",
      progress: 100,
      finish_time: iso(end),
      outputs: [{ url: "https://x/y.mp4" }],
    };
  if (now < begin) return { ...base, state: "waiting", api_status: "WAITING" };
  return {
    ...base,
    state: "processing",
    api_status: "PROCESSING",
    progress: Math.floor(((now - begin) / 40_000) * 100),
    begin_process_time: iso(begin),
  };
}

/**
 * Rounds of at most `perRound` answers, each at the tracker's next look, as src/pipeline/run.ts makes them
 * (due tasks, answers, the ETA of the progress line, the next look); per round, the tracker's operations and
 * the estimates it consulted (one per task looked at; a pass over the pending tasks would consult one each).
 */
function follow(
  count: number,
  perRound: number,
  rounds: number,
): { operations: number[]; answers: number[]; estimates: number[] } {
  const tracker = new TaskTracker(pendingLockfile(count), START, () => false);
  const estimate = vi.spyOn(tracker, "estimate");
  const operations: number[] = [];
  const answers: number[] = [];
  const estimates: number[] = [];
  let now = START;
  for (let round = 0; round < rounds && tracker.pendingCount() > 0; round++) {
    now = Math.max(now + 1000, tracker.nextAt() ?? now);
    const before = tracker.operations;
    const consulted = estimate.mock.calls.length;
    const due = tracker.due(now, perRound);
    for (const task of due) tracker.answered(task.key, answerOf(Number(task.key.slice(2)), now), now);
    tracker.latestPredictedFinish(now);
    tracker.nextAt();
    operations.push(tracker.operations - before);
    answers.push(due.length);
    estimates.push(estimate.mock.calls.length - consulted);
  }
  return { operations, answers, estimates };
}

describe("the follower's round at 10,000 pending tasks (issue 24)", () => {
  it("costs operations in proportion to the answers of the round, not to the pending count", () => {
    const large = follow(10_000, 100, 60);
    const small = follow(1_000, 100, 60);
    const perAnswer = (r: { operations: number[]; answers: number[] }) =>
      r.operations.reduce((a, b) => a + b, 0) /
      Math.max(
        1,
        r.answers.reduce((a, b) => a + b, 0),
      );
    expect(large.answers.filter((n) => n === 100).length).toBeGreaterThan(30); // rounds were full
    // Each round: a few steps per answer (heap, queue, answer), plus a few per queue, whatever is pending.
    for (const [i, ops] of large.operations.entries())
      expect(ops).toBeLessThanOrEqual(10 * (large.answers[i] ?? 0) + 20);
    expect(perAnswer(large)).toBeLessThan(perAnswer(small) * 1.5);
    expect(Math.max(...large.operations)).toBeLessThan(2_000); // far below 10,000 pending
  });

  it("keeps the ETA's latest predicted finish as answers come: no pass over the pending tasks", () => {
    const { estimates, answers } = follow(10_000, 100, 60);
    for (const [i, consulted] of estimates.entries()) expect(consulted).toBeLessThanOrEqual(answers[i] ?? 0);
  });

  it("the latest predicted finish is the one a pass over every pending task finds", () => {
    const tracker = new TaskTracker(pendingLockfile(2_000), START, () => false);
    let now = START;
    for (let round = 0; round < 40 && tracker.pendingCount() > 0; round++) {
      now = Math.max(now + 1000, tracker.nextAt() ?? now);
      for (const task of tracker.due(now, 150))
        tracker.answered(task.key, answerOf(Number(task.key.slice(2)), now), now);
      let expected = now;
      for (const t of tracker.pending())
        expected = Math.max(
          expected,
          predictedFinish(t.timing) ?? t.timing.submittedAt + tracker.estimate(t).typicalMs,
        );
      expect(tracker.latestPredictedFinish(now)).toBe(tracker.pendingCount() === 0 ? undefined : expected);
    }
  });

  it("takes the longest overdue first, at most the limit, and keeps a returned task due until it is answered", () => {
    const tracker = new TaskTracker(pendingLockfile(50), START, () => false);
    const later = START + 10 * 60_000;
    const first = tracker.due(later, 10);
    expect(first.map((t) => t.key)).toEqual(Array.from({ length: 10 }, (_, i) => key(i)));
    tracker.answered(key(0), answerOf(0, later), later);
    const second = tracker.due(later, 10);
    expect(second.map((t) => t.key)).toEqual([...Array.from({ length: 9 }, (_, i) => key(i + 1)), key(10)]);
    expect(tracker.nextAt()).toBeLessThanOrEqual(later);
  });
});

describe("the structures under it", () => {
  it("SortedList keeps order through inserts and deletes, and answers the k-th", () => {
    const list = new SortedList();
    const values: number[] = [];
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const v = seed % 1000;
      list.insert(v);
      values.push(v);
      if (i % 3 === 0) {
        const gone = values.splice(i % values.length, 1)[0] as number;
        expect(list.delete(gone)).toBe(true);
      }
    }
    expect(list.delete(-1)).toBe(false);
    values.sort((a, b) => a - b);
    expect(list.size).toBe(values.length);
    for (const k of [0, 1, 17, Math.floor(values.length / 2), values.length - 1]) expect(list.at(k)).toBe(values[k]);
    expect(list.at(values.length)).toBeUndefined();
  });

  it("MinHeap pops in order, also after retaining a part of it", () => {
    const heap = new MinHeap<number>((a, b) => a < b);
    for (const v of [5, 3, 9, 1, 1, 7]) heap.push(v);
    const out: number[] = [];
    for (let v = heap.pop(); v !== undefined; v = heap.pop()) out.push(v);
    expect(out).toEqual([1, 1, 3, 5, 7, 9]);
    for (let v = 0; v < 200; v++) heap.push((v * 37) % 101);
    heap.retain((v) => v % 2 === 0);
    const even: number[] = [];
    for (let v = heap.pop(); v !== undefined; v = heap.pop()) even.push(v);
    expect(even).toEqual([...even].sort((a, b) => a - b));
    expect(even.every((v) => v % 2 === 0)).toBe(true);
  });

  it("DurationBook's percentiles follow guesses replaced and samples added over many tasks", () => {
    const book = new DurationBook();
    for (let i = 0; i < 1000; i++) book.guess(`k${i}`, "a", 1000 + i);
    for (let i = 0; i < 1000; i++) book.guess(`k${i}`, "a", 2000 + i); // every guess replaced
    expect(book.estimate("a")).toEqual({ lowMs: 2100, typicalMs: 2500, highMs: 2800, samples: 1000 });
    for (let i = 0; i < 1000; i++) book.add("a", 3000 + i, `k${i}`); // each ended: its guess goes
    expect(book.estimate("a")).toEqual({ lowMs: 3100, typicalMs: 3500, highMs: 3800, samples: 1000 });
  });
});
