// `status` and `apply --wait` share this glue: resolve the settings, build what the follow use case
// (src/follow/run.ts) needs from the command's context, choose how progress is shown, print the outcome
// through report/ and decide the exit code. Call followTasks(ctx, state, options) from any command.
import type { FetchLike } from "../api/http.js";
import type { StateStore } from "../apply/state.js";
import { sharedQuerySlots } from "../apply/shared-query-slots.js";
import type { CommandContext } from "../command-context.js";
import { ExitCode } from "../errors.js";
import type { PullRequest } from "../follow/pull-lanes.js";
import { followTasks as follow, type FollowOutcome } from "../follow/run.js";
import type { Lockfile } from "../lockfile/types.js";
import type { ProviderRegistry } from "../provider/registry.js";
import { printFollowResult, printPulledFiles } from "../report/follow-result.js";
import { pipelineProgress, type PipelineView } from "../report/pipeline-progress.js";
import { countPulled } from "../report/pull-summary.js";
import { listrStatusProgress, plainStatusProgress, type StatusProgress } from "../report/status-progress.js";
import { warnOn } from "../report/warnings.js";
import { systemClock, type Clock } from "../sched/clock.js";
import { TokenBucket } from "../sched/token-bucket.js";
import { accountOf } from "../state/shared-budget.js";
import { settingsOf } from "../config/command-settings.js";
import { settingValue, STATUS_RATE } from "../config/settings.js";
import type { PollEnd } from "../status/follow-types.js";
import { stateLockfileStore, type LockfileStore } from "../status/store.js";

export const DEFAULT_STATUS_PARALLELISM = 16;
/** The upstream query limit (docs/api.md): 100 per second. */
export const DEFAULT_STATUS_RATE = STATUS_RATE.defaultValue;
export const DEFAULT_WAIT_TIMEOUT_MS = 30 * 60_000;

export interface FollowOptions {
  /** The manifest as the user named it, for advice such as `reelform apply <manifest> --retry-failed`. */
  manifest: string;
  wait: boolean;
  refresh?: boolean;
  timeoutMs?: number;
  parallelism?: number;
  /** Queries per second; default REELFORM_STATUS_RATE or 100; 0 = unlimited. */
  rate?: number;
  /** "document": one pretty JSON document (status --json); "event": one NDJSON line (apply --wait --json). */
  json?: boolean | "event";
  /** --all: the table has one row per entry even beyond a screenful. */
  all?: boolean;
  /** Each entry is queried through the provider that created it (built by the command, on first use). */
  providers: ProviderRegistry;
  /** Default: the lockfile on disk under the apply lock. apply --wait passes one that knows it holds the lock. */
  store?: LockfileStore;
  clock?: Clock;
  /** --pull DIR (with wait): download each task's files as soon as it succeeds (src/pipeline). */
  pullDir?: string;
  /** Downloads at once with --pull (default: pull's). */
  pullParallelism?: number;
  /** --check (with --pull): each file is checked as it lands; a failed check makes the exit code 1. */
  check?: PullRequest["check"];
}

export interface FollowResult {
  exitCode: number;
  lockfile: Lockfile;
  end: PollEnd;
}

export async function followTasks(
  ctx: CommandContext,
  state: StateStore,
  options: FollowOptions,
): Promise<FollowResult> {
  const clock = options.clock ?? systemClock;
  const settings = settingsOf(ctx);
  // --rate, else REELFORM_STATUS_RATE, else the upstream query limit (config/settings.ts).
  const rate = settingValue(STATUS_RATE, { flag: options.rate, env: settings });
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  // With a state database, each request to an account (a query, a listing's page, a media request) draws on
  // its account's query rate, shared with every runner on it (docs/state.md); with the lockfile, nothing.
  const sharedSlot = sharedQuerySlots(state, (provider) => accountOf(settings, provider), rate)?.slot;
  const pull = options.wait && options.pullDir !== undefined ? pullRequest(ctx, options, options.pullDir) : undefined;
  const progress = options.wait && !pull ? statusProgress(ctx, options.json) : undefined;
  const pipeline = pull ? pipelineProgress(viewOf(ctx, options.json), progressStream(ctx, options.json)) : undefined;
  let outcome: FollowOutcome;
  try {
    outcome = await follow(
      {
        state,
        // One pass reads the lockfile once: it records its answers on that read when the file is unchanged.
        // --wait keeps what it wrote from round to round (docs/status-and-pull.md, "How often the follower writes").
        store:
          options.store ??
          stateLockfileStore(state, "status", {
            warn: warnOn(ctx),
            clock,
            reuseRead: !options.wait,
            keepWritten: options.wait,
          }),
        manifest: options.manifest,
        wait: options.wait,
        refresh: Boolean(options.refresh),
        timeoutMs,
        parallelism: options.parallelism ?? DEFAULT_STATUS_PARALLELISM,
        providers: options.providers,
        // Providers are built on their first query: when every task has ended, status needs no credentials.
        query: async (taskId, signal, origin) => {
          await sharedSlot?.(origin ?? {}, signal);
          return options.providers.forEntry(origin ?? {}).query(taskId, signal, clock.now());
        },
        bucket: new TokenBucket(rate, clock),
        ...(sharedSlot ? { sharedSlot } : {}),
        clock,
        stopSignal: ctx.stopSignal,
        abortSignal: ctx.abortSignal,
        ...(pull ? { pull } : {}),
      },
      {
        ...(progress ? { onPass: (event) => progress.onPass(event) } : {}),
        ...(pipeline ? { onProgress: (counts) => pipeline.update(counts, clock.now()) } : {}),
      },
    );
  } finally {
    await progress?.finish();
  }
  if (pipeline && outcome.pulled) pipeline.finish(outcome.pulled.counts, clock.now());
  const shown = { ...options, timeoutMs, ...(pull ? { pullDir: pull.dir } : {}) };
  const checksFailed = outcome.pulled ? printPulledFiles(ctx, outcome, outcome.pulled, shown, clock.now()) : false;
  await printFollowResult(ctx, outcome, shown, clock.now());
  const exitCode = exitCodeOf(outcome);
  const worse = (outcome.pulled && countPulled(outcome.pulled.files).failed > 0) || checksFailed;
  return {
    exitCode: exitCode === ExitCode.ok && worse ? ExitCode.error : exitCode,
    lockfile: outcome.lockfile,
    end: outcome.end,
  };
}

function pullRequest(ctx: CommandContext, options: FollowOptions, dir: string) {
  return {
    dir,
    fetch: globalThis.fetch as FetchLike,
    // The environment itself, for --check: FFmpeg is looked up on its PATH and runs with it.
    env: ctx.env,
    settings: settingsOf(ctx),
    ...(options.pullParallelism === undefined ? {} : { parallelism: options.pullParallelism }),
    ...(options.check ? { check: options.check } : {}),
  };
}

function statusProgress(ctx: CommandContext, json: FollowOptions["json"]): StatusProgress {
  return ctx.isTTY && !ctx.ci && !json ? listrStatusProgress() : plainStatusProgress(ctx.stderr);
}

/** "event": progress events join apply's NDJSON on stdout; true (status --json): stdout holds one document. */
function viewOf(ctx: CommandContext, json: FollowOptions["json"]): PipelineView {
  if (json === "event") return "json";
  return ctx.isTTY && !ctx.ci && !json ? "tty" : "lines";
}

function progressStream(ctx: CommandContext, json: FollowOptions["json"]) {
  return json === "event" ? ctx.stdout : ctx.stderr;
}

function exitCodeOf(polled: Pick<FollowOutcome, "end" | "last" | "summary">): number {
  switch (polled.end) {
    case "single":
      return polled.last.problems.length > 0 ? ExitCode.error : ExitCode.ok;
    case "ended":
      return polled.summary.allSucceeded ? ExitCode.ok : ExitCode.error;
    case "stopped":
      return ExitCode.interrupted;
    default:
      return ExitCode.error;
  }
}
