import type { ConfigPatch, RuntimeConfig } from "./config.js";
import { applyConfigPatch } from "./config.js";
import type { FixedSettings } from "./context.js";
import type { Latency } from "./duration.js";
import { noFaults } from "./faults.js";
import { SIM_FILE_SIZE } from "./file-content.js";
import { OUTPUT_FLAWS, type OutputFlaw } from "./output-clip.js";
import type { DurationRange } from "./task-seconds.js";
import { keyedRecord } from "../util/objects.js";
import type { ProgressKind } from "./lifecycle.js";

const DAY_MS = 86_400_000;

/** The demo credentials the simulator's Tencent API accepts when started without any (not a secret). */
export const SIM_TENCENT_CREDENTIALS = {
  secretId: "AKIDreelformSimulator0000000000000",
  secretKey: "reelformSimulatorSecretKey000000",
};

export interface SimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Accept only this Bearer key (default: any non-empty key). */
  apiKey?: string;
  /** Fixed ms, a {minMs, maxMs} range, or text ("200ms", "100ms-300ms"). Default 0. */
  latency?: Latency | string;
  /** Seed of every random choice (faults, latency, ids). Default 1. */
  seed?: number;
  /** WAITING -> PROCESSING -> FINISH, in ms. Default 3000. */
  taskDurationMs?: number;
  /** Each task's duration drawn uniformly from this range (seeded); overrides taskDurationMs. */
  taskDurationRange?: DurationRange;
  /** Bytes of every output file. Default SIM_FILE_SIZE (48 KiB). */
  fileSize?: number;
  /** Share of finished tasks whose output file is flawed on purpose (0..1, by TaskId and seed). Default 0. */
  badOutputRate?: number;
  /** The flaws bad outputs are spread over (default all of OUTPUT_FLAWS). */
  badOutputs?: OutputFlaw[];
  /** Total bytes per second shared by every file download; default unlimited. */
  bandwidth?: number;
  /** Tasks processed at once; the rest wait. Default: unlimited. */
  processingSlots?: number;
  /** Prompts containing it fail ("FAIL_ME", or "FAIL_ME:TaskTimeout" to pick ErrCodeExt). */
  failMarker?: string;
  /** Prompts containing it end ABORTED. Default "ABORT_ME". */
  abortMarker?: string;
  /** The share (0..1) of tasks that end ABORTED (OperationCanceled) whatever their prompt, drawn with the seed. Default 0. */
  abortShare?: number;
  /** The Progress of a processing task: "linear" (1..99 as it goes, the default) or "stuck-99" (99 from the start). */
  progress?: ProgressKind;
  /** Creates per second before 429 + Retry-After; 0 = no limit. Default 20 (the upstream limit). */
  createRatePerSecond?: number;
  /** Tasks older than this cannot be queried. Default 3 days. */
  queryWindowMs?: number;
  /** A session_id is refused again within this time. Default 3 days. */
  dedupWindowMs?: number;
  /** Temporary outputs expire this long after the task ends. Default 7 days. */
  temporaryTtlMs?: number;
  /** Probability of a random transient fault per API request. Default 0. */
  failRate?: number;
  /** Fault rules at start (same shape as configure()). */
  faults?: ConfigPatch;
  /** The Tencent API's credentials: requests must be TC3-signed with one of them. Default SIM_TENCENT_CREDENTIALS. */
  tencentCredentials?: { secretId: string; secretKey: string }[];
  /** The simulator's clock (ms since epoch); default Date.now. */
  now?: () => number;
}

export function fixedSettings(options: SimulatorOptions): FixedSettings {
  return {
    apiKey: options.apiKey === "" ? undefined : options.apiKey,
    taskDurationMs: options.taskDurationMs ?? 3000,
    ...(options.taskDurationRange ? { taskDurationRange: options.taskDurationRange } : {}),
    fileSize: options.fileSize ?? SIM_FILE_SIZE,
    badOutputs: {
      rate: options.badOutputRate ?? 0,
      kinds: options.badOutputs ?? OUTPUT_FLAWS,
      seed: options.seed ?? 1,
    },
    failMarker: options.failMarker ?? "FAIL_ME",
    abortMarker: options.abortMarker ?? "ABORT_ME",
    abortShare: options.abortShare ?? 0,
    progress: options.progress ?? "linear",
    queryWindowMs: options.queryWindowMs ?? 3 * DAY_MS,
    dedupWindowMs: options.dedupWindowMs ?? 3 * DAY_MS,
    temporaryTtlMs: options.temporaryTtlMs ?? 7 * DAY_MS,
    tencentSecrets: new Map(
      (options.tencentCredentials ?? [SIM_TENCENT_CREDENTIALS]).map((c) => [c.secretId, c.secretKey]),
    ),
  };
}

/** The starting runtime configuration; throws on a bad fault setting (a programming error in the caller). */
export function initialConfig(options: SimulatorOptions): RuntimeConfig {
  const base: RuntimeConfig = { faults: noFaults(), failRate: 0, createRatePerSecond: 20, latency: 0 };
  const patch: Record<string, unknown> = Object.assign(keyedRecord<unknown>(), options.faults);
  if (options.failRate !== undefined) patch.failRate = options.failRate;
  if (options.createRatePerSecond !== undefined) patch.createRatePerSecond = options.createRatePerSecond;
  if (options.latency !== undefined) patch.latency = options.latency;
  const result = applyConfigPatch(base, patch);
  if (!result.ok) throw new Error(`simulator: ${result.error}`);
  return result.config;
}
