// When to ask about a task next. Pure: times in, a time out, so it is tested with a virtual clock.
//
// The rule (docs/status-and-pull.md, "Polling that follows the tasks"):
// - first look at 90% of the quickest time tasks of its class have taken (the estimate's low);
// - then at the finish the task's own progress predicts (the rate between its last two answers, else
//   its progress since it began processing, or since creation, halfway then), a little late rather than
//   early, else at its class's typical time
//   (and once past that, after a tenth of the task's age);
// - but never more than the lag bound after the previous look, so a task that finished is learned of
//   within that bound; and never sooner than MIN_GAP_MS (a busy loop on a task stuck at 99%).
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

export function nextLookAt(task: TaskTiming, estimate: Estimate, now: number, batch: boolean): number {
  if (task.looks === 0) return Math.max(now, task.submittedAt + Math.round(estimate.lowMs * 0.9));
  const lag = lagBound(estimate, batch);
  const predicted = predictedFinish(task);
  // One point counted from creation overestimates what is left (the task may have queued first): look again
  // halfway, where a second point gives the rate. Two points, or one counted from BeginProcessTime, are
  // trusted to the predicted finish.
  const share = task.points.length >= 2 || task.beganAt !== undefined ? 1 : 0.5;
  if (predicted !== undefined) return now + Math.min(lag, Math.max(MIN_GAP_MS, Math.round((predicted - now) * share)));
  // No progress to go by: the class's typical time, and past it (a queue, a slow task) a tenth of its age.
  const typical = task.submittedAt + estimate.typicalMs;
  const gap = typical > now ? typical - now : (now - task.submittedAt) / 10;
  return now + Math.round(Math.min(lag, Math.max(MIN_GAP_MS, gap)));
}

/** The finish the task's progress points to, a little late (2% + 300 ms): a look just before the end is wasted. */
export function predictedFinish(task: TaskTiming): number | undefined {
  const last = task.points.at(-1);
  if (!last || last.progress <= 0 || last.progress >= 100) return undefined;
  const previous = task.points.at(-2);
  const start = task.beganAt ?? task.createdAt ?? task.submittedAt;
  const rate = previous && last.progress > previous.progress && last.at > previous.at
    ? (last.progress - previous.progress) / (last.at - previous.at)
    : last.progress / Math.max(1, last.at - start);
  const remaining = (100 - last.progress) / rate;
  return Math.round(last.at + remaining * 1.02 + 300);
}
