// pull: every succeeded output downloaded (bounded); sizes and checksums recorded under the lock as files
// complete (a checkpoint every few seconds) and at the end, so a killed pull does not fetch them again.
import pLimit from "p-limit";
import type { FetchLike } from "../api/http.js";
import type { Clock } from "../sched/clock.js";
import type { LockfileStore } from "../status/store.js";
import { downloadOutput, type DownloadResult } from "./download.js";
import { DownloadRecorder } from "./recorder.js";
import type { DownloadTarget } from "./targets.js";

export const DEFAULT_PULL_PARALLELISM = 4;

export interface PullEvents {
  onStart?(target: DownloadTarget): void;
  onBytes?(target: DownloadTarget, bytesOnDisk: number, total: number | undefined): void;
  onDone?(target: DownloadTarget, result: DownloadResult): void;
}

export interface PullDeps {
  store: LockfileStore;
  fetch: FetchLike;
  clock: Clock;
  parallelism: number;
  /** Stop starting downloads (first Ctrl-C). */
  stopSignal?: AbortSignal;
  /** Abort downloads in flight (second Ctrl-C); their .part files stay for next time. */
  abortSignal?: AbortSignal;
  events?: PullEvents;
  /** Size cap and overall deadline per file (defaults in download.ts). */
  maxFileBytes?: number;
  fileTimeoutMs?: number;
  /** Least time between two checkpoints of finished downloads into the lockfile (default 5 s). */
  checkpointMs?: number;
}


export interface PulledFile {
  target: DownloadTarget;
  result: DownloadResult;
}

/** Targets come from downloadTargets(lockfile, dir), so progress can list them before the first byte. */
export async function pullOutputs(lockfilePath: string, targets: DownloadTarget[], deps: PullDeps): Promise<PulledFile[]> {
  const limit = pLimit(deps.parallelism);
  const recorder = new DownloadRecorder(lockfilePath, deps);
  const pulled = await Promise.all(targets.map((target) => limit(() => pullOne(target, deps, recorder))));
  await recorder.finish();
  return pulled.filter((p): p is PulledFile => p !== undefined);
}

async function pullOne(target: DownloadTarget, deps: PullDeps, recorder: DownloadRecorder): Promise<PulledFile | undefined> {
  if (deps.stopSignal?.aborted) return undefined;
  deps.events?.onStart?.(target);
  const result = await downloadOutput(target, {
    fetch: deps.fetch,
    clock: deps.clock,
    signal: deps.abortSignal,
    ...(deps.maxFileBytes !== undefined ? { maxFileBytes: deps.maxFileBytes } : {}),
    ...(deps.fileTimeoutMs !== undefined ? { fileTimeoutMs: deps.fileTimeoutMs } : {}),
    onBytes: (bytes, total) => deps.events?.onBytes?.(target, bytes, total),
  });
  deps.events?.onDone?.(target, result);
  recorder.add({ target, result });
  return { target, result };
}
