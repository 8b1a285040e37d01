// The tasks a pipeline follows, each with what it has learned of its timing and when to look next.
import type { LockEntry, Lockfile, TaskRecord } from "../lockfile/types.js";
import { taskEnded } from "../lockfile/types.js";
import type { EntryOrigin } from "../provider/types.js";
import { entriesToQuery } from "../status/window.js";
import { bookFromLockfile, classOf, observedMs, type DurationBook, type Estimate } from "./estimate.js";
import { nextLookAt, predictedFinish, SCOUTS, preciseFinish, type TaskTiming } from "./schedule.js";
import { minOf } from "../util/arrays.js";

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

export class TaskTracker {
  readonly book: DurationBook;
  private readonly tasks = new Map<string, TrackedTask>();

  /** The book's version the first looks were planned with. */
  private plannedWith = -1;

  constructor(lockfile: Lockfile, now: number, batchFor: (origin: EntryOrigin) => boolean, refresh = false) {
    this.book = bookFromLockfile(lockfile);
    for (const key of entriesToQuery(lockfile.entries, now, refresh)) {
      const entry = lockfile.entries[key] as LockEntry;
      const tracked = trackedFrom(key, entry, batchFor(entry), now);
      // Tasks already under way when we start (status --wait --pull later on) are looked at at once.
      if (entry.task) tracked.timing.looks = 1;
      this.tasks.set(key, tracked);
    }
    this.chooseScouts();
    for (const task of this.tasks.values()) {
      task.nextAt = task.timing.looks > 0 ? now : nextLookAt(task.timing, this.estimate(task), now, task.batch, task.scout);
    }
    this.plannedWith = this.book.version;
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

  pending(): TrackedTask[] {
    return [...this.tasks.values()];
  }

  /** Due tasks, the longest overdue first (no task waits behind others indefinitely). */
  due(now: number): TrackedTask[] {
    this.replanFirstLooks(now);
    return this.pending().filter((t) => t.nextAt <= now).sort((a, b) => a.nextAt - b.nextAt || (a.key < b.key ? -1 : 1));
  }

  /** The next look of any task (as planned at the last due()). */
  nextAt(): number | undefined {
    return minOf(this.tasks.values(), (t) => t.nextAt);
  }

  /** An answer from a detail query (or a list, without progress); an ended task leaves and teaches the book. */
  answered(key: string, record: TaskRecord | undefined, now: number): void {
    const task = this.tasks.get(key);
    if (!task) return;
    task.timing.looks += 1;
    if (record && taskEnded(record)) {
      this.tasks.delete(key);
      const ms = observedMs({ task: record, submitted_at: new Date(task.timing.submittedAt).toISOString() });
      if (ms !== undefined) this.book.add(task.cls, ms, key);
      return;
    }
    if (record?.create_time) task.timing.createdAt = Date.parse(record.create_time);
    if (record?.begin_process_time) task.timing.beganAt = Date.parse(record.begin_process_time);
    if (record?.progress !== undefined && record.state === "processing") task.timing.points.push({ at: now, progress: record.progress });
    const finish = preciseFinish(task.timing);
    if (finish !== undefined) this.book.guess(key, task.cls, finish - (task.timing.createdAt ?? task.timing.submittedAt));
    task.nextAt = nextLookAt(task.timing, this.estimate(task), now, task.batch, task.scout);
  }

  /** What the book learned since moves the first looks of the tasks not yet looked at (never into the past). */
  private replanFirstLooks(now: number): void {
    if (this.plannedWith === this.book.version) return;
    this.plannedWith = this.book.version;
    for (const task of this.tasks.values()) {
      if (task.timing.looks === 0) task.nextAt = nextLookAt(task.timing, this.estimate(task), now, task.batch, task.scout);
    }
  }

  /** The predicted finish of every pending task (progress, else the class's typical time): for the ETA. */
  predictedFinishes(now: number): number[] {
    return this.pending().map((t) => Math.max(now, predictedFinish(t.timing) ?? t.timing.submittedAt + this.estimate(t).typicalMs));
  }
}

function trackedFrom(key: string, entry: LockEntry, batch: boolean, now: number): TrackedTask {
  const submittedAt = Date.parse(entry.submitted_at ?? entry.task?.create_time ?? "") || now;
  const timing: TaskTiming = { submittedAt, points: [], looks: 0 };
  if (entry.task?.create_time) timing.createdAt = Date.parse(entry.task.create_time);
  return { key, taskId: entry.task_id as string, origin: entry, cls: classOf(entry.body), timing, nextAt: 0, batch, scout: false };
}
