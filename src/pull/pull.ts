// pull: every succeeded output downloaded (bounded); sizes and checksums recorded under the lock as files
// complete (a checkpoint every few seconds) and at the end, so a killed pull does not fetch them again.
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
  /** Least time between two checkpoints of finished downloads into the lockfile (default 5 s). */
  checkpointMs?: number;
}

const DEFAULT_CHECKPOINT_MS = 5000;

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

/**
 * Records finished downloads in the lockfile: a checkpoint once `checkpointMs` has passed since the last one
 * (and at least ten times as long as that write took, so a large lockfile is not rewritten all the time),
 * one write at a time, then the rest at the end. A checkpoint that fails (the lock busy) leaves its files
 * for the next; only the final write's failure is an error.
 */
class DownloadRecorder {
  private pending: PulledFile[] = [];
  private writing: Promise<void> = Promise.resolve();
  private busy = false;
  private nextAt: number;

  constructor(
    private readonly lockfilePath: string,
    private readonly deps: PullDeps,
  ) {
    this.nextAt = deps.clock.now() + this.interval();
  }

  add(file: PulledFile): void {
    if (!file.result.ok || file.result.skipped) return;
    this.pending.push(file);
    if (!this.busy && this.deps.clock.now() >= this.nextAt) this.writing = this.checkpoint();
  }

  async finish(): Promise<void> {
    await this.writing;
    const batch = this.pending.splice(0);
    if (batch.length > 0) await this.deps.store.update(this.lockfilePath, (l) => recordDownloads(l, batch));
  }

  private async checkpoint(): Promise<void> {
    this.busy = true;
    const batch = this.pending.splice(0);
    const started = this.deps.clock.now();
    try {
      await this.deps.store.update(this.lockfilePath, (l) => recordDownloads(l, batch));
    } catch {
      this.pending.unshift(...batch);
    } finally {
      const took = this.deps.clock.now() - started;
      this.nextAt = this.deps.clock.now() + Math.max(this.interval(), 10 * took);
      this.busy = false;
    }
  }

  private interval(): number {
    return this.deps.checkpointMs ?? DEFAULT_CHECKPOINT_MS;
  }
}

async function pullOne(target: DownloadTarget, deps: PullDeps, recorder: DownloadRecorder): Promise<PulledFile | undefined> {
  if (deps.stopSignal?.aborted) return undefined;
  deps.events?.onStart?.(target);
  const result = await downloadOutput(target, {
    fetch: deps.fetch,
    clock: deps.clock,
    signal: deps.abortSignal,
    onBytes: (bytes, total) => deps.events?.onBytes?.(target, bytes, total),
  });
  deps.events?.onDone?.(target, result);
  recorder.add({ target, result });
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
