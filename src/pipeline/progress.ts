// The campaign as it is, for progress lines and --json events: submitted, generating, downloaded, failed,
// and an ETA from the same estimates that schedule the looks.
import type { LockEntry, Lockfile } from "../lockfile/types.js";
import type { DownloadLane } from "./downloads.js";
import type { TaskTracker } from "./tracker.js";

export interface PipelineCounts {
  /** Tasks the lockfile holds a TaskId for. */
  submitted: number;
  /** Tasks not ended yet. */
  generating: number;
  /** Files on disk, whole and recorded (already there from an earlier run included). */
  downloaded: number;
  /** Tasks that failed or expired, plus files that could not be downloaded. */
  failed: number;
  /** Milliseconds until the last file is expected on disk; absent when nothing is left. */
  eta_ms?: number;
}

export function pipelineCounts(
  lockfile: Lockfile,
  tracker: TaskTracker,
  lane: DownloadLane | undefined,
  now: number,
): PipelineCounts {
  const { submitted, failedTasks } = taskCounts(lockfile);
  const done = lane?.done ?? [];
  const downloaded = done.filter((d) => d.result.ok).length;
  const counts: PipelineCounts = {
    submitted,
    generating: tracker.pendingCount(),
    downloaded,
    failed: failedTasks + done.length - downloaded,
  };
  const eta = lane ? etaMs(tracker, lane, now) : undefined;
  if (eta !== undefined) counts.eta_ms = eta;
  return counts;
}

/** Generation still to come (the latest predicted finish), then the downloads left at the pace seen so far. */
function etaMs(tracker: TaskTracker, lane: DownloadLane, now: number): number | undefined {
  const latest = tracker.latestPredictedFinish(now);
  if (latest === undefined && lane.waiting === 0) return undefined;
  const generation = latest !== undefined ? latest - now : 0;
  const perFile = lane.meanDownloadMs() ?? 0;
  const filesLeft = lane.waiting + (latest !== undefined ? 1 : 0);
  return Math.round(generation + (filesLeft * perFile) / Math.max(1, lane.parallelism));
}

interface TaskCounts {
  submitted: number;
  failedTasks: number;
}

/**
 * Counted once per lockfile the pipeline holds, not at every update. The follower's store changes the
 * lockfile it keeps in place, round after round (issue 24): each round then moves these counts by what its
 * entries were before and are after (countsChangedInPlace), instead of counting every entry again.
 */
const counted = new WeakMap<Lockfile, TaskCounts>();

function taskCounts(lockfile: Lockfile): TaskCounts {
  const known = counted.get(lockfile);
  if (known) return known;
  const counts = { submitted: 0, failedTasks: 0 };
  for (const key in lockfile.entries) add(counts, lockfile.entries[key] as LockEntry, 1);
  counted.set(lockfile, counts);
  return counts;
}

function add(counts: TaskCounts, entry: LockEntry | undefined, sign: 1 | -1): void {
  if (!entry?.task_id) return;
  counts.submitted += sign;
  if (entry.task?.state === "failed" || entry.task?.state === "expired") counts.failedTasks += sign;
}

/** What `keys` count for now: taken before a change in place, handed to countsChangedInPlace after it. */
export function entryCounts(lockfile: Lockfile, keys: Iterable<string>): TaskCounts {
  const counts = { submitted: 0, failedTasks: 0 };
  for (const key of keys) add(counts, Object.hasOwn(lockfile.entries, key) ? lockfile.entries[key] : undefined, 1);
  return counts;
}

/** After `keys` of `lockfile` changed in place: their counts before replaced by their counts now. */
export function countsChangedInPlace(lockfile: Lockfile, keys: Iterable<string>, before: TaskCounts): void {
  const known = counted.get(lockfile);
  if (!known) return;
  const after = entryCounts(lockfile, keys);
  known.submitted += after.submitted - before.submitted;
  known.failedTasks += after.failedTasks - before.failedTasks;
}
