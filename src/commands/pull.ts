// reelform pull <manifest> [--dir out] [--parallelism n] [--max-file-size 2GiB] [--file-timeout 1h] [--json] [--prune]
import { resolve } from "node:path";
import { noticeUnfolded } from "../apply/unfolded.js";
import type { FetchLike } from "../api/http.js";
import { ExitCode } from "../errors.js";
import { taskEnded, type Lockfile } from "../lockfile/types.js";
import { DEFAULT_PULL_PARALLELISM, pullOutputs } from "../pull/pull.js";
import { prepareDownloads, retiredKeys } from "../pull/prepare.js";
import { settingsOf } from "../config/command-settings.js";
import { resolvePullLimits, type PullLimitFlags } from "../pull/limits.js";
import { orphanedFiles } from "../pull/orphans.js";
import { listrPullProgress, plainPullProgress } from "../report/pull-progress.js";
import { countPulled, printPullReport } from "../report/pull-summary.js";
import { systemClock } from "../sched/clock.js";
import { explainRunningApply } from "../status/apply-in-progress.js";
import { stateLockfileStore, requireLockfile } from "../status/store.js";
import { openWorkspaceState } from "../state/open.js";
import type { CommandContext } from "../command-context.js";
import { warnOn } from "../report/warnings.js";

export interface PullFlags extends PullLimitFlags {
  dir?: string;
  parallelism?: number;
  json?: boolean;
  /** Remove orphaned files (files of no current or earlier generation of any key). */
  prune?: boolean;
  /** Also download the outputs of retired keys (no longer in the manifest). */
  includeRetired?: boolean;
}

export async function run(ctx: CommandContext, manifest: string, flags: PullFlags): Promise<number> {
  const limits = resolvePullLimits(flags, settingsOf(ctx));
  const { workspace, state } = await openWorkspaceState(ctx, manifest, systemClock);
  const { lockfilePath } = workspace;
  await explainRunningApply(state, manifest, "pull", ctx.stderr, systemClock.now());
  const store = stateLockfileStore(state, "pull", { warn: warnOn(ctx), clock: systemClock });
  await noticeUnfolded(state, ctx.stderr, workspace.label);
  const lockfile = await requireLockfile(store, state, manifest);
  const dir = resolve(ctx.cwd, flags.dir ?? "out");
  const now = systemClock.now();
  const { kept, targets, expiredEarlier } = await prepareDownloads(lockfile, dir, {
    now,
    includeRetired: Boolean(flags.includeRetired),
  });
  const shortPath = workspace.label;
  const quietTerminal = ctx.isTTY && !ctx.ci && !flags.json;
  const progress = quietTerminal ? listrPullProgress(targets, shortPath) : plainPullProgress(ctx.stderr, shortPath);
  const pulled = await pullOutputs(lockfilePath, targets, {
    store,
    fetch: globalThis.fetch as FetchLike,
    clock: systemClock,
    parallelism: flags.parallelism ?? DEFAULT_PULL_PARALLELISM,
    ...limits,
    stopSignal: ctx.stopSignal,
    abortSignal: ctx.abortSignal,
    events: progress,
  }).finally(() => progress.finish());
  // An interrupted pull lists orphans but removes nothing: the user stopped it.
  const orphans = await orphanedFiles(lockfile, dir, { prune: Boolean(flags.prune) && !ctx.stopSignal.aborted });
  const house = { kept, orphans, expiredEarlier, retiredSkipped: flags.includeRetired ? [] : retiredKeys(lockfile) };
  printPullReport(ctx, pulled, {
    json: flags.json === true,
    manifest,
    notPulled: unfinishedCount(lockfile),
    house,
    relative: shortPath,
  });
  if (ctx.stopSignal.aborted) return ExitCode.interrupted;
  return countPulled(pulled).failed > 0 ? ExitCode.error : ExitCode.ok;
}

/** Entries whose task has not ended (as far as the lockfile knows): nothing to download for them yet. */
function unfinishedCount(lockfile: Lockfile): number {
  return Object.values(lockfile.entries).filter((e) => e.task_id && !taskEnded(e.task)).length;
}
