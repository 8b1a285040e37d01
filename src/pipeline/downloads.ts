// Downloads that start while other tasks still generate: each succeeded task's outputs join a bounded
// queue, through pull's own download (resume, checksum, expiry), recorded in the lockfile before the
// rename (RecordQueue), so a file on disk under its final name is always one the lockfile vouches for.
import pLimit from "p-limit";
import type { FetchLike } from "../api/http.js";
import { downloadOutput } from "../pull/download.js";
import type { PulledFile, PullEvents } from "../pull/pull.js";
import type { DownloadTarget } from "../pull/targets.js";
import type { Clock } from "../sched/clock.js";
import type { RecordQueue } from "./record-queue.js";

export interface DownloadLaneDeps {
  fetch: FetchLike;
  clock: Clock;
  parallelism: number;
  records: RecordQueue;
  stopSignal?: AbortSignal;
  abortSignal?: AbortSignal;
  events?: PullEvents;
  /** Each file once it is on disk under its final name (apply --check checks it on its own lane). */
  onLanded?: (file: PulledFile) => void;
}

export class DownloadLane {
  private readonly limit;
  private readonly queued = new Set<string>();
  private readonly running: Promise<PulledFile | undefined>[] = [];
  readonly done: PulledFile[] = [];
  private busyMs = 0;
  private fetched = 0;

  constructor(private readonly deps: DownloadLaneDeps) {
    this.limit = pLimit(deps.parallelism);
  }

  /** Queues targets not queued before (by path); returns how many were new. */
  add(targets: DownloadTarget[]): number {
    let fresh = 0;
    for (const target of targets) {
      if (this.queued.has(target.path)) continue;
      this.queued.add(target.path);
      this.running.push(this.limit(() => this.one(target)));
      fresh += 1;
    }
    return fresh;
  }

  get parallelism(): number {
    return this.deps.parallelism;
  }

  /** Mean time of one download that fetched bytes (not a skip), for the ETA. */
  meanDownloadMs(): number | undefined {
    return this.fetched > 0 ? this.busyMs / this.fetched : undefined;
  }

  get waiting(): number {
    return this.queued.size - this.done.length;
  }

  /** Resolves when every queued download has ended (or was not started because of a stop). */
  async idle(): Promise<PulledFile[]> {
    for (let seen = 0; seen < this.running.length; seen = this.running.length)
      await Promise.all(this.running.slice(seen));
    return this.done;
  }

  private async one(target: DownloadTarget): Promise<PulledFile | undefined> {
    if (this.deps.stopSignal?.aborted) return undefined;
    const { deps } = this;
    deps.events?.onStart?.(target);
    const started = deps.clock.now();
    const result = await downloadOutput(target, {
      fetch: deps.fetch,
      clock: deps.clock,
      signal: deps.abortSignal,
      onBytes: (bytes, total) => deps.events?.onBytes?.(target, bytes, total),
      beforeRename: (facts) =>
        deps.records.record({ target, result: { ok: true, skipped: false, resumedFrom: 0, ...facts } }),
    }).catch((error: unknown) => ({
      ok: false as const,
      kind: "network" as const,
      message: error instanceof Error ? error.message : String(error),
    }));
    if (result.ok && !result.skipped) {
      this.busyMs += deps.clock.now() - started;
      this.fetched += 1;
    }
    const pulled = { target, result };
    this.done.push(pulled);
    deps.events?.onDone?.(target, result);
    if (result.ok) deps.onLanded?.(pulled);
    return pulled;
  }
}
