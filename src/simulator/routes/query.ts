import type { SimContext } from "../context.js";
import { randomUuid } from "../prng.js";
import { tencentError, type Reply } from "../replies.js";
import { describeTaskDetail } from "../task-detail.js";

/** GET /tencent-vod/v1/query/{task_id}, after auth and faults. */
export function handleQuery(ctx: SimContext, taskId: string, origin: string): Reply {
  const requestId = randomUuid(ctx.random.ids);
  const now = ctx.now();
  const task = ctx.store.queryable(taskId, now, ctx.fixed.queryWindowMs);
  if (!task) {
    return tencentError(
      "ResourceNotFound",
      `The task ${taskId} does not exist, or is older than the query window.`,
      requestId,
    );
  }
  const body = describeTaskDetail(task, {
    now,
    origin,
    requestId,
    temporaryTtlMs: ctx.fixed.temporaryTtlMs,
    progress: ctx.fixed.progress,
  });
  const status = (body.Response as { Status: string }).Status;
  return { status: 200, body, outcome: `ok ${status}`, taskId };
}
