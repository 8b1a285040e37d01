// pull: every succeeded output downloaded (bounded), then sizes and checksums recorded under the lock.
import pLimit from "p-limit";
import type { FetchLike } from "../api/http.js";
import type { Lockfile } from "../lockfile/types.js";
import type { Clock } from "../sched/clock.js";
import type { LockfileStore } from "../status/store.js";
import { downloadOutput, type DownloadResult } from "./download.js";
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
}

export interface PulledFile {
  target: DownloadTarget;
  result: DownloadResult;
}

/** Targets come from downloadTargets(lockfile, dir), so progress can list them before the first byte. */
export async function pullOutputs(lockfilePath: string, targets: DownloadTarget[], deps: PullDeps): Promise<PulledFile[]> {
  const limit = pLimit(deps.parallelism);
  const pulled = await Promise.all(targets.map((target) => limit(() => pullOne(target, deps))));
  const done = pulled.filter((p): p is PulledFile => p !== undefined);
  const fresh = done.filter((p) => p.result.ok && !p.result.skipped);
  if (fresh.length > 0) await deps.store.update(lockfilePath, (l) => recordDownloads(l, fresh));
  return done;
}

async function pullOne(target: DownloadTarget, deps: PullDeps): Promise<PulledFile | undefined> {
  if (deps.stopSignal?.aborted) return undefined;
  deps.events?.onStart?.(target);
  const result = await downloadOutput(target, {
    fetch: deps.fetch,
    clock: deps.clock,
    signal: deps.abortSignal,
    onBytes: (bytes, total) => deps.events?.onBytes?.(target, bytes, total),
  });
  deps.events?.onDone?.(target, result);
  return { target, result };
}

/** Size and sha256 go on the output they came from, if the lockfile still lists that very URL. */
function recordDownloads(lockfile: Lockfile, pulled: PulledFile[]): void {
  for (const { target, result } of pulled) {
    if (!result.ok) continue;
    const output = lockfile.entries[target.key]?.task?.outputs[target.index];
    if (output?.url !== target.output.url) continue;
    output.size = result.size;
    output.sha256 = result.sha256;
  }
}
