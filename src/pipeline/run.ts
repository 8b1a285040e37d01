// status --wait and apply --wait, with or without --pull: follow the tasks (looks scheduled by
// tracker/schedule, batch listings where the provider has them) and, with --pull, download each task's files
// as soon as its answer says they are ready, while others still generate. Ends when every task has ended and
// every download with it, at the deadline (after one last look), or when stopped.
import { stopsTheRun } from "../api/query.js";
import type { Lockfile, TaskRecord } from "../lockfile/types.js";
import type { PulledFile } from "../pull/pull.js";
import type { KeptFile } from "../pull/keep-earlier.js";
import { prepareDownloads } from "../pull/prepare.js";
import type { PassProblem, PassResult } from "../status/pass.js";
import { applyUpdates, recordFor } from "../status/pass.js";
import type { PollEnd } from "../status/follow-types.js";
import { summarizeTasks, type TaskSummary } from "../status/summary.js";
import { entriesToExpire, expiredRecord } from "../status/window.js";
import type { DownloadLane } from "./downloads.js";
import { countsChangedInPlace, entryCounts, pipelineCounts, type PipelineCounts } from "./progress.js";
import { lookAt, type RoundDeps } from "./round.js";
import type { TaskTracker } from "./tracker.js";
import { append } from "../util/arrays.js";

/**
 * Due tasks taken into one round at most (10 s of queries at the upstream's 100 a second): a round's
 * bookkeeping then costs what it can answer, however many tasks are due; the rest come next round.
 */
const MAX_ROUND_TASKS = 1000;

export interface PipelineDeps extends RoundDeps {
  tracker: TaskTracker;
  /** With --pull: the download lane (without it the pipeline only follows). */
  lane?: DownloadLane;
  /** Where files go (DIR of --pull); downloads need both this and `lane`. */
  dir?: string;
  onProgress?: (counts: PipelineCounts) => void;
  /** After each round of looks that learned something (an answer written, a problem, tasks expired); awaited. */
  onRound?: (round: RoundReport) => void | Promise<void>;
}

/** What a round of looks learned, for status's progress lines. */
export interface RoundReport {
  /** Rounds so far (1 for the first). */
  round: number;
  lockfile: Lockfile;
  problems: PassProblem[];
  /** Tasks still followed. */
  pending: number;
  /** The next look of any task, when one is left. */
  nextAt?: number;
  /** The run ends after this round (every task ended, the deadline, a stop). */
  last: boolean;
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
  let rounds = 0;
  const report = async (written: Lockfile, problems: PassProblem[]): Promise<void> => {
    rounds += 1;
    if (!deps.onRound) return;
    const nextAt = tracker.nextAt();
    await deps.onRound({
      round: rounds,
      lockfile: written,
      problems,
      pending: tracker.pendingCount(),
      ...(nextAt === undefined ? {} : { nextAt }),
      last: endOf(last, tracker, deadline - clock.now(), deps.stopSignal) !== undefined,
    });
  };
  while (!end) {
    if (lane) deps.onProgress?.(pipelineCounts(lockfile, tracker, lane, clock.now()));
    end = endOf(last, tracker, deadline - clock.now(), deps.stopSignal);
    if (end === "timeout" && !deps.stopSignal?.aborted) {
      // One last look at the deadline (the longest unseen first, a round's worth), as the status passes did.
      lockfile = await finalRound(path, lockfile, deps, last, files, report);
      end = endOf(last, tracker, 0, deps.stopSignal) ?? "timeout";
    }
    if (end) break;
    const due = tracker.due(clock.now(), MAX_ROUND_TASKS);
    if (due.length === 0) {
      // At most a second at a time with downloads: progress shows finished downloads between looks.
      const wake = lane ? clock.now() + 1000 : deadline;
      await clock.sleep(
        Math.max(0, Math.min(deadline, tracker.nextAt() ?? deadline, wake) - clock.now()),
        deps.stopSignal,
      );
      continue;
    }
    const round = await oneRound(path, lockfile, due, deps, last, files);
    lockfile = round.lockfile;
    if (round.wrote || last.problems.length > 0) await report(lockfile, last.problems);
  }
  if (rounds === 0) await report(lockfile, last.problems); // nothing to look at (or stopped at once): one report all the same
  const pulled = !lane
    ? []
    : end === "ended" || end === "timeout"
      ? await lane.idle()
      : await idleUnlessAborted(lane, deps.abortSignal);
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

/** At the deadline: the tasks whose look is nearest (at most a round's worth) are looked at once more. */
async function finalRound(
  path: string,
  lockfile: Lockfile,
  deps: PipelineDeps,
  last: PassResult,
  files: FilesSoFar,
  report: (written: Lockfile, problems: PassProblem[]) => Promise<void>,
): Promise<Lockfile> {
  const due = deps.tracker.due(Infinity, MAX_ROUND_TASKS);
  if (due.length === 0) return lockfile;
  const round = await oneRound(path, lockfile, due, deps, last, files);
  await report(round.lockfile, last.problems);
  return round.lockfile;
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
  if (!deps.lane || deps.dir === undefined) return; // following only: nothing to download
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
): Promise<{ lockfile: Lockfile; wrote: boolean }> {
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
  // A due task whose entry no longer holds its TaskId (`state rm`, or an apply replaced it, since the last
  // read) cannot be asked about any more: it is followed no more instead of being waited for until the deadline.
  for (const task of due) {
    const entry = Object.hasOwn(lockfile.entries, task.key) ? lockfile.entries[task.key] : undefined;
    if (entry?.task_id !== task.taskId) deps.tracker.forget(task.key);
  }
  append(last.queried, round.answers.keys());
  if (updates.size === 0) return { lockfile, wrote: false };
  // Only the answered entries change (the store may write them alone and copy the rest, and may return the
  // lockfile it was given, changed in place: "wrote" says whether anything was recorded, not its identity).
  const keys = new Set(updates.keys());
  const before = entryCounts(lockfile, keys);
  const written = await deps.store.update(path, (fresh) => applyUpdates(fresh, updates), keys);
  if (written === lockfile) countsChangedInPlace(written, keys, before);
  await queueDownloads(written, deps, files, keys);
  return { lockfile: written, wrote: true };
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
  const before = entryCounts(lockfile, expired);
  const written = await deps.store.update(path, (fresh) => applyUpdates(fresh, updates), new Set(expired));
  if (written === lockfile) countsChangedInPlace(written, expired, before);
  return written;
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
