// A finished task's record from its listing (DescribeTasks: times, FileId) and its kept media
// (DescribeMediaInfos: URL, type, name, expiry, duration): the record DescribeTaskDetail would give for a
// task whose output is stored Permanent, built without that query.
import type { InterpretedTask } from "../../api/interpret.js";
import { asLoose, defined, mediaFacts, str } from "../../api/outputs.js";
import type { TaskOutput } from "../../lockfile/types.js";
import type { ListedTask } from "../types.js";

/** Undefined when the media has no URL: the task is then left to a detail query. */
export function recordFromMedia(listed: ListedTask, mediaInfo: unknown): InterpretedTask | undefined {
  const basic = asLoose(asLoose(mediaInfo)?.BasicInfo) ?? {};
  const url = str(basic.MediaUrl);
  if (!url || listed.status !== "FINISH") return undefined;
  const facts = mediaFacts(basic.ExpireTime, asLoose(mediaInfo)?.MetaData);
  const output: TaskOutput = {
    ...defined<TaskOutput>({
      url,
      storage_mode: "Permanent",
      file_id: listed.fileId,
      file_type: str(basic.Type),
      media_name: str(basic.Name),
      usage_type: undefined,
      size: undefined,
      sha256: undefined,
    }),
    ...facts,
  };
  const record = defined<InterpretedTask>({
    state: "succeeded",
    api_status: "FINISH",
    // The task ended with a file: it is complete, as a detail answer of a finished task says.
    progress: 100,
    create_time: listed.createTime,
    begin_process_time: listed.beginProcessTime,
    finish_time: listed.finishTime,
    output_seconds: facts.duration,
    outputs: [output],
    error: undefined,
    other_outputs: undefined,
  });
  return record;
}
