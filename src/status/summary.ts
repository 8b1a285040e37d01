// What a lockfile says about its tasks: counts per state, the slowest unfinished ones, and the verdict.
import type { LockEntry, Lockfile, TaskState } from "../lockfile/types.js";
import { taskEnded } from "../lockfile/types.js";
import { describeCounts } from "../util/counts.js";

export type FollowedState = TaskState | "not_checked";

export interface SlowTask {
  key: string;
  state: FollowedState;
  progress?: number;
  /** Milliseconds since submission, when known. */
  ageMs?: number;
}

export interface TaskSummary {
  total: number;
  counts: Partial<Record<FollowedState, number>>;
  allEnded: boolean;
  allSucceeded: boolean;
  slowest: SlowTask[];
}

export function followedEntries(lockfile: Lockfile): [string, LockEntry][] {
  return Object.entries(lockfile.entries)
    .filter(([, entry]) => Boolean(entry.task_id))
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

export function stateOf(entry: LockEntry): FollowedState {
  return entry.task?.state ?? "not_checked";
}

export function summarizeTasks(lockfile: Lockfile, now: number, slowestCount = 3): TaskSummary {
  const followed = followedEntries(lockfile);
  const counts: Partial<Record<FollowedState, number>> = {};
  for (const [, entry] of followed) counts[stateOf(entry)] = (counts[stateOf(entry)] ?? 0) + 1;
  const allEnded = followed.every(([, entry]) => taskEnded(entry.task));
  const allSucceeded = followed.every(([, entry]) => entry.task?.state === "succeeded");
  return { total: followed.length, counts, allEnded, allSucceeded, slowest: slowestTasks(followed, now, slowestCount) };
}

function slowestTasks(followed: [string, LockEntry][], now: number, count: number): SlowTask[] {
  return followed
    .filter(([, entry]) => !taskEnded(entry.task))
    .map(([key, entry]): SlowTask => {
      const slow: SlowTask = { key, state: stateOf(entry) };
      if (entry.task?.progress !== undefined) slow.progress = entry.task.progress;
      const submitted = entry.submitted_at ? Date.parse(entry.submitted_at) : NaN;
      if (!Number.isNaN(submitted)) slow.ageMs = Math.max(0, now - submitted);
      return slow;
    })
    .sort((a, b) => (b.ageMs ?? -1) - (a.ageMs ?? -1) || (a.key < b.key ? -1 : 1))
    .slice(0, count);
}

const ORDER: FollowedState[] = [
  "not_checked",
  "waiting",
  "processing",
  "unknown",
  "succeeded",
  "failed",
  "no_output",
  "expired",
];

/** "2 waiting, 1 processing, 5 succeeded" in a fixed order. */
export function describeStateCounts(counts: Partial<Record<FollowedState, number>>): string {
  return describeCounts(counts, ORDER, (s) => s.replace("_", " "), "no tasks");
}
