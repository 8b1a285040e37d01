import { createHash } from "node:crypto";
import { phaseAt, progressAt, type Phase } from "./lifecycle.js";
import type { SimTask } from "./store.js";
import { tencentTime } from "./store.js";
import { defaultDuration } from "./models.js";
import { outputDuration } from "./validation/output-config.js";
import { pascal } from "./validation/refusal.js";
import { keyedRecord } from "../util/objects.js";
import type { ProgressKind } from "./lifecycle.js";

export interface DetailContext {
  now: number;
  /** Origin the client reached us at (e.g. http://127.0.0.1:8787), for FileUrl. */
  origin: string;
  requestId: string;
  temporaryTtlMs: number;
  /** "stuck-99": a processing task reports 99 from the start. */
  progress?: ProgressKind;
}

/** DescribeTaskDetail for one AIGC video task, shaped as docs/api.md shows it. */
export function describeTaskDetail(task: SimTask, ctx: DetailContext): Record<string, unknown> {
  const phase = phaseAt(task.timeline, task.ending, ctx.now);
  const ended = phase === "FINISH" || phase === "ABORTED";
  const error = ended && (task.ending.kind === "failed" || task.ending.kind === "aborted") ? task.ending : undefined;
  return {
    Response: {
      TaskType: "AigcVideoTask",
      Status: phase,
      CreateTime: tencentTime(task.timeline.createdAt),
      BeginProcessTime: phase === "WAITING" ? "" : tencentTime(task.timeline.beginAt),
      FinishTime: ended ? tencentTime(task.timeline.finishAt) : "",
      AigcVideoTask: {
        TaskId: task.taskId,
        // Tencent documents only PROCESSING and FINISH for the inner status; the outer one is finer.
        Status: ended ? "FINISH" : "PROCESSING",
        Progress: progressAt(task.timeline, ctx.now, ctx.progress),
        ErrCode: error?.errCode ?? 0,
        ErrCodeExt: error?.errCodeExt ?? "",
        Message: error?.message ?? "",
        Input: pascalInput(task.body),
        Output: output(task, phase, ctx),
        SessionId: task.body.session_id ?? "",
        SessionContext: task.body.session_context ?? "",
      },
      RequestId: ctx.requestId,
    },
  };
}

/** VOD's ExpireTime of media that never expires. */
export const NEVER_EXPIRES = "9999-12-31T23:59:59Z";

/** Pixels of the common resolutions (landscape); the aspect ratio turns or squares them. */
const PIXELS: Record<string, [number, number]> = {
  "540p": [960, 540],
  "720p": [1280, 720],
  "768p": [1366, 768],
  "1080p": [1920, 1080],
  "2k": [2560, 1440],
  "4k": [3840, 2160],
};

/**
 * The output's MediaMetaData, the same in DescribeTaskDetail and DescribeMediaInfos: the size the request
 * asked for, and a duration a little over the seconds billed (a real encode's is rarely exact: 5 s -> 5.04).
 */
export function mediaMetaData(task: SimTask): Record<string, unknown> {
  const config = task.body.output_config as Record<string, unknown> | undefined;
  const [long, short] = PIXELS[String(config?.resolution ?? "720p").toLowerCase()] ?? [1280, 720];
  const aspect = String(config?.aspect_ratio ?? "16:9");
  const [width, height] =
    aspect === "1:1" ? [short, short] : aspect === "9:16" || aspect === "3:4" ? [short, long] : [long, short];
  return { Container: "mp4", Width: width, Height: height, Duration: outputSeconds(task) + 0.04 };
}

function outputSeconds(task: SimTask): number {
  const config = task.body.output_config as Record<string, unknown> | undefined;
  return outputDuration(config?.duration) ?? defaultDuration(task.body.model_name);
}

export function storageMode(task: SimTask): "Permanent" | "Temporary" {
  const config = task.body.output_config as Record<string, unknown> | undefined;
  return config?.storage_mode === "Permanent" ? "Permanent" : "Temporary";
}

function output(task: SimTask, phase: Phase, ctx: DetailContext): Record<string, unknown> {
  if (phase === "FINISH" && task.ending.kind === "no_output")
    return {
      FileInfos: [{ UsageType: "position_info", FileContent: '{"x":0,"y":0,"z":0}' }],
      Usage: { OutputSeconds: 0 },
    };
  if (phase !== "FINISH" || task.ending.kind !== "success") return { FileInfos: [], Usage: { OutputSeconds: 0 } };
  const mode = storageMode(task);
  const config = task.body.output_config as Record<string, unknown> | undefined;
  const file: Record<string, unknown> = {
    FileUrl: fileUrl(task, ctx.origin),
    // A kept (Permanent) file never expires: VOD writes its far-future date, as DescribeMediaInfos does.
    ExpireTime: mode === "Temporary" ? tencentTime(task.timeline.finishAt + ctx.temporaryTtlMs) : NEVER_EXPIRES,
    StorageMode: mode,
    FileType: "mp4",
    MediaName: typeof config?.media_name === "string" ? config.media_name : "",
    MetaData: mediaMetaData(task),
  };
  if (mode === "Permanent") file.FileId = permanentFileId(task.taskId);
  return { FileInfos: [file], Usage: { OutputSeconds: outputSeconds(task) } };
}

/** The output's URL on the simulator's file route (the same in DescribeTaskDetail and DescribeMediaInfos). */
export function fileUrl(task: SimTask, origin: string): string {
  return `${origin}/__sim/files/${task.taskId}.mp4`;
}

/** A VOD-looking FileId (digits), stable per task. */
export function permanentFileId(taskId: string): string {
  const digits = BigInt(`0x${createHash("sha256").update(taskId).digest("hex").slice(0, 14)}`)
    .toString()
    .padStart(17, "0");
  return `52858907${digits.slice(0, 11)}`;
}

/** The request echoed in PascalCase, as Tencent's Input; ext_info is model-specific and passed untouched. */
function pascalInput(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = keyedRecord<unknown>();
  for (const [key, value] of Object.entries(body)) {
    if (key === "session_id" || key === "session_context") continue;
    out[pascal(key)] = key === "ext_info" ? value : pascalDeep(value);
  }
  return out;
}

function pascalDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascalDeep);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [pascal(k), pascalDeep(v)]));
  }
  return value;
}
