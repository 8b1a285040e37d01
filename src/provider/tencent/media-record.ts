// A finished task's record from its listing (DescribeTasks: times, FileId) and its kept media
// (DescribeMediaInfos: URL, type, name, expiry, duration): the record DescribeTaskDetail would give for a
// task whose output is stored Permanent, built without that query.
import type { InterpretedTask } from "../../api/interpret.js";
import { asLoose, defined, str } from "../../api/outputs.js";
import type { TaskOutput } from "../../lockfile/types.js";
import type { ListedTask } from "../types.js";

/** VOD writes this ExpireTime for media that never expires: no expiry to record. */
const NEVER_EXPIRES = "9999-12-31T23:59:59Z";

/** Undefined when the media has no URL: the task is then left to a detail query. */
export function recordFromMedia(listed: ListedTask, mediaInfo: unknown): InterpretedTask | undefined {
  const basic = asLoose(asLoose(mediaInfo)?.BasicInfo) ?? {};
  const url = str(basic.MediaUrl);
  if (!url || listed.status !== "FINISH") return undefined;
  const expiry = str(basic.ExpireTime);
  const output = defined<TaskOutput>({
    url,
    expires_at: expiry === NEVER_EXPIRES ? undefined : expiry,
    storage_mode: "Permanent",
    file_id: listed.fileId,
    file_type: str(basic.Type),
    media_name: str(basic.Name),
    usage_type: undefined,
    size: undefined,
    sha256: undefined,
  });
  const record = defined<InterpretedTask>({
    state: "succeeded",
    api_status: "FINISH",
    // The task ended with a file: it is complete, as a detail answer of a finished task says.
    progress: 100,
    create_time: listed.createTime,
    begin_process_time: listed.beginProcessTime,
    finish_time: listed.finishTime,
    output_seconds: durationOf(asLoose(asLoose(mediaInfo)?.MetaData)?.Duration),
    outputs: [output],
    error: undefined,
    other_outputs: undefined,
  });
  return record;
}

function durationOf(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : undefined;
}
