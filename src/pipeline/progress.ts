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

/** Counted once per lockfile the pipeline holds (a new one after each write), not at every update. */
const counted = new WeakMap<Lockfile, { submitted: number; failedTasks: number }>();

function taskCounts(lockfile: Lockfile): { submitted: number; failedTasks: number } {
  const known = counted.get(lockfile);
  if (known) return known;
  const counts = { submitted: 0, failedTasks: 0 };
  for (const key in lockfile.entries) {
    const entry = lockfile.entries[key] as LockEntry;
    if (!entry.task_id) continue;
    counts.submitted += 1;
    if (entry.task?.state === "failed" || entry.task?.state === "expired") counts.failedTasks += 1;
  }
  counted.set(lockfile, counts);
  return counts;
}
