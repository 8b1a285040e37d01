// When to ask about a task next. Pure: times in, a time out, so it is tested with a virtual clock.
//
// The rule (docs/status-and-pull.md, "Polling that follows the tasks"):
// - first look when most tasks of its class (the estimate's high, 80%) can then be followed to their end
//   in one more look within the lag bound: at high - L, but not before 90% of the quickest time (low) nor
//   after low + L. With batch status looks are cheap: at 90% of low. With nothing learned yet, a few
//   scouts of each class look 1 s after submission, then at twice their age (2 s, 4 s, 8 s: a class of
//   quick tasks is learned of in seconds, for at most 3 more queries per scout than one look at the
//   prior's 90% of low); the others wait for what the scouts' progress teaches (estimate.ts), at most
//   until the prior's low + L;
// - then at the finish the task's own progress predicts (the rate between its last two answers, else
//   its progress since it began processing, or since creation, halfway then), a little late rather than
//   early, else at its class's typical time
//   (and once past that, after a tenth of the task's age);
// - but never more than the lag bound after the previous look, so a task that finished is learned of
//   within that bound; and never sooner than MIN_GAP_MS.
// Progress counts only while it moves (movingPoints): flat across looks, backwards, or at 99 (stuck there,
// or jumped there) it says nothing of the finish, and the class's estimate takes over.
import type { Estimate } from "./estimate.js";

export const MIN_GAP_MS = 1000;
/** Per-task status (one query per task): half the typical time, within 5 s .. 60 s. */
export const LAG_BOUNDS = { share: 0.5, minMs: 5000, maxMs: 60_000 };
/** Batch status (one request covers 100 tasks): looks are cheap, so the bound is tighter. */
export const BATCH_LAG_BOUNDS = { share: 0.05, minMs: 1000, maxMs: 10_000 };

export interface ProgressPoint {
  at: number;
  /** 0..100 */
  progress: number;
}

export interface TaskTiming {
  submittedAt: number;
  /** The API's CreateTime, when an answer gave it. */
  createdAt?: number;
  /** The API's BeginProcessTime, when an answer gave it: progress counts from there. */
  beganAt?: number;
  /** Answers so far that carried a progress (latest last). */
  points: ProgressPoint[];
  looks: number;
}

export function lagBound(estimate: Estimate, batch: boolean): number {
  const bounds = batch ? BATCH_LAG_BOUNDS : LAG_BOUNDS;
  return Math.min(bounds.maxMs, Math.max(bounds.minMs, Math.round(estimate.typicalMs * bounds.share)));
}

/** Scouts of a class with nothing learned: their progress teaches when to look at the others. */
export const SCOUTS = 6;
const SCOUT_GAP_MS = 5000;
/**
 * A scout's first look, after submission; it then looks at twice its age until the gap reaches SCOUT_GAP_MS
 * (1 s, 2 s, 4 s, 8 s, then every 5 s): quick tasks are not waited for until the prior's quickest time.
 */
export const SCOUT_FIRST_LOOK_MS = 1000;

/** When to look at a task not yet looked at (scout: one of its class's first tasks, with nothing learned). */
export function firstLookAt(
  task: Pick<TaskTiming, "submittedAt">,
  estimate: Estimate,
  batch: boolean,
  scout: boolean,
): number {
  const early = Math.round(estimate.lowMs * 0.9);
  const lag = lagBound(estimate, batch);
  if (batch) return task.submittedAt + early;
  if (estimate.samples === 0 && scout) return task.submittedAt + Math.min(early, SCOUT_FIRST_LOOK_MS);
  return task.submittedAt + Math.min(estimate.lowMs + lag, Math.max(early, estimate.highMs - lag));
}

export function nextLookAt(task: TaskTiming, estimate: Estimate, now: number, batch: boolean, scout = false): number {
  if (task.looks === 0) return Math.max(now, firstLookAt(task, estimate, batch, scout));
  const lag = lagBound(estimate, batch);
  // While nothing is learned, a scout looks again soon (at twice its age while young, then every 5 s, a
  // tenth of its age once older, within the bound: a scout queued for long is not polled hard) until its
  // progress says when it will finish.
  const from = movingFrom(task.points);
  const moving = task.points.length - from;
  // Progress that does not move (flat, backwards, at 99) says nothing: the class's estimate decides, which
  // after the first look means the bound. Such a scout cannot teach either, so it is not polled hard.
  const learning = scout && estimate.samples === 0;
  if (task.points.length > 0 && moving === 0 && !(learning && briefPause(task.points))) return now + lag;
  if (learning && preciseFinish(task) === undefined) return now + Math.min(lag, scoutGap(now - task.submittedAt));
  const predicted = predictedFinish(task);
  // One point counted from creation overestimates what is left (the task may have queued first): look again
  // halfway, where a second point gives the rate. Two points, or one counted from BeginProcessTime, are
  // trusted to the predicted finish.
  const share = moving >= 2 || (task.beganAt !== undefined && from === 0) ? 1 : 0.5;
  if (predicted !== undefined) return now + Math.min(lag, Math.max(MIN_GAP_MS, Math.round((predicted - now) * share)));
  // No progress to go by: the class's typical time, and past it (a queue, a slow task) a tenth of its age.
  const typical = task.submittedAt + estimate.typicalMs;
  const gap = typical > now ? typical - now : (now - task.submittedAt) / 10;
  return now + Math.round(Math.min(lag, Math.max(MIN_GAP_MS, gap)));
}

/**
 * The latest two answers' progress is the same, below 99, and they were less than SCOUT_GAP_MS apart: a
 * learning scout's quick early looks can see whole-point progress pause without the task being stuck.
 */
function briefPause(points: readonly ProgressPoint[]): boolean {
  const last = points.at(-1);
  const previous = points.at(-2);
  if (!last || !previous || last.progress >= UNTRUSTED_PROGRESS) return false;
  return last.progress === previous.progress && last.at - previous.at < SCOUT_GAP_MS;
}

/** A learning scout's next gap at this age: its age while under SCOUT_GAP_MS (doubling), then 5 s or a tenth of it. */
function scoutGap(ageMs: number): number {
  if (ageMs < SCOUT_GAP_MS) return Math.max(MIN_GAP_MS, ageMs);
  return Math.max(SCOUT_GAP_MS, Math.round(ageMs / 10));
}

/**
 * The finish its progress predicts, when that is precise enough to learn a duration from: counted from
 * BeginProcessTime or between two answers, over at least 5 s and 5 points of progress (Tencent writes
 * times to the second and progress in whole points).
 */
export function preciseFinish(task: TaskTiming): number | undefined {
  const from = movingFrom(task.points);
  const last = task.points[from] === undefined ? undefined : task.points.at(-1);
  // From BeginProcessTime only when every point since moved (after a reset, only the rate since it counts).
  const fromBegin = task.beganAt !== undefined && from === 0;
  const first =
    task.points.length - from >= 2 ? task.points[from] : fromBegin ? { at: task.beganAt ?? 0, progress: 0 } : undefined;
  if (!last || !first || last.at - first.at < SCOUT_GAP_MS || last.progress - first.progress < 5) return undefined;
  return predictedFinish(task);
}

/** The finish the task's progress points to, a little late (2% + 300 ms): a look just before the end is wasted. */
export function predictedFinish(task: TaskTiming): number | undefined {
  const from = movingFrom(task.points);
  const last = task.points[from] === undefined ? undefined : task.points.at(-1);
  if (!last || last.progress <= 0) return undefined;
  const previous = task.points.length - from >= 2 ? task.points.at(-2) : undefined;
  const start = task.beganAt ?? task.createdAt ?? task.submittedAt;
  const rate =
    previous && last.progress > previous.progress && last.at > previous.at
      ? (last.progress - previous.progress) / (last.at - previous.at)
      : last.progress / Math.max(1, last.at - start);
  const remaining = (100 - last.progress) / rate;
  return Math.round(last.at + remaining * 1.02 + 300);
}

/** Progress at or above this says nothing of when a task ends: a task stuck at 99, or one that jumped there. */
const UNTRUSTED_PROGRESS = 99;

/**
 * The points that count: the latest run of answers whose progress moved up each time, below 99. None when the
 * latest answer did not move it (flat across looks, or backwards) or is at 99: then the task's progress is
 * ignored, and its look follows its class's estimate, until it moves again.
 */
export function movingPoints(points: readonly ProgressPoint[]): ProgressPoint[] {
  return points.slice(movingFrom(points));
}

/** Where movingPoints starts (points.length when none count): no copy, for the follower's every answer. */
function movingFrom(points: readonly ProgressPoint[]): number {
  const last = points.length - 1;
  const latest = points[last];
  if (!latest || latest.progress >= UNTRUSTED_PROGRESS) return points.length;
  if (last > 0 && (points[last - 1]?.progress ?? 0) >= latest.progress) return points.length;
  let from = last;
  while (from > 0 && (points[from - 1]?.progress ?? Infinity) < (points[from]?.progress ?? 0)) from -= 1;
  return from;
}

/**
 * Drops, in place, the points no rule here reads again, so a task looked at a hundred times keeps at most
 * four (issue 24: the follower keeps 100,000 tasks' points). The rules read the moving run's first point and
 * the last two, and whether the run starts at the first answer (`from === 0`): so the point before the run
 * stays too, and with no run the one before the last (it says the last did not move).
 */
export function trimPoints(points: ProgressPoint[]): void {
  const n = points.length;
  if (n <= 2) return;
  const from = movingFrom(points);
  const beforeRun = from === n ? -1 : from - 1;
  const runStart = from === n ? -1 : from;
  let kept = 0;
  let last = -1;
  // The indices kept, in increasing order, each once: the point before the run, its first, the last two.
  for (const index of [beforeRun, runStart, n - 2, n - 1]) {
    if (index <= last) continue;
    points[kept] = points[index] as ProgressPoint;
    kept += 1;
    last = index;
  }
  points.length = kept;
}
