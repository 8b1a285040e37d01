// DescribeTasks: the tasks created in a CreateTime range (and of one Status, and finished in a FinishTime
// range, when given), oldest first, at most Limit (≤ 100) a page, with a ScrollToken for the next page (the
// last task returned: the next page starts after it). A task that succeeded with Permanent storage carries
// its output's FileId. As the SDK documents (vod_models.d.ts, TaskSimpleInfo.Status and
// DescribeTasksRequest.Status): a task lists as WAITING, PROCESSING, FINISH or ABORTED, but the Status filter
// takes only WAITING, PROCESSING or FINISH, so `Status: FINISH` leaves aborted tasks out; a FinishTime range
// keeps every task that ended in it, FINISH or ABORTED.
import type { SimContext } from "../context.js";
import { phaseAt } from "../lifecycle.js";
import { randomUuid } from "../prng.js";
import { tencentError, type Reply } from "../replies.js";
import { tencentTime, type SimTask } from "../store.js";
import { permanentFileId, storageMode } from "../task-detail.js";

const MAX_LIMIT = 100;
const STATUS_FILTERS = new Set(["WAITING", "PROCESSING", "FINISH"]);

export function handleDescribeTasks(ctx: SimContext, body: Record<string, unknown>): Reply {
  const requestId = randomUuid(ctx.random.ids);
  const limit = body.Limit === undefined ? 10 : Number(body.Limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    return tencentError("InvalidParameterValue.Limit", `Limit must be 1 to ${MAX_LIMIT}.`, requestId);
  const range = timeRange(body.CreateTime);
  if (!range)
    return tencentError(
      "InvalidParameterValue.CreateTime",
      "CreateTime.After and CreateTime.Before must be ISO 8601 times.",
      requestId,
    );
  const finished = timeRange(body.FinishTime);
  if (!finished)
    return tencentError(
      "InvalidParameterValue.FinishTime",
      "FinishTime.After and FinishTime.Before must be ISO 8601 times.",
      requestId,
    );
  const status = typeof body.Status === "string" && body.Status !== "" ? body.Status : undefined;
  if (status !== undefined && !STATUS_FILTERS.has(status))
    return tencentError("InvalidParameterValue.Status", "Status must be WAITING, PROCESSING or FINISH.", requestId);
  const now = ctx.now();
  const after = typeof body.ScrollToken === "string" && body.ScrollToken !== "" ? body.ScrollToken : undefined;
  const matching = [...ctx.store.tasks.values()]
    .filter(
      (task) =>
        now - task.timeline.createdAt < ctx.fixed.queryWindowMs &&
        task.timeline.createdAt >= range.after &&
        task.timeline.createdAt <= range.before,
    )
    .sort(byCreation)
    .filter((task) => after === undefined || scrollToken(task) > after)
    .filter((task) => status === undefined || phaseAt(task.timeline, task.ending, now) === status)
    .filter((task) => body.FinishTime === undefined || finishedIn(task, finished, now));
  const page = matching.slice(0, limit);
  const more = matching.length > limit;
  return {
    status: 200,
    body: {
      Response: {
        TaskSet: page.map((task) => simpleInfo(task, now)),
        ScrollToken: more ? scrollToken(page.at(-1) as SimTask) : "",
        RequestId: requestId,
      },
    },
    outcome: `ok ${page.length} task(s)`,
  };
}

function timeRange(value: unknown): { after: number; before: number } | undefined {
  if (value === undefined) return { after: -Infinity, before: Infinity };
  if (value === null || typeof value !== "object") return undefined;
  const { After, Before } = value as { After?: unknown; Before?: unknown };
  const after = After === undefined ? -Infinity : Date.parse(String(After));
  const before = Before === undefined ? Infinity : Date.parse(String(Before));
  return Number.isNaN(after) || Number.isNaN(before) ? undefined : { after, before };
}

/** Ended (FINISH or ABORTED) within the range (After inclusive, Before exclusive), to the second as the API writes times. */
function finishedIn(task: SimTask, range: { after: number; before: number }, now: number): boolean {
  if (now < task.timeline.finishAt) return false;
  const second = Math.floor(task.timeline.finishAt / 1000) * 1000;
  return second >= range.after && second < range.before;
}

/** Sorts like the page order: creation time, then TaskId (fixed width, so text order is time order). */
function scrollToken(task: SimTask): string {
  return `${String(task.timeline.createdAt).padStart(15, "0")}.${task.taskId}`;
}

function byCreation(a: SimTask, b: SimTask): number {
  return scrollToken(a) < scrollToken(b) ? -1 : 1;
}

function simpleInfo(task: SimTask, now: number): Record<string, unknown> {
  const phase = phaseAt(task.timeline, task.ending, now);
  return {
    TaskId: task.taskId,
    TaskType: "AigcVideoTask",
    Status: phase,
    CreateTime: tencentTime(task.timeline.createdAt),
    BeginProcessTime: phase === "WAITING" ? "" : tencentTime(task.timeline.beginAt),
    FinishTime: phase === "FINISH" || phase === "ABORTED" ? tencentTime(task.timeline.finishAt) : "",
    ...(phase === "FINISH" && task.ending.kind === "success" && storageMode(task) === "Permanent"
      ? { FileId: permanentFileId(task.taskId) }
      : {}),
    SessionId: task.sessionId ?? "",
    SessionContext: typeof task.body.session_context === "string" ? task.body.session_context : "",
  };
}
