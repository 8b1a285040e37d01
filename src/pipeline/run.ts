// status --wait --pull and apply --wait --pull: follow the tasks (looks scheduled by tracker/schedule,
// batch listings where the provider has them) and download each task's files as soon as its answer says
// they are ready, while others still generate. Ends when every task has ended and every download with it.
import { stopsTheRun } from "../api/query.js";
import type { Lockfile, TaskRecord } from "../lockfile/types.js";
import type { PulledFile } from "../pull/pull.js";
import type { KeptFile } from "../pull/keep-earlier.js";
import { prepareDownloads } from "../pull/prepare.js";
import type { PassProblem, PassResult } from "../status/pass.js";
import { applyUpdates, recordFor } from "../status/pass.js";
import type { PollEnd } from "../status/poll.js";
import { summarizeTasks, type TaskSummary } from "../status/summary.js";
import { entriesToExpire, expiredRecord } from "../status/window.js";
import type { DownloadLane } from "./downloads.js";
import { pipelineCounts, type PipelineCounts } from "./progress.js";
import { lookAt, type RoundDeps } from "./round.js";
import type { TaskTracker } from "./tracker.js";
import { append } from "../util/arrays.js";

/**
 * Due tasks taken into one round at most (10 s of queries at the upstream's 100 a second): a round's
 * bookkeeping then costs what it can answer, however many tasks are due; the rest come next round.
 */
export const MAX_ROUND_TASKS = 1000;

export interface PipelineDeps extends RoundDeps {
  tracker: TaskTracker;
  lane: DownloadLane;
  /** Where files go (DIR of --pull). */
  dir: string;
  onProgress?: (counts: PipelineCounts) => void;
}

export interface PipelineResult {
  end: PollEnd;
  lockfile: Lockfile;
  last: PassResult;
  summary: TaskSummary;
  pulled: PulledFile[];
  counts: PipelineCounts;
  /** Files of earlier generations moved to their own names before a newer generation's file was fetched. */
  kept: KeptFile[];
  /** Outputs of earlier generations not fetched because their URLs had expired. */
  expiredEarlier: number;
}

export async function runPipeline(
  path: string,
  initial: Lockfile,
  deps: PipelineDeps,
  timeoutMs: number,
): Promise<PipelineResult> {
  const { clock, tracker, lane } = deps;
  const deadline = clock.now() + timeoutMs;
  const last: PassResult = { lockfile: initial, queried: [], expired: [], problems: [] };
  let lockfile = await expireOld(path, initial, deps, last);
  const files: FilesSoFar = { kept: [], expiredEarlier: 0 };
  await queueDownloads(lockfile, deps, files); // files of tasks that ended before (a re-run resumes them)
  let end: PollEnd | undefined;
  while (!end) {
    deps.onProgress?.(pipelineCounts(lockfile, tracker, lane, clock.now()));
    end = endOf(last, tracker, deadline - clock.now(), deps.stopSignal);
    if (end) break;
    const due = tracker.due(clock.now(), MAX_ROUND_TASKS);
    if (due.length === 0) {
      // At most a second at a time: progress shows finished downloads between looks.
      await clock.sleep(
        Math.max(0, Math.min(deadline, tracker.nextAt() ?? deadline, clock.now() + 1000) - clock.now()),
        deps.stopSignal,
      );
      continue;
    }
    lockfile = await oneRound(path, lockfile, due, deps, last, files);
  }
  const pulled =
    end === "ended" || end === "timeout" ? await lane.idle() : await idleUnlessAborted(lane, deps.abortSignal);
  const counts = pipelineCounts(lockfile, tracker, lane, clock.now());
  deps.onProgress?.(counts);
  return {
    end,
    lockfile,
    last: { ...last, lockfile },
    summary: summarizeTasks(lockfile, clock.now()),
    pulled,
    counts,
    ...files,
  };
}

interface FilesSoFar {
  kept: KeptFile[];
  expiredEarlier: number;
}

/** Through pull's own preparation: earlier generations' files moved aside first, expired earlier URLs left out. */
async function queueDownloads(
  lockfile: Lockfile,
  deps: PipelineDeps,
  files: FilesSoFar,
  keys?: ReadonlySet<string>,
): Promise<void> {
  const prepared = await prepareDownloads(lockfile, deps.dir, { now: deps.clock.now(), ...(keys ? { keys } : {}) });
  append(files.kept, prepared.kept);
  if (!keys) files.expiredEarlier = prepared.expiredEarlier;
  deps.lane.add(prepared.targets);
}

async function oneRound(
  path: string,
  lockfile: Lockfile,
  due: ReturnType<TaskTracker["due"]>,
  deps: PipelineDeps,
  last: PassResult,
  files: FilesSoFar,
): Promise<Lockfile> {
  const round = await lookAt(lockfile, due, deps.tracker.pendingBatch(), deps);
  const now = deps.clock.now();
  const checkedAt = new Date(now).toISOString();
  const updates = new Map<string, { taskId: string; record: TaskRecord }>();
  last.problems = [];
  for (const [key, { taskId, outcome }] of round.answers) {
    const record = recordFor(outcome, lockfile.entries[key], checkedAt, now);
    if (record) updates.set(key, { taskId, record });
    else if (outcome.kind !== "ok")
      last.problems.push({ key, task_id: taskId, kind: outcome.kind, error: outcome.error } satisfies PassProblem);
    if (outcome.kind === "fatal" && stopsTheRun(outcome.error)) last.runStopped = outcome.error;
    deps.tracker.answered(key, record, now);
  }
  for (const key of round.listedRunning) deps.tracker.answered(key, undefined, now);
  append(last.queried, round.answers.keys());
  if (updates.size === 0) return lockfile;
  const written = await deps.store.update(path, (fresh) => applyUpdates(fresh, updates));
  await queueDownloads(written, deps, files, new Set(updates.keys()));
  return written;
}

/** Tasks past the API's query window become "expired" without a query (as in a status pass). */
async function expireOld(path: string, lockfile: Lockfile, deps: PipelineDeps, last: PassResult): Promise<Lockfile> {
  const now = deps.clock.now();
  const expired = entriesToExpire(lockfile.entries, now);
  if (expired.length === 0) return lockfile;
  const checkedAt = new Date(now).toISOString();
  const updates = new Map(
    expired.map((key) => [
      key,
      { taskId: lockfile.entries[key]?.task_id ?? "", record: expiredRecord(lockfile.entries[key]?.task, checkedAt) },
    ]),
  );
  last.expired = expired;
  return deps.store.update(path, (fresh) => applyUpdates(fresh, updates));
}

function endOf(last: PassResult, tracker: TaskTracker, remainingMs: number, stop?: AbortSignal): PollEnd | undefined {
  if (last.runStopped) return "run_stopped";
  if (tracker.pendingCount() === 0) return "ended";
  if (stop?.aborted) return "stopped";
  return remainingMs <= 0 ? "timeout" : undefined;
}

/** After a stop, downloads already running finish (a second Ctrl-C aborts them; their .part stays). */
async function idleUnlessAborted(lane: DownloadLane, abort?: AbortSignal): Promise<PulledFile[]> {
  if (abort?.aborted) return lane.done;
  return lane.idle();
}
