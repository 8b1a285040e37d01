// Batch status: DescribeTasks over a CreateTime range and a FinishTime from which (no Status filter: see TaskListQuery),
// 100 tasks a page, paged with ScrollToken. One request answers for up to 100 tasks; their outputs come from
// DescribeMediaInfos (kept media, by FileId) or DescribeTaskDetail.
import type { ListedTask, TaskListOutcome, TaskListQuery } from "../types.js";
import { listingAnswer } from "./outcomes.js";
import type { TencentCall } from "./client.js";

const PAGE_SIZE = 100;
/** A bound on one listing (100 pages = 10,000 tasks); what it leaves out is queried task by task. */
const MAX_PAGES = 100;

interface Page {
  TaskSet?: {
    TaskId?: string;
    Status?: string;
    CreateTime?: string;
    BeginProcessTime?: string;
    FinishTime?: string;
    FileId?: string;
  }[];
  ScrollToken?: string;
}

export interface ListCallOptions {
  signal?: AbortSignal;
  beforePage?: () => Promise<void>;
}

export async function listTencentTasks(
  call: TencentCall,
  query: TaskListQuery,
  subAppId: number | undefined,
  options: ListCallOptions,
): Promise<TaskListOutcome> {
  const tasks: ListedTask[] = [];
  const base = {
    CreateTime: { After: tencentTime(query.after), Before: tencentTime(query.before) },
    Limit: PAGE_SIZE,
    FinishTime: { After: tencentTime(query.finishedAfter) },
    ...(subAppId === undefined ? {} : { SubAppId: subAppId }),
  };
  let scrollToken: string | undefined;
  for (let pages = 1; pages <= MAX_PAGES; pages += 1) {
    await options.beforePage?.();
    const answer = listingAnswer<Page>(
      await call("DescribeTasks", { ...base, ...(scrollToken ? { ScrollToken: scrollToken } : {}) }, options.signal),
    );
    if (!answer.ok) return answer;
    const page = answer.response;
    for (const task of page?.TaskSet ?? []) if (task.TaskId) tasks.push(listedTask(task));
    scrollToken = page?.ScrollToken;
    if (!scrollToken) return { ok: true, tasks, pages };
  }
  return { ok: true, tasks, pages: MAX_PAGES, truncated: true };
}

function listedTask(task: NonNullable<Page["TaskSet"]>[number]): ListedTask {
  const listed: ListedTask = { taskId: task.TaskId ?? "", status: task.Status ?? "" };
  if (task.CreateTime) listed.createTime = task.CreateTime;
  if (task.BeginProcessTime) listed.beginProcessTime = task.BeginProcessTime;
  if (task.FinishTime) listed.finishTime = task.FinishTime;
  if (task.FileId) listed.fileId = task.FileId;
  return listed;
}

/** ISO 8601 in UTC to the second, as Tencent writes times. */
function tencentTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
