import type { RuntimeConfig } from "./config.js";
import type { ProcessingSlots, ProgressKind } from "./lifecycle.js";
import type { BadOutputSettings } from "./output-clip.js";
import type { Random } from "./prng.js";
import type { RateWindow } from "./rate-window.js";
import type { SimStore } from "./store.js";
import type { DurationRange } from "./task-seconds.js";

/** Settings fixed at start-up. */
export interface FixedSettings {
  /** Only this Bearer key is accepted; undefined = any non-empty key. Never shown in the admin view. */
  apiKey: string | undefined;
  taskDurationMs: number;
  /** --task-seconds: durations drawn from this range (the `durations` stream) instead of taskDurationMs. */
  taskDurationRange?: DurationRange;
  /** Bytes of every output file (--file-size). */
  fileSize: number;
  /** Outputs that come back flawed on purpose (--bad-output-rate, --bad-outputs). */
  badOutputs: BadOutputSettings;
  failMarker: string;
  abortMarker: string;
  /** --abort-share: the share (0..1) of tasks, drawn from the `endings` stream, that end ABORTED whatever their prompt. */
  abortShare: number;
  /** --progress: how a processing task's Progress moves (stuck-99: 99 from the start, as some upstream models report). */
  progress: ProgressKind;
  queryWindowMs: number;
  dedupWindowMs: number;
  temporaryTtlMs: number;
  /** SecretId -> SecretKey: the credentials the Tencent API accepts (TC3 signatures). Never shown. */
  tencentSecrets: ReadonlyMap<string, string>;
}

/** What every route may use: state, settings, the seeded streams and the clock. */
export interface SimContext {
  store: SimStore;
  runtime: { config: RuntimeConfig };
  fixed: FixedSettings;
  random: { faults: Random; latency: Random; ids: Random; durations: Random; endings: Random };
  slots: ProcessingSlots;
  rateWindow: RateWindow;
  now(): number;
}
