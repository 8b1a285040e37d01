// DescribeMediaInfos: kept media by FileId, at most 20 a request. The media of a task that succeeded with
// Permanent storage exists from its finish on; its MediaUrl is the file URL DescribeTaskDetail gives (the same
// download route, bytes and bandwidth). FileIds it does not know are answered in NotExistFileIdSet.
import type { SimContext } from "../context.js";
import { phaseAt } from "../lifecycle.js";
import { randomUuid } from "../prng.js";
import { tencentError, type Reply } from "../replies.js";
import { tencentTime, type SimTask } from "../store.js";
import { fileUrl, mediaMetaData, NEVER_EXPIRES, permanentFileId, storageMode } from "../task-detail.js";

const MAX_FILE_IDS = 20;

export function handleDescribeMedia(ctx: SimContext, body: Record<string, unknown>, origin: string): Reply {
  const requestId = randomUuid(ctx.random.ids);
  const ids = body.FileIds;
  if (!Array.isArray(ids) || ids.length === 0)
    return tencentError("MissingParameter", "The required parameter `FileIds` is missing.", requestId);
  if (ids.length > MAX_FILE_IDS || !ids.every((id) => typeof id === "string")) {
    return tencentError("InvalidParameterValue", `FileIds must be 1 to ${MAX_FILE_IDS} file ids.`, requestId);
  }
  const filters =
    Array.isArray(body.Filters) && body.Filters.length > 0 ? new Set(body.Filters.map(String)) : undefined;
  const media = keptMedia(ctx);
  const found = (ids as string[]).filter((id) => media.has(id));
  return {
    status: 200,
    body: {
      Response: {
        MediaInfoSet: found.map((id) => mediaInfo(id, media.get(id) as SimTask, origin, filters)),
        NotExistFileIdSet: (ids as string[]).filter((id) => !media.has(id)),
        RequestId: requestId,
      },
    },
    outcome: `ok ${found.length} file(s)`,
  };
}

/** FileId -> task, for every task whose Permanent output exists now. */
function keptMedia(ctx: SimContext): Map<string, SimTask> {
  const now = ctx.now();
  const kept = new Map<string, SimTask>();
  for (const task of ctx.store.tasks.values()) {
    const done = task.ending.kind === "success" && phaseAt(task.timeline, task.ending, now) === "FINISH";
    if (done && storageMode(task) === "Permanent") kept.set(permanentFileId(task.taskId), task);
  }
  return kept;
}

function mediaInfo(
  fileId: string,
  task: SimTask,
  origin: string,
  filters: Set<string> | undefined,
): Record<string, unknown> {
  const config = task.body.output_config as Record<string, unknown> | undefined;
  const finished = tencentTime(task.timeline.finishAt);
  const info: Record<string, unknown> = { FileId: fileId };
  if (!filters || filters.has("basicInfo")) {
    info.BasicInfo = {
      Name: typeof config?.media_name === "string" ? config.media_name : "",
      Description: "",
      CreateTime: finished,
      UpdateTime: finished,
      ExpireTime: NEVER_EXPIRES,
      Type: "mp4",
      MediaUrl: fileUrl(task, origin),
      Category: "Video",
      Status: "Normal",
      StorageClass: "STANDARD",
    };
  }
  if (!filters || filters.has("metaData")) info.MetaData = mediaMetaData(task);
  return info;
}
