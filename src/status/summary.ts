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

export function stateOf(entry: LockEntry): FollowedState {
  return entry.task?.state ?? "not_checked";
}

/**
 * One pass over the entries, in no particular order (nothing here depends on it: the slowest are sorted by age,
 * then key): status summarises 500,000 entries more than once, and sorting them each time cost seconds.
 */
export function summarizeTasks(lockfile: Lockfile, now: number, slowestCount = 3): TaskSummary {
  const counts: Partial<Record<FollowedState, number>> = {};
  const unfinished: [string, LockEntry][] = [];
  let total = 0;
  let allSucceeded = true;
  for (const key of Object.keys(lockfile.entries)) {
    const entry = lockfile.entries[key] as LockEntry;
    if (!entry.task_id) continue;
    total += 1;
    const state = stateOf(entry);
    counts[state] = (counts[state] ?? 0) + 1;
    if (state !== "succeeded") allSucceeded = false;
    if (!taskEnded(entry.task)) unfinished.push([key, entry]);
  }
  const allEnded = unfinished.length === 0;
  // In the fixed order (status --json writes them as they are), whatever the order of the entries.
  const ordered: Partial<Record<FollowedState, number>> = {};
  for (const state of ORDER) if (counts[state] !== undefined) ordered[state] = counts[state];
  return { total, counts: ordered, allEnded, allSucceeded, slowest: slowestTasks(unfinished, now, slowestCount) };
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
