// Batch status: DescribeTasks over a CreateTime range (optionally one Status), 100 tasks a page, paged
// with ScrollToken. One request answers for up to 100 tasks; DescribeTaskDetail is then needed only for
// the outputs of those that finished.
import { classifyQueryError } from "../../api/query.js";
import { extractApiError } from "../../api/errors.js";
import { transportErrorCode } from "../../api/http.js";
import type { ListedTask, TaskListOutcome, TaskListQuery } from "../types.js";
import type { TencentCall } from "./client.js";

const PAGE_SIZE = 100;
/** A bound on one listing (100 pages = 10,000 tasks); what it leaves out is queried task by task. */
const MAX_PAGES = 100;

interface Page {
  TaskSet?: { TaskId?: string; Status?: string; CreateTime?: string; FinishTime?: string }[];
  ScrollToken?: string;
}

export interface ListCallOptions {
  signal?: AbortSignal;
  beforePage?: () => Promise<void>;
}

export async function listTencentTasks(call: TencentCall, query: TaskListQuery, subAppId: number | undefined, options: ListCallOptions): Promise<TaskListOutcome> {
  const tasks: ListedTask[] = [];
  const base = {
    CreateTime: { After: tencentTime(query.after), Before: tencentTime(query.before) },
    Limit: PAGE_SIZE,
    ...(query.status ? { Status: query.status } : {}),
    ...(subAppId === undefined ? {} : { SubAppId: subAppId }),
  };
  let scrollToken: string | undefined;
  for (let pages = 1; pages <= MAX_PAGES; pages += 1) {
    await options.beforePage?.();
    const result = await call("DescribeTasks", { ...base, ...(scrollToken ? { ScrollToken: scrollToken } : {}) }, options.signal);
    if (!result.ok) return { ok: false, error: { code: transportErrorCode(result.reason), message: result.message }, retryable: result.reason !== "aborted" };
    const error = extractApiError(result.status, result.body, result.text);
    if (error) return { ok: false, error, retryable: classifyQueryError(error).kind === "retryable" };
    const page = (result.body as { Response?: Page }).Response;
    for (const task of page?.TaskSet ?? []) if (task.TaskId) tasks.push(listedTask(task));
    scrollToken = page?.ScrollToken;
    if (!scrollToken) return { ok: true, tasks, pages };
  }
  return { ok: true, tasks, pages: MAX_PAGES };
}

function listedTask(task: NonNullable<Page["TaskSet"]>[number]): ListedTask {
  const listed: ListedTask = { taskId: task.TaskId ?? "", status: task.Status ?? "" };
  if (task.CreateTime) listed.createTime = task.CreateTime;
  if (task.FinishTime) listed.finishTime = task.FinishTime;
  return listed;
}

/** ISO 8601 in UTC to the second, as Tencent writes times. */
function tencentTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
