import type { SimContext } from "../context.js";
import { endingFor } from "../lifecycle.js";
import { randomHex, randomUuid } from "../prng.js";
import { tencentError, type Reply } from "../replies.js";
import type { SimTask } from "../store.js";
import { pickTaskDuration } from "../task-seconds.js";
import { validateCreateBody } from "../validation/create-body.js";

/** The SubAppId the gateway would fill in for its account. */
export const SIM_SUB_APP_ID = "1500039421";

/** POST /tencent-vod/v1/aigc-video, after auth and faults: validate, refuse a repeated session_id, create. */
export function handleCreate(ctx: SimContext, body: unknown): Reply {
  const requestId = randomUuid(ctx.random.ids);
  const refusal = validateCreateBody(body);
  if (refusal) return tencentError(refusal.code, refusal.message, requestId);
  const request = body as Record<string, unknown>;
  const sessionId =
    typeof request.session_id === "string" && request.session_id !== "" ? request.session_id : undefined;
  const now = ctx.now();
  if (sessionId && ctx.store.sessionHolder(sessionId, now, ctx.fixed.dedupWindowMs)) {
    // As Tencent does: the first TaskId is NOT returned.
    return tencentError(
      "InvalidParameterValue.SessionId",
      "SessionId repeated: the dedup identifier was already used within the dedup window.",
      requestId,
    );
  }
  const task = createTask(ctx, request, sessionId, requestId, now);
  return {
    status: 200,
    body: { Response: { TaskId: task.taskId, RequestId: requestId } },
    outcome: "created",
    taskId: task.taskId,
  };
}

function createTask(
  ctx: SimContext,
  body: Record<string, unknown>,
  sessionId: string | undefined,
  requestId: string,
  now: number,
): SimTask {
  const task: SimTask = {
    taskId: `${SIM_SUB_APP_ID}-AigcVideoTask-${randomHex(ctx.random.ids, 32)}t`,
    requestId,
    body: structuredClone(body),
    timeline: ctx.slots.schedule(
      now,
      pickTaskDuration(ctx.fixed.taskDurationMs, ctx.fixed.taskDurationRange, ctx.random.durations),
    ),
    ending: endingFor(String(body.prompt), ctx.fixed, ctx.random.endings),
  };
  if (sessionId) task.sessionId = sessionId;
  ctx.store.addTask(task);
  return task;
}
