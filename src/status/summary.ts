// What a lockfile says about its tasks: counts per state, the slowest unfinished ones, and the verdict.
import type { LockEntry, Lockfile, TaskState } from "../lockfile/types.js";
import { taskEnded } from "../lockfile/types.js";
import { describeCounts } from "../util/counts.js";
import { TimeSlice } from "../util/time-slice.js";

export type FollowedState = TaskState | "not_checked";

interface SlowTask {
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

function stateOf(entry: LockEntry): FollowedState {
  return entry.task?.state ?? "not_checked";
}

/**
 * One pass over the entries, no sort (status --wait summarises a campaign of 100,000 tasks between looks):
 * the counts, the verdicts, and the `slowestCount` oldest unfinished tasks kept as they come.
 */
export function summarizeTasks(lockfile: Lockfile, now: number, slowestCount = 3): TaskSummary {
  const tally = new Tally(now, slowestCount);
  for (const key of Object.keys(lockfile.entries)) tally.add(key, lockfile.entries[key] as LockEntry);
  return tally.summary();
}

/** Each lockfile's keys, listed once: Object.keys of 100,000 entries is one call of 30 to 80 ms. */
const keyLists = new WeakMap<Lockfile, string[]>();

/**
 * summarizeTasks for a follower's progress line, giving the event loop a turn every few milliseconds. The
 * keys are listed on the first call for this lockfile only: the follower changes its entries in place but
 * never adds one (an entry removed since is skipped; a lockfile read again is a new lockfile, listed anew).
 */
export async function summarizeTasksInSlices(
  lockfile: Lockfile,
  now: number,
  slice: TimeSlice = new TimeSlice(),
): Promise<TaskSummary> {
  let keys = keyLists.get(lockfile);
  if (!keys) keyLists.set(lockfile, (keys = Object.keys(lockfile.entries)));
  const tally = new Tally(now, 3);
  for (const key of keys) {
    const entry = Object.hasOwn(lockfile.entries, key) ? lockfile.entries[key] : undefined;
    if (entry) tally.add(key, entry);
    if (slice.due()) await slice.pause();
  }
  return tally.summary();
}

/** The counts, the verdicts and the slowest unfinished tasks, entry by entry. */
class Tally {
  private readonly counts: Partial<Record<FollowedState, number>> = {};
  private total = 0;
  private allEnded = true;
  private allSucceeded = true;
  private readonly slowest: SlowTask[] = [];

  constructor(
    private readonly now: number,
    private readonly slowestCount: number,
  ) {}

  add(key: string, entry: LockEntry): void {
    if (!entry.task_id) return;
    this.total += 1;
    const state = stateOf(entry);
    this.counts[state] = (this.counts[state] ?? 0) + 1;
    if (state !== "succeeded") this.allSucceeded = false;
    if (taskEnded(entry.task)) return;
    this.allEnded = false;
    keepSlowest(this.slowest, slowTask(key, entry, this.now), this.slowestCount);
  }

  summary(): TaskSummary {
    // In the fixed order (status --json writes them as they are), whatever the order of the entries.
    const ordered: Partial<Record<FollowedState, number>> = {};
    for (const state of ORDER) if (this.counts[state] !== undefined) ordered[state] = this.counts[state];
    const { total, allEnded, allSucceeded, slowest } = this;
    return { total, counts: ordered, allEnded, allSucceeded, slowest };
  }
}

function slowTask(key: string, entry: LockEntry, now: number): SlowTask {
  const slow: SlowTask = { key, state: stateOf(entry) };
  if (entry.task?.progress !== undefined) slow.progress = entry.task.progress;
  const submitted = entry.submitted_at ? Date.parse(entry.submitted_at) : NaN;
  if (!Number.isNaN(submitted)) slow.ageMs = Math.max(0, now - submitted);
  return slow;
}

/** Oldest first, then by key: `slow` goes in its place among the first `count`, or not at all. */
function keepSlowest(slowest: SlowTask[], slow: SlowTask, count: number): void {
  const before = (a: SlowTask, b: SlowTask) => (b.ageMs ?? -1) - (a.ageMs ?? -1) || (a.key < b.key ? -1 : 1);
  let at = slowest.length;
  while (at > 0 && before(slow, slowest[at - 1] as SlowTask) < 0) at -= 1;
  if (at >= count) return;
  slowest.splice(at, 0, slow);
  if (slowest.length > count) slowest.pop();
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
