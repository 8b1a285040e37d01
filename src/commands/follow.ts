// `status` and `apply --wait` share this (command glue, so it lives with the commands): resolve settings, poll, show progress, print the result,
// decide the exit code. Call followTasks(ctx, state, options) from any command.
import { accountStopMessage } from "../api/account-wide.js";
import { CONFIGURATION_ERROR } from "../api/endpoint.js";
import type { CommandContext } from "../command-context.js";
import { warnOn } from "../report/warnings.js";
import type { ProviderRegistry } from "../provider/registry.js";
import { ExitCode } from "../errors.js";
import type { Lockfile } from "../lockfile/types.js";
import { ChunkedWriter } from "../report/chunked-writer.js";
import { statusJsonChunks } from "../report/status-json.js";
import { listrStatusProgress, plainStatusProgress, type StatusProgress } from "../report/status-progress.js";
import { statusTableChunks } from "../report/status-table.js";
import { systemClock, type Clock } from "../sched/clock.js";
import { TokenBucket } from "../sched/token-bucket.js";
import { followAndPull, type FollowPullOptions } from "./follow-pull.js";
import { countChecks, renderLandedChecks } from "../report/check-report.js";
import type { CheckedFile } from "../video-check/run.js";
import { printPulled } from "../report/pipeline-summary.js";
import { countPulled } from "../report/pull-summary.js";
import { displayPath } from "../util/paths.js";
import type { PassDeps } from "../status/pass.js";
import { pollTasks, type PollResult } from "../status/poll.js";
import type { QueryFn } from "../status/query-retry.js";
import { stateLockfileStore, requireLockfile, type LockfileStore } from "../status/store.js";
import type { SharedBudget, StateStore } from "../apply/state.js";
import { accountOf } from "../state/shared-budget.js";
import { settingValue, STATUS_RATE } from "../config/settings.js";
import { safeText } from "../util/safe-text.js";

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
  check?: FollowPullOptions["check"];
}

export interface FollowResult {
  exitCode: number;
  lockfile: Lockfile;
  end: PollResult["end"];
}

export async function followTasks(
  ctx: CommandContext,
  state: StateStore,
  options: FollowOptions,
): Promise<FollowResult> {
  const { lockfilePath } = state;
  // A status pass only reads the lockfile it was given until it records answers; the pipeline (--pull) keeps it.
  const reuseRead = !(options.pullDir && options.wait);
  const store =
    options.store ?? stateLockfileStore(state, "status", { warn: warnOn(ctx), clock: systemClock, reuseRead });
  const lockfile = await requireLockfile(store, state, options.manifest);
  const clock = options.clock ?? systemClock;
  const bucket = new TokenBucket(statusRate(ctx.env, options.rate), clock);
  const sharedSlot = sharedSlots(ctx, state, statusRate(ctx.env, options.rate));
  // Providers are built on their first query: when every task has ended, status needs no credentials.
  const query: QueryFn = async (taskId, signal, origin) => {
    await sharedSlot?.(origin ?? {}, signal);
    return options.providers.forEntry(origin ?? {}).query(taskId, signal, clock.now());
  };
  const deps: PassDeps = {
    store,
    query,
    bucket,
    clock,
    ...(sharedSlot ? { sharedSlot } : {}),
    parallelism: options.parallelism ?? DEFAULT_STATUS_PARALLELISM,
    stopSignal: ctx.stopSignal,
    abortSignal: ctx.abortSignal,
  };
  if (options.pullDir && options.wait)
    return followWithPull(ctx, lockfilePath, lockfile, deps, { ...options, pullDir: options.pullDir });
  const progress = options.wait ? chooseProgress(ctx, options.json) : undefined;
  let polled: PollResult;
  try {
    polled = await pollTasks(lockfilePath, lockfile, deps, {
      refresh: Boolean(options.refresh),
      wait: options.wait,
      timeoutMs: options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
      onPass: (event) => progress?.onPass(event),
    });
  } finally {
    await progress?.finish();
  }
  await printResult(ctx, polled, options, clock.now());
  return { exitCode: exitCodeOf(polled), lockfile: polled.lockfile, end: polled.end };
}

async function followWithPull(
  ctx: CommandContext,
  path: string,
  lockfile: Lockfile,
  deps: PassDeps,
  options: FollowOptions & { pullDir: string },
): Promise<FollowResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const result = await followAndPull(ctx, path, lockfile, deps, {
    ...options,
    dir: options.pullDir,
    timeoutMs,
    refresh: Boolean(options.refresh),
    json: options.json ?? false,
    parallelism: options.pullParallelism,
  });
  // Before the result: apply --json's last line stays the status event.
  printPulled(ctx, result.pulled, {
    ...options,
    house: { kept: result.kept, orphans: [], expiredEarlier: result.expiredEarlier },
    relative: (p) => displayPath(p, ctx.cwd),
    now: () => deps.clock.now(),
  });
  // Earlier generations that landed are checked and recorded too; the report and exit code are about current ones.
  const entries = result.lockfile.entries;
  const current = result.checked?.filter(
    (f) => Object.hasOwn(entries, f.job.key) && entries[f.job.key]?.generation === f.job.generation,
  );
  const checksFailed = current ? printLandedChecks(ctx, current, result.ffmpeg, options) : false;
  await printResult(ctx, result, options, deps.clock.now());
  const exitCode = exitCodeOf(result);
  const worse = countPulled(result.pulled).failed > 0 || checksFailed;
  return {
    exitCode: exitCode === ExitCode.ok && worse ? ExitCode.error : exitCode,
    lockfile: result.lockfile,
    end: result.end,
  };
}

/** The checks of the files that landed; true when one of them failed a check. */
function printLandedChecks(
  ctx: CommandContext,
  checked: CheckedFile[],
  ffmpeg: { version: string } | undefined,
  options: FollowOptions & { pullDir: string },
): boolean {
  const report = {
    checked,
    recorded: new Map(checked.map((f) => [f, "recorded" as const])),
    notPulled: [],
    noOutput: 0,
    ffmpeg,
    dir: options.pullDir,
  };
  const { text, toStderr } = renderLandedChecks(report, options.json ?? false, systemClock.now());
  (toStderr ? ctx.stderr : ctx.stdout).write(text);
  return countChecks(checked).failed > 0;
}

function chooseProgress(ctx: CommandContext, json: FollowOptions["json"]): StatusProgress {
  return ctx.isTTY && !ctx.ci && !json ? listrStatusProgress() : plainStatusProgress(ctx.stderr);
}

async function printResult(
  ctx: CommandContext,
  polled: PollResult,
  options: FollowOptions,
  now: number,
): Promise<void> {
  const { lockfile, last, end } = polled;
  const chunks = options.json
    ? statusJsonChunks(lockfile, last.problems, end, now, { event: options.json === "event" })
    : statusTableChunks(lockfile, last.problems, options.manifest, now, { all: options.all });
  const out = new ChunkedWriter(ctx.stdout);
  for (const chunk of chunks) await out.write(chunk);
  await out.flush();
  if (last.runStopped) ctx.stderr.write(`reelform: status stopped: ${safeText(describeStop(last.runStopped))}\n`);
  if (end === "timeout")
    ctx.stderr.write(
      `reelform: gave up waiting after ${Math.round((options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS) / 1000)} s; tasks not ended yet are still running (run status again later)\n`,
    );
  if (end === "stopped") ctx.stderr.write(`reelform: stopped; the lockfile holds what was learned so far\n`);
}

function describeStop(error: { code: string; message: string; http_status?: number }): string {
  return error.code === CONFIGURATION_ERROR ? `configuration error: ${error.message}` : accountStopMessage(error);
}

export function exitCodeOf(polled: PollResult): number {
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

/**
 * With a state database, each request to an account (a task's query, a batch listing's page, a media request)
 * draws on its account's query rate, shared with every runner on that account (docs/state.md); with the
 * lockfile, they keep this run's own rate only. Undefined when nothing is shared.
 */
function sharedSlots(ctx: CommandContext, state: StateStore, rate: number): PassDeps["sharedSlot"] {
  const share = state.sharedBudget?.bind(state);
  if (!share || !(rate > 0) || rate === Infinity) return undefined;
  const budgets = new Map<string, SharedBudget>();
  return async (origin, signal) => {
    const account = accountOf(ctx.env, origin.provider ?? "gateway");
    let budget = budgets.get(account);
    if (!budget) budgets.set(account, (budget = share(account, "query", rate)));
    await budget.acquire(signal);
  };
}

/** --rate, else REELFORM_STATUS_RATE, else the upstream query limit (config/settings.ts). */
export function statusRate(env: Readonly<Record<string, string | undefined>>, flag?: number): number {
  return settingValue(STATUS_RATE, { flag, env });
}
