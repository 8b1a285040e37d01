// The status use case, shared by `status` and `apply --wait` (with or without --pull): one pass without
// --wait; with it, the pipeline's follower (per-task schedule, batch listings where the provider has them, one
// query budget) until every task has ended, the deadline, or a stop; with --pull, downloads (and --check) as
// tasks finish. It shows nothing: progress goes to the hooks, the outcome to the caller (commands/ renders it).
import type { FetchLike } from "../api/http.js";
import type { StateStore } from "../apply/state.js";
import type { Lockfile } from "../lockfile/types.js";
import { ListingMemory } from "../pipeline/listings.js";
import type { PipelineCounts } from "../pipeline/progress.js";
import { runPipeline, type PipelineResult } from "../pipeline/run.js";
import { serialized } from "../pipeline/serial-store.js";
import { TaskTracker } from "../pipeline/tracker.js";
import type { ProviderRegistry } from "../provider/registry.js";
import type { PulledFile } from "../pull/pull.js";
import type { KeptFile } from "../pull/keep-earlier.js";
import type { Clock } from "../sched/clock.js";
import type { TokenBucket } from "../sched/token-bucket.js";
import type { PassEvent, PollResult } from "../status/follow-types.js";
import { runStatusPass, type PassDeps } from "../status/pass.js";
import type { QueryFn } from "../status/query-retry.js";
import { requireLockfile, type LockfileStore } from "../status/store.js";
import { summarizeTasks } from "../status/summary.js";
import { recordCheckResults } from "../video-check/record.js";
import type { CheckedFile } from "../video-check/run.js";
import { pullLanes, type PullRequest } from "./pull-lanes.js";
import { passEvents } from "./pass-events.js";
import { listerOf, mediaOf } from "./provider-routes.js";
import type { EnvSource } from "../config/settings.js";

export interface FollowRequest {
  state: StateStore;
  /** The lockfile as this command reads and changes it (under the apply lock). */
  store: LockfileStore;
  /** The manifest as the user named it (messages). */
  manifest: string;
  wait: boolean;
  refresh: boolean;
  timeoutMs: number;
  parallelism: number;
  /** Each entry is asked through the provider that created it (listings and media routes too). */
  providers: ProviderRegistry;
  /** One task's detail query (through its provider, drawing on any shared account budget). */
  query: QueryFn;
  /** The query budget: detail queries, listing pages and media requests all take their token here. */
  bucket: TokenBucket;
  /** With a state database: a slot of the account's shared query rate, for each listing page and media request. */
  sharedSlot?: PassDeps["sharedSlot"];
  clock: Clock;
  stopSignal?: AbortSignal;
  abortSignal?: AbortSignal;
  /** --pull DIR (with wait): download each task's files as soon as it succeeds. */
  pull?: PullRequest & { fetch: FetchLike; env: Readonly<Record<string, string | undefined>>; settings: EnvSource };
}

export interface FollowHooks {
  /** Without --pull: a progress report after the follower learned something (at most every 10 s, and the last). */
  onPass?(event: PassEvent): void;
  /** With --pull: the pipeline's counts, as often as it has them (the renderer throttles). */
  onProgress?(counts: PipelineCounts): void;
}

export interface FollowOutcome extends PollResult {
  /** With --pull: what was downloaded, kept aside and checked. */
  pulled?: PulledFiles;
}

export interface PulledFiles {
  files: PulledFile[];
  kept: KeptFile[];
  expiredEarlier: number;
  counts: PipelineCounts;
  /** With --check: every file checked (after the pipeline ended and its checks were recorded). */
  checked?: CheckedFile[];
  ffmpeg?: { version: string };
}

export async function followTasks(request: FollowRequest, hooks: FollowHooks = {}): Promise<FollowOutcome> {
  const lockfile = await requireLockfile(request.store, request.state, request.manifest);
  const path = request.state.lockfilePath;
  const pass: PassDeps = {
    store: serialized(request.store),
    query: request.query,
    bucket: request.bucket,
    ...(request.sharedSlot ? { sharedSlot: request.sharedSlot } : {}),
    clock: request.clock,
    parallelism: request.parallelism,
    ...(request.stopSignal ? { stopSignal: request.stopSignal } : {}),
    ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
  };
  if (!request.wait) return onePass(path, lockfile, pass, request.refresh);
  const tracker = new TaskTracker(
    lockfile,
    request.clock.now(),
    (origin) => listerOf(request.providers, origin) !== undefined,
    request.refresh,
  );
  const lanes = request.pull
    ? await pullLanes(path, pass.store, {
        ...request.pull,
        clock: request.clock,
        ...(request.stopSignal ? { stopSignal: request.stopSignal } : {}),
        ...(request.abortSignal ? { abortSignal: request.abortSignal } : {}),
      })
    : undefined;
  const result: PipelineResult = await runPipeline(
    path,
    lockfile,
    {
      ...pass,
      listerFor: (origin) => listerOf(request.providers, origin),
      mediaFor: (origin) => mediaOf(request.providers, origin),
      listings: new ListingMemory(),
      estimateOf: (task) => tracker.estimate(task),
      tracker,
      ...(lanes ? { lane: lanes.downloads, dir: lanes.dir } : {}),
      ...(lanes && hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
      ...(!lanes && hooks.onPass ? { onRound: passEvents(hooks.onPass, request.clock) } : {}),
    },
    request.timeoutMs,
  );
  const outcome: FollowOutcome = {
    end: result.end,
    lockfile: result.lockfile,
    last: result.last,
    summary: result.summary,
  };
  if (!lanes) return outcome;
  const checked = lanes.checks ? await lanes.checks.idle() : undefined;
  // The lane recorded its results after the pipeline's last lockfile was made: they go on that one too (by the
  // lane's own rule), so the final table shows the CHECKS column status shows.
  if (checked) recordCheckResults(result.lockfile, checked);
  outcome.pulled = {
    files: result.pulled,
    kept: result.kept,
    expiredEarlier: result.expiredEarlier,
    counts: result.counts,
    ...(checked ? { checked } : {}),
    ...(lanes.ffmpeg ? { ffmpeg: lanes.ffmpeg } : {}),
  };
  return outcome;
}

/** status without --wait: every unfinished task queried once (--refresh: every task). */
async function onePass(path: string, lockfile: Lockfile, pass: PassDeps, refresh: boolean): Promise<FollowOutcome> {
  const result = await runStatusPass(path, lockfile, pass, refresh);
  const end = result.runStopped ? "run_stopped" : "single";
  return { end, lockfile: result.lockfile, last: result, summary: summarizeTasks(result.lockfile, pass.clock.now()) };
}
