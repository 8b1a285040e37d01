// followTasks with --pull: the pipeline instead of status passes. Builds what the pipeline needs from the
// command's context (providers, the lockfile store, fetch, progress) and returns a status result plus files.
import type { FetchLike } from "../api/http.js";
import type { CommandContext } from "../command-context.js";
import type { Lockfile } from "../lockfile/types.js";
import { DEFAULT_PULL_PARALLELISM } from "../pull/pull.js";
import type { ProviderRegistry } from "../provider/registry.js";
import type { EntryOrigin, Provider } from "../provider/types.js";
import { pipelineProgress, type PipelineView } from "../report/pipeline-progress.js";
import type { PassDeps } from "../status/pass.js";
import { DownloadLane } from "../pipeline/downloads.js";
import { ListingMemory } from "../pipeline/listings.js";
import { RecordQueue } from "../pipeline/record-queue.js";
import { runPipeline, type PipelineResult } from "../pipeline/run.js";
import { serialized } from "../pipeline/serial-store.js";
import { TaskTracker } from "../pipeline/tracker.js";
import type { CheckSettings } from "../expand/check-settings.js";
import type { PulledFile } from "../pull/pull.js";
import { CheckLane } from "../video-check/lane.js";
import { prepareCheckTools, type CheckedFile } from "../video-check/run.js";

export interface FollowPullOptions {
  dir: string;
  timeoutMs: number;
  refresh: boolean;
  parallelism?: number;
  /** "event": progress events join apply's NDJSON on stdout; true (status --json): stdout holds one document, progress lines go to stderr. */
  json: boolean | "event";
  providers: ProviderRegistry;
  /** --check: each file landed is checked on its own lane (the check settings of each key). */
  check?: { settingsFor: (key: string) => CheckSettings | undefined; parallelism: number };
}

export interface FollowPullResult extends PipelineResult {
  /** With --check: every file checked (after the pipeline ended and its checks were recorded). */
  checked?: CheckedFile[];
  ffmpeg?: { version: string };
}

export async function followAndPull(
  ctx: CommandContext,
  path: string,
  lockfile: Lockfile,
  pass: PassDeps,
  options: FollowPullOptions,
): Promise<FollowPullResult> {
  const store = serialized(pass.store);
  const tools = options.check ? await prepareCheckTools(ctx.env as NodeJS.ProcessEnv) : undefined;
  const checks =
    options.check && tools
      ? new CheckLane({
          lockfilePath: path,
          store,
          tools,
          parallelism: options.check.parallelism,
          settingsFor: options.check.settingsFor,
        })
      : undefined;
  const listerFor = (origin: EntryOrigin) => listerOf(options.providers, origin);
  const tracker = new TaskTracker(
    lockfile,
    pass.clock.now(),
    (origin) => listerFor(origin) !== undefined,
    options.refresh,
  );
  const lane = new DownloadLane({
    fetch: globalThis.fetch as FetchLike,
    clock: pass.clock,
    parallelism: options.parallelism ?? DEFAULT_PULL_PARALLELISM,
    records: new RecordQueue(path, store),
    stopSignal: ctx.stopSignal,
    abortSignal: ctx.abortSignal,
    ...(checks
      ? {
          onLanded: ({ target }: PulledFile) =>
            target.index === 0 &&
            checks.add({
              key: target.key,
              path: target.path,
              ...(target.earlierGeneration === undefined ? {} : { earlierGeneration: target.earlierGeneration }),
            }),
        }
      : {}),
  });
  const view = viewOf(ctx, options.json);
  const progress = pipelineProgress(view, view === "json" ? ctx.stdout : ctx.stderr);
  const result = await runPipeline(
    path,
    lockfile,
    {
      ...pass,
      store,
      listerFor,
      mediaFor: (origin) => mediaOf(options.providers, origin),
      listings: new ListingMemory(),
      estimateOf: (task) => tracker.estimate(task),
      tracker,
      lane,
      dir: options.dir,
      onProgress: (counts) => progress.update(counts, pass.clock.now()),
    },
    options.timeoutMs,
  );
  progress.finish(result.counts, pass.clock.now());
  if (!checks) return result;
  const checked = await checks.idle();
  withRecordedChecks(result.lockfile, checked);
  return { ...result, checked, ...(tools?.ffmpeg ? { ffmpeg: tools.ffmpeg } : {}) };
}

/**
 * The lane records its results in the lockfile after the pipeline's last lockfile was made: they are put on
 * that lockfile too (as the lane recorded them), so the final table shows the CHECKS column status shows.
 */
function withRecordedChecks(lockfile: Lockfile, checked: readonly CheckedFile[]): void {
  for (const file of checked) {
    const entry = Object.hasOwn(lockfile.entries, file.job.key) ? lockfile.entries[file.job.key] : undefined;
    const generation =
      entry?.generation === file.job.generation
        ? entry
        : entry?.earlier?.find((g) => g.generation === file.job.generation);
    if (generation) generation.checks = { sha256: file.sha256, results: file.results.map((r) => ({ ...r })) };
  }
}

function viewOf(ctx: CommandContext, json: boolean | "event"): PipelineView {
  if (json === "event") return "json";
  return ctx.isTTY && !ctx.ci && !json ? "tty" : "lines";
}

/**
 * The batch listing of an entry's provider. Asking builds the provider, which needs its credentials: when
 * they are missing, the entry is simply not batched (its per-task query then reports the problem).
 */
function listerOf(providers: ProviderRegistry, origin: EntryOrigin) {
  const provider = providerOf(providers, origin);
  return provider?.listTasks?.bind(provider);
}

function mediaOf(providers: ProviderRegistry, origin: EntryOrigin) {
  const provider = providerOf(providers, origin);
  return provider?.settleFromMedia?.bind(provider);
}

function providerOf(providers: ProviderRegistry, origin: EntryOrigin): Provider | undefined {
  try {
    return providers.forEntry(origin);
  } catch {
    return undefined;
  }
}
