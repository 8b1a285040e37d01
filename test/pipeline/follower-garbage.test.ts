// Issue 24: a follower's round at 100,000 pending tasks must not leave garbage that outlives the young
// generation (its collections were the event loop's longest blocks). What the tracker keeps per task is
// bounded, and rescheduling moves a task's one heap slot instead of pushing a new entry.
import { describe, expect, it } from "vitest";
import type { LockEntry, Lockfile, TaskRecord } from "../../src/lockfile/types.js";
import { LatestFinish } from "../../src/pipeline/latest-finish.js";
import {
  nextLookAt,
  preciseFinish,
  predictedFinish,
  trimPoints,
  type ProgressPoint,
  type TaskTiming,
} from "../../src/pipeline/schedule.js";
import { TaskTracker } from "../../src/pipeline/tracker.js";
import { IndexedHeap } from "../../src/util/indexed-heap.js";
import { between, seededRandom } from "../helpers/seed.js";

const estimate = { lowMs: 20_000, typicalMs: 40_000, highMs: 55_000, samples: 20 };

describe("trimPoints keeps what the schedule reads", () => {
  it("gives the same next look and predictions as every point kept, over seeded progress (moving, flat, backwards, 99)", () => {
    const random = seededRandom("trimPoints keeps what the schedule reads");
    for (let run = 0; run < 300; run++) {
      const withBegin = random() < 0.5;
      const full: TaskTiming = { submittedAt: 0, createdAt: 0, points: [], looks: 0 };
      if (withBegin) full.beganAt = between(random, 0, 10_000);
      const trimmed: TaskTiming = { ...full, points: [] };
      let at = 10_000;
      let progress = 0;
      for (let look = 1; look <= 40; look++) {
        at += between(random, 1000, 15_000);
        const move = random();
        // Mostly up, sometimes flat, backwards, a jump to 99 or 100.
        if (move < 0.6) progress = Math.min(100, progress + between(random, 1, 20));
        else if (move < 0.75) progress = Math.max(0, progress - between(random, 1, 30));
        else if (move < 0.85) progress = 99;
        else if (move < 0.9) progress = 100;
        const point: ProgressPoint = { at, progress };
        full.points.push(point);
        trimmed.points.push(point);
        trimPoints(trimmed.points);
        full.looks = look;
        trimmed.looks = look;
        expect(trimmed.points.length).toBeLessThanOrEqual(4);
        expect(predictedFinish(trimmed)).toBe(predictedFinish(full));
        expect(preciseFinish(trimmed)).toBe(preciseFinish(full));
        for (const scout of [false, true])
          for (const samples of [0, 20])
            expect(nextLookAt(trimmed, { ...estimate, samples }, at, false, scout)).toBe(
              nextLookAt(full, { ...estimate, samples }, at, false, scout),
            );
      }
    }
  });
});

describe("IndexedHeap", () => {
  interface Item {
    id: number;
    at: number;
    heapIndex: number;
  }

  it("pops in order through seeded adds, moves and removals, and holds each item once", () => {
    const random = seededRandom("IndexedHeap pops in order");
    const heap = new IndexedHeap<Item>((a, b) => a.at < b.at || (a.at === b.at && a.id < b.id));
    const items = Array.from({ length: 500 }, (_, id) => ({ id, at: 0, heapIndex: -1 }));
    const inside = new Set<Item>();
    for (let step = 0; step < 20_000; step++) {
      const item = items[between(random, 0, items.length - 1)] as Item;
      if (random() < 0.2) {
        heap.remove(item);
        inside.delete(item);
      } else {
        item.at = between(random, 0, 1000);
        heap.set(item); // a new item, or one moved to its new place
        inside.add(item);
      }
      expect(heap.size).toBe(inside.size);
    }
    const expected = [...inside].sort((a, b) => a.at - b.at || a.id - b.id);
    const popped: Item[] = [];
    for (let item = heap.pop(); item !== undefined; item = heap.pop()) popped.push(item);
    expect(popped).toEqual(expected);
    expect(items.every((item) => item.heapIndex === -1)).toBe(true);
  });
});

describe("LatestFinish", () => {
  it("a task set again and again keeps one slot: the latest finish is read from the heaps' tops alone", () => {
    const random = seededRandom("LatestFinish one slot per task");
    const latest = new LatestFinish();
    const typical = (cls: string): number => (cls === "a" ? 40_000 : 70_000);
    const news = new Map<string, { cls: string; predictedAt: number | undefined; submittedAt: number }>();
    for (let step = 0; step < 10_000; step++) {
      const key = `k${between(random, 0, 99)}`;
      if (random() < 0.05) {
        latest.delete(key);
        news.delete(key);
        continue;
      }
      const cls = news.get(key)?.cls ?? (random() < 0.5 ? "a" : "b");
      const predictedAt = random() < 0.5 ? between(random, 0, 500_000) : undefined;
      const submittedAt = news.get(key)?.submittedAt ?? between(random, 0, 100_000);
      latest.set(key, cls, predictedAt, submittedAt);
      news.set(key, { cls, predictedAt, submittedAt });
      if (step % 100 !== 0) continue;
      const before = latest.operations;
      let expected = 1000;
      for (const n of news.values()) expected = Math.max(expected, n.predictedAt ?? n.submittedAt + typical(n.cls));
      expect(latest.latest(1000, typical)).toBe(news.size === 0 ? undefined : expected);
      // One top per heap (the predicted finishes, and the classes a and b), however often tasks were set.
      expect(latest.operations - before).toBeLessThanOrEqual(3);
    }
  });
});

describe("the tracker keeps a bounded record per task", () => {
  const START = Date.parse("2026-05-01T10:00:00.000Z");
  const iso = (ms: number): string => new Date(ms).toISOString();

  function lockfile(count: number): Lockfile {
    const entries: Record<string, LockEntry> = Object.create(null);
    for (let i = 0; i < count; i++)
      entries[`k${i}`] = {
        hash: `sha256:${"0".repeat(64)}`,
        generation: 1,
        session_id: `s-${i}`,
        submission: "created",
        task_id: `t-${i}`,
        submitted_at: iso(START),
        body: { model_name: "Kling", model_version: "2.1" },
      };
    return { format_version: 1, campaign: "c", entries };
  }

  it("a task answered a hundred times keeps at most four progress points, and its looks still come in order", () => {
    // Six tasks: all scouts of their class (SCOUTS), looked at often; none ends (progress stays below 99).
    const tracker = new TaskTracker(lockfile(6), START, () => false);
    let now = START;
    for (let round = 0; round < 100; round++) {
      now = Math.max(now + 1000, tracker.nextAt() ?? now);
      for (const task of tracker.due(now)) {
        const record: TaskRecord = {
          state: "processing",
          api_status: "PROCESSING",
          checked_at: iso(now),
          progress: Math.min(98, round),
          outputs: [],
        };
        tracker.answered(task.key, record, now);
      }
      // Listings answer tasks that were not due: each is moved in the heap, not entered twice.
      for (const task of tracker.pending().slice(0, 3)) tracker.answered(task.key, undefined, now);
    }
    expect(tracker.pendingCount()).toBe(6);
    for (const task of tracker.pending()) {
      expect(task.timing.looks).toBeGreaterThan(20);
      expect(task.timing.points.length).toBeLessThanOrEqual(4);
    }
    const due = tracker.due(Infinity);
    expect(due.map((t) => t.key).sort()).toEqual(["k0", "k1", "k2", "k3", "k4", "k5"]); // each task once
  });
});
