// The tasks a pipeline follows, each with what it has learned of its timing and when to look next.
import type { LockEntry, Lockfile, TaskRecord } from "../lockfile/types.js";
import { taskEnded } from "../lockfile/types.js";
import type { EntryOrigin } from "../provider/types.js";
import { entriesToQuery } from "../status/window.js";
import { bookFromLockfile, classOf, observedMs, type DurationBook, type Estimate } from "./estimate.js";
import {
  firstLookAt,
  nextLookAt,
  predictedFinish,
  SCOUTS,
  preciseFinish,
  trimPoints,
  type TaskTiming,
} from "./schedule.js";
import { IndexedHeap, type HeapSlot } from "../util/indexed-heap.js";
import { LatestFinish } from "./latest-finish.js";

export interface TrackedTask {
  key: string;
  taskId: string;
  origin: EntryOrigin;
  cls: string;
  timing: TaskTiming;
  nextAt: number;
  /** Its provider can list tasks: looks are batch looks (tighter lag bound). */
  batch: boolean;
  /** One of the first tasks of a class with nothing learned: looked at early, to learn from. */
  scout: boolean;
}

/**
 * Bookkeeping that costs per round what changed, not what is pending (issue 24): tasks not looked at yet
 * wait in queues by submission time, one queue per (class, batch, scout), whose first look is the
 * submission time plus one offset that follows the class's estimate (so what the book learns moves every
 * first look at once, for free); tasks looked at wait in a heap by their next look. The queues drop entries
 * lazily (a task since looked at or ended is skipped when it comes up); in the heap each task has one slot,
 * moved when it is rescheduled and taken out when it ends, so an answer allocates nothing there (issue 24:
 * entries pushed anew on every answer outlived the young generation, and the old one's collections blocked).
 */
export class TaskTracker {
  readonly book: DurationBook;
  private readonly tasks = new Map<string, TrackedTask>();
  private readonly firstLooks = new Map<string, FirstLookQueue>();
  private readonly looks = new IndexedHeap<Scheduled>(
    (a, b) => a.at < b.at || (a.at === b.at && a.task.key < b.task.key),
  );
  /** Per task looked at, its one slot in `looks` (made once, reused at every reschedule). */
  private readonly slots = new Map<TrackedTask, Scheduled>();
  /** The ETA's latest predicted finish, kept as answers come (not a pass over the pending tasks). */
  private readonly latest = new LatestFinish();
  private ops = 0;
  /** Tasks returned by due() and not answered since (at most a round's limit). */
  private readonly overdue = new Set<TrackedTask>();
  private batchPending = 0;

  /**
   * Steps of the round's bookkeeping (entries examined in the queues and the heaps, tasks taken, answers, the
   * ETA's entries): a count, not a time, so a test can check that a round costs what changed, not what is pending.
   */
  get operations(): number {
    return this.ops + this.latest.operations;
  }

  constructor(lockfile: Lockfile, now: number, batchFor: (origin: EntryOrigin) => boolean, refresh = false) {
    this.book = bookFromLockfile(lockfile);
    for (const key of entriesToQuery(lockfile.entries, now, refresh)) {
      const entry = lockfile.entries[key] as LockEntry;
      const tracked = trackedFrom(key, entry, batchFor(entry), now);
      // Tasks already under way when we start (status --wait --pull later on) are looked at at once.
      if (entry.task) tracked.timing.looks = 1;
      this.tasks.set(key, tracked);
      this.latest.set(key, tracked.cls, undefined, tracked.timing.submittedAt);
      if (tracked.batch) this.batchPending += 1;
    }
    this.chooseScouts();
    const unlooked: TrackedTask[] = [];
    for (const task of this.tasks.values()) {
      if (task.timing.looks > 0) this.schedule(task, now);
      else unlooked.push(task);
    }
    unlooked.sort((a, b) => a.timing.submittedAt - b.timing.submittedAt || (a.key < b.key ? -1 : 1));
    for (const task of unlooked) this.firstLookQueue(task).tasks.push(task);
    for (const task of unlooked) task.nextAt = this.firstLookOf(task, now);
  }

  /** The earliest tasks not yet looked at of each class with nothing learned (per-task status only). */
  private chooseScouts(): void {
    const scouted = new Map<string, number>();
    const candidates = this.pending().filter((t) => !t.batch && t.timing.looks === 0 && this.estimate(t).samples === 0);
    for (const task of candidates.sort((a, b) => a.timing.submittedAt - b.timing.submittedAt)) {
      const count = scouted.get(task.cls) ?? 0;
      task.scout = count < SCOUTS;
      scouted.set(task.cls, count + 1);
    }
  }

  estimate(task: TrackedTask): Estimate {
    return this.book.estimate(task.cls);
  }

  /** Every pending task (a copy: costs the pending count; rounds use pendingCount and due). */
  pending(): TrackedTask[] {
    return [...this.tasks.values()];
  }

  pendingCount(): number {
    return this.tasks.size;
  }

  /** The pending tasks whose provider lists tasks (a batch look covers them all); none costs nothing. */
  pendingBatch(): TrackedTask[] {
    if (this.batchPending === 0) return [];
    return this.pending().filter((t) => t.batch);
  }

  /**
   * Due tasks, the longest overdue first (no task waits behind others indefinitely); at most `limit` of
   * them (a round's query budget): the others stay where they wait, so a round costs what it can answer.
   * A task returned stays due until it is answered.
   */
  due(now: number, limit = Infinity): TrackedTask[] {
    const due = [...this.overdue];
    this.ops += due.length;
    while (due.length < limit) {
      const next = this.earliest();
      if (!next || next.at > now) break;
      if (next.queue) next.queue.head += 1;
      else this.looks.pop();
      next.task.nextAt = next.at;
      this.overdue.add(next.task);
      due.push(next.task);
    }
    for (const queue of this.firstLooks.values()) this.compact(queue);
    return due.sort(byNextLook);
  }

  /** The next look of any task. */
  nextAt(): number | undefined {
    let next: number | undefined;
    for (const task of this.overdue) next = Math.min(next ?? Infinity, task.nextAt);
    const waiting = this.earliest()?.at;
    return waiting === undefined ? next : Math.min(next ?? Infinity, waiting);
  }

  /** The earliest look waiting (a first look at the head of its queue, or the heap's top), stale queue entries dropped. */
  private earliest(): { at: number; task: TrackedTask; queue?: FirstLookQueue } | undefined {
    let best: { at: number; task: TrackedTask; queue?: FirstLookQueue } | undefined;
    for (const queue of this.firstLooks.values()) {
      this.ops += 1;
      let task = queue.tasks[queue.head];
      // Ended, or looked at since (a listing answers tasks that were not due): not a first look any more.
      while (
        task !== undefined &&
        (this.tasks.get(task.key) !== task || task.timing.looks > 0 || this.overdue.has(task))
      ) {
        this.ops += 1;
        task = queue.tasks[++queue.head];
      }
      if (!task) continue;
      const at = task.timing.submittedAt + this.firstLookOffset(queue);
      if (!best || at < best.at || (at === best.at && task.key < best.task.key)) best = { at, task, queue };
    }
    const top = this.looks.peek();
    this.ops += 1;
    if (top && (!best || top.at < best.at || (top.at === best.at && top.task.key < best.task.key)))
      best = { at: top.at, task: top.task };
    return best;
  }

  /** An answer from a detail query (or a list, without progress); an ended task leaves and teaches the book. */
  /**
   * A task whose entry is gone from the lockfile (`state rm` between two rounds) or holds another TaskId now
   * (an apply replaced it): followed no more, and nothing learned from it. Without this the follower waited
   * for it until its deadline: no look at it could be answered.
   */
  forget(key: string): void {
    const task = this.tasks.get(key);
    if (!task) return;
    this.ops += 1;
    this.overdue.delete(task);
    this.drop(task);
    this.book.forget(key);
  }

  private drop(task: TrackedTask): void {
    this.tasks.delete(task.key);
    const slot = this.slots.get(task);
    if (slot) this.looks.remove(slot);
    this.slots.delete(task);
    this.latest.delete(task.key);
    if (task.batch) this.batchPending -= 1;
  }

  answered(key: string, record: TaskRecord | undefined, now: number): void {
    const task = this.tasks.get(key);
    if (!task) return;
    this.ops += 1;
    task.timing.looks += 1;
    this.overdue.delete(task);
    if (record && taskEnded(record)) {
      this.drop(task);
      const ms = observedMs({ task: record, submitted_at: new Date(task.timing.submittedAt).toISOString() });
      if (ms !== undefined) this.book.add(task.cls, ms, key);
      return;
    }
    if (record?.create_time) task.timing.createdAt = Date.parse(record.create_time);
    if (record?.begin_process_time) task.timing.beganAt = Date.parse(record.begin_process_time);
    if (record?.progress !== undefined && record.state === "processing") {
      task.timing.points.push({ at: now, progress: record.progress });
      trimPoints(task.timing.points);
    }
    const finish = preciseFinish(task.timing);
    if (finish !== undefined)
      this.book.guess(key, task.cls, finish - (task.timing.createdAt ?? task.timing.submittedAt));
    task.nextAt = nextLookAt(task.timing, this.estimate(task), now, task.batch, task.scout);
    this.push(task);
    this.latest.set(key, task.cls, predictedFinish(task.timing), task.timing.submittedAt);
  }

  /**
   * The latest predicted finish of any pending task (the ETA's generation part): its own progress's
   * prediction, else its submission plus its class's typical time. Kept as answers come (LatestFinish).
   */
  latestPredictedFinish(now: number): number | undefined {
    return this.latest.latest(now, (cls) => this.book.estimate(cls).typicalMs);
  }

  private schedule(task: TrackedTask, now: number): void {
    task.nextAt = now;
    this.push(task);
  }

  /** Into the heap at its next look (moved there when it was waiting already). */
  private push(task: TrackedTask): void {
    let slot = this.slots.get(task);
    if (!slot) this.slots.set(task, (slot = { at: task.nextAt, task, heapIndex: -1 }));
    slot.at = task.nextAt;
    this.looks.set(slot);
  }

  private firstLookQueue(task: TrackedTask): FirstLookQueue {
    const id = `${task.cls}\u0000${task.batch}\u0000${task.scout}`;
    let queue = this.firstLooks.get(id);
    if (!queue)
      this.firstLooks.set(id, (queue = { cls: task.cls, batch: task.batch, scout: task.scout, tasks: [], head: 0 }));
    return queue;
  }

  /** The first look is the submission time plus this (schedule.ts firstLookAt depends on nothing else of the task). */
  private firstLookOffset(queue: FirstLookQueue): number {
    return firstLookAt({ submittedAt: 0 }, this.book.estimate(queue.cls), queue.batch, queue.scout);
  }

  private firstLookOf(task: TrackedTask, now: number): number {
    return Math.max(now, firstLookAt(task.timing, this.estimate(task), task.batch, task.scout));
  }

  /** Drops the part of a queue already passed once it is most of it (amortised: each task is moved once). */
  private compact(queue: FirstLookQueue): void {
    if (queue.head > 1024 && queue.head * 2 > queue.tasks.length) {
      // In place: splice would return the passed part as a new array (up to half the queue).
      const tasks = queue.tasks;
      for (let i = queue.head; i < tasks.length; i++) tasks[i - queue.head] = tasks[i] as TrackedTask;
      tasks.length -= queue.head;
      queue.head = 0;
    }
  }
}

function byNextLook(a: TrackedTask, b: TrackedTask): number {
  return a.nextAt - b.nextAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

interface FirstLookQueue {
  cls: string;
  batch: boolean;
  scout: boolean;
  /** Tasks not looked at when the run began, by submission time; `head` is the first not yet due. */
  tasks: TrackedTask[];
  head: number;
}

interface Scheduled extends HeapSlot {
  at: number;
  task: TrackedTask;
}

function trackedFrom(key: string, entry: LockEntry, batch: boolean, now: number): TrackedTask {
  const submittedAt = Date.parse(entry.submitted_at ?? entry.task?.create_time ?? "") || now;
  const timing: TaskTiming = { submittedAt, points: [], looks: 0 };
  if (entry.task?.create_time) timing.createdAt = Date.parse(entry.task.create_time);
  return {
    key,
    taskId: entry.task_id as string,
    origin: entry,
    cls: classOf(entry.body),
    timing,
    nextAt: 0,
    batch,
    scout: false,
  };
}
