// The campaign as it is, for progress lines and --json events: submitted, generating, downloaded, failed,
// and an ETA from the same estimates that schedule the looks.
import type { Lockfile } from "../lockfile/types.js";
import { followedEntries } from "../status/summary.js";
import type { DownloadLane } from "./downloads.js";
import type { TaskTracker } from "./tracker.js";
import { maxOf } from "../util/arrays.js";

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

export function pipelineCounts(lockfile: Lockfile, tracker: TaskTracker, lane: DownloadLane, now: number): PipelineCounts {
  const followed = followedEntries(lockfile);
  const failedTasks = followed.filter(([, e]) => e.task?.state === "failed" || e.task?.state === "expired").length;
  const downloaded = lane.done.filter((d) => d.result.ok).length;
  const counts: PipelineCounts = { submitted: followed.length, generating: tracker.pending().length, downloaded, failed: failedTasks + lane.done.length - downloaded };
  const eta = etaMs(tracker, lane, now);
  if (eta !== undefined) counts.eta_ms = eta;
  return counts;
}

/** Generation still to come (the latest predicted finish), then the downloads left at the pace seen so far. */
function etaMs(tracker: TaskTracker, lane: DownloadLane, now: number): number | undefined {
  const finishes = tracker.predictedFinishes(now);
  if (finishes.length === 0 && lane.waiting === 0) return undefined;
  const generation = finishes.length > 0 ? (maxOf(finishes) ?? now) - now : 0;
  const perFile = lane.meanDownloadMs() ?? 0;
  const filesLeft = lane.waiting + (finishes.length > 0 ? 1 : 0);
  return Math.round(generation + (filesLeft * perFile) / Math.max(1, lane.parallelism));
}
