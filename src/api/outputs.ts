// AigcVideoTaskOutput.FileInfos (SDK 4.1.313): every kind of output. A FileUrl is a file `pull` can
// download, whatever its UsageType (video, image_url, scene_url, mesh_url, …); an entry with only
// FileContent (position_info), or a FileId without a URL, is kept as an "other" output.
import type { OtherOutput, TaskOutput, TaskRecord } from "../lockfile/types.js";

type Loose = Record<string, unknown>;

/** VOD writes this ExpireTime for media that never expires: recorded as no expiry, whichever route read it. */
const NEVER_EXPIRES = "9999-12-31T23:59:59Z";

/**
 * What both routes read the same way from an output: its expiry ("never" normalised away) and its media's
 * MetaData (AigcVideoTaskOutputFileInfo.MetaData in DescribeTaskDetail, MediaInfo.MetaData in
 * DescribeMediaInfos: both MediaMetaData) — width and height in pixels, duration in seconds.
 */
export function mediaFacts(
  expireTime: unknown,
  metaData: unknown,
): Pick<TaskOutput, "expires_at" | "width" | "height" | "duration"> {
  const meta = asLoose(metaData);
  const expiry = str(expireTime);
  return defined<Pick<TaskOutput, "expires_at" | "width" | "height" | "duration">>({
    expires_at: expiry === NEVER_EXPIRES ? undefined : expiry,
    width: wholeCount(meta?.Width),
    height: wholeCount(meta?.Height),
    duration: nonNegativeNumber(meta?.Duration),
  });
}

export function nonNegativeNumber(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function wholeCount(value: unknown): number | undefined {
  const n = nonNegativeNumber(value);
  return n !== undefined && n > 0 ? Math.round(n) : undefined;
}

export function readOutputs(fileInfos: unknown): { outputs: TaskOutput[]; others: OtherOutput[] } {
  const outputs: TaskOutput[] = [];
  const others: OtherOutput[] = [];
  for (const item of Array.isArray(fileInfos) ? fileInfos : []) {
    const info = asLoose(item);
    if (!info) continue;
    const url = str(info.FileUrl);
    if (url)
      outputs.push(
        defined<TaskOutput>({
          url,
          storage_mode: str(info.StorageMode),
          file_id: str(info.FileId),
          file_type: str(info.FileType),
          media_name: str(info.MediaName),
          usage_type: str(info.UsageType),
          ...mediaFacts(info.ExpireTime, info.MetaData),
        }),
      );
    else {
      const other = defined<OtherOutput>({
        usage_type: str(info.UsageType),
        file_id: str(info.FileId),
        file_type: str(info.FileType),
        content: str(info.FileContent),
      });
      if (Object.keys(other).length > 0) others.push(other);
    }
  }
  return { outputs, others };
}

/** The plain message of a no_output task: what came back instead of a file. */
export function noOutputMessage(task: Pick<TaskRecord, "other_outputs">): string {
  const kinds = (task.other_outputs ?? []).map(
    (o) =>
      o.usage_type ??
      (o.content !== undefined ? "content" : o.file_id !== undefined ? `FileId ${o.file_id}` : "output"),
  );
  const got = kinds.length > 0 ? `it returned ${kinds.join(", ")} only` : "it returned no output at all";
  return `finished without a downloadable file (${got}); nothing to pull, and running it again would be billed again`;
}

export function defined<T extends object>(values: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as T;
}

export function asLoose(value: unknown): Loose | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Loose) : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
