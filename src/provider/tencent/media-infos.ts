// Finished tasks whose output is kept media (Permanent storage) settled with DescribeMediaInfos: 20 files a
// request, instead of one DescribeTaskDetail per task. Temporary outputs have no FileId and no batch
// answer with their URLs: they keep their detail query. A file the API does not know (NotExistFileIdSet),
// media without a URL, or a failed request leaves its tasks out: the caller queries them one by one.
import type { ListedTask, MediaSettled } from "../types.js";
import { listingAnswer } from "./outcomes.js";
import type { TencentCall } from "./client.js";
import type { ListCallOptions } from "./list-tasks.js";
import { recordFromMedia } from "./media-record.js";

/** DescribeMediaInfos takes at most 20 FileIds a request. */
const FILES_PER_REQUEST = 20;
/** What the record needs: URL, type, name and expiry (basicInfo), duration (metaData). */
const FILTERS = ["basicInfo", "metaData"];

interface MediaPage {
  MediaInfoSet?: { FileId?: string }[];
  NotExistFileIdSet?: string[];
}

export async function settleTencentMedia(
  call: TencentCall,
  tasks: ListedTask[],
  subAppId: number | undefined,
  options: ListCallOptions,
): Promise<MediaSettled> {
  const settled: MediaSettled = { records: new Map(), requests: 0, errors: [] };
  const withFile = tasks.filter((task) => task.status === "FINISH" && task.fileId);
  for (let i = 0; i < withFile.length && !options.signal?.aborted; i += FILES_PER_REQUEST) {
    const chunk = withFile.slice(i, i + FILES_PER_REQUEST);
    await options.beforePage?.();
    settled.requests += 1;
    const request = {
      FileIds: chunk.map((task) => task.fileId),
      Filters: FILTERS,
      ...(subAppId === undefined ? {} : { SubAppId: subAppId }),
    };
    const answer = listingAnswer<MediaPage>(await call("DescribeMediaInfos", request, options.signal));
    if (!answer.ok) {
      settled.errors.push(answer.error);
      continue;
    }
    const byFile = new Map((answer.response?.MediaInfoSet ?? []).map((info) => [info.FileId, info]));
    for (const task of chunk) {
      const record = recordFromMedia(task, byFile.get(task.fileId));
      if (record) settled.records.set(task.taskId, record);
    }
  }
  return settled;
}
