// reelform pull <manifest> [--dir out] [--parallelism n] [--json]
import { resolve } from "node:path";
import { noticeUnfolded } from "../apply/unfolded.js";
import { displayPath } from "../util/paths.js";
import type { FetchLike } from "../api/http.js";
import { ExitCode } from "../errors.js";
import { lockfilePathFor } from "../lockfile/paths.js";
import { taskEnded, type Lockfile } from "../lockfile/types.js";
import { DEFAULT_PULL_PARALLELISM, pullOutputs } from "../pull/pull.js";
import { downloadTargets } from "../pull/targets.js";
import { listrPullProgress, plainPullProgress } from "../report/pull-progress.js";
import { renderPullJson, renderPullSummary } from "../report/pull-summary.js";
import { systemClock } from "../sched/clock.js";
import { fileLockfileStore, requireLockfile } from "../status/store.js";
import type { CommandContext } from "./context.js";

export interface PullFlags {
  dir?: string;
  parallelism?: number;
  json?: boolean;
}

export async function run(ctx: CommandContext, manifest: string, flags: PullFlags): Promise<number> {
  const lockfilePath = lockfilePathFor(resolve(ctx.cwd, manifest));
  const store = fileLockfileStore("pull");
  await noticeUnfolded(lockfilePath, ctx.stderr, (p) => displayPath(p, ctx.cwd));
  const lockfile = await requireLockfile(store, lockfilePath, manifest);
  const targets = downloadTargets(lockfile, resolve(ctx.cwd, flags.dir ?? "out"));
  const shortPath = (p: string): string => displayPath(p, ctx.cwd);
  const quietTerminal = ctx.isTTY && !ctx.ci && !flags.json;
  const progress = quietTerminal ? listrPullProgress(targets, shortPath) : plainPullProgress(ctx.stderr, shortPath);
  const pulled = await pullOutputs(lockfilePath, targets, {
    store,
    fetch: globalThis.fetch as FetchLike,
    clock: systemClock,
    parallelism: flags.parallelism ?? DEFAULT_PULL_PARALLELISM,
    stopSignal: ctx.stopSignal,
    abortSignal: ctx.abortSignal,
    events: progress,
  }).finally(() => progress.finish());
  ctx.stdout.write(flags.json ? renderPullJson(pulled, shortPath) : renderPullSummary(pulled, manifest, unfinishedCount(lockfile)));
  if (ctx.stopSignal.aborted) return ExitCode.interrupted;
  return pulled.some((p) => !p.result.ok) ? ExitCode.error : ExitCode.ok;
}

/** Entries whose task has not ended (as far as the lockfile knows): nothing to download for them yet. */
function unfinishedCount(lockfile: Lockfile): number {
  return Object.values(lockfile.entries).filter((e) => e.task_id && !taskEnded(e.task)).length;
}
