// What pull needs and returns, shared by pull.ts and the recorder it drives (so the recorder does not
// import its caller).
import type { FetchLike } from "../api/http.js";
import type { Clock } from "../sched/clock.js";
import type { LockfileStore } from "../lockfile/store.js";
import type { DownloadResult } from "./download.js";
import type { DownloadTarget } from "./targets.js";

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
