// Tencent Cloud's API 3.0 on the simulator's port: POST / with X-TC-Action (CreateAigcVideoTask,
// DescribeTaskDetail, DescribeTasks, DescribeMediaInfos) and X-TC-Version 2018-07-17, TC3-signed. Bodies are PascalCase; create
// bodies are read back into the gateway's snake_case and go through the very same route and model rules.
import type { ApiRequest } from "../api-pipeline.js";
import type { SimContext } from "../context.js";
import { randomUuid } from "../prng.js";
import { tencentError, type Reply } from "../replies.js";
import { verifyTc3 } from "../tc3.js";
import { bodyJson, type RawRequest } from "./raw-request.js";
import { handleCreate, SIM_SUB_APP_ID } from "./create.js";
import { handleDescribeMedia } from "./describe-media.js";
import { handleDescribeTasks } from "./describe-tasks.js";
import { handleQuery } from "./query.js";
import { snakeCreateBody } from "./tencent-body.js";

const TENCENT_VERSION = "2018-07-17";
const ACTIONS = new Set(["CreateAigcVideoTask", "DescribeTaskDetail", "DescribeTasks", "DescribeMediaInfos"]);

export function isTencentRequest(raw: RawRequest): boolean {
  return raw.path === "/" && raw.method === "POST" && raw.headers["x-tc-action"] !== undefined;
}

/** A Tencent request, as the pipeline runs it: signature check, then faults, then the action. */
export function routeTencent(
  ctx: SimContext,
  raw: RawRequest,
  origin: string,
): { kind: "reply"; reply: Reply } | { kind: "api"; request: ApiRequest } {
  const action = String(raw.headers["x-tc-action"]);
  const refuse = (code: string, message: string): { kind: "reply"; reply: Reply } => ({
    kind: "reply",
    reply: tencentError(code, message, randomUuid(ctx.random.ids)),
  });
  if (!ACTIONS.has(action))
    return refuse("InvalidAction", `The action ${action} is not served here (${[...ACTIONS].join(", ")}).`);
  if (raw.headers["x-tc-version"] !== TENCENT_VERSION)
    return refuse("NoSuchVersion", `The API version must be ${TENCENT_VERSION}.`);
  const parsed = bodyJson(raw);
  const body =
    parsed.ok && parsed.value !== null && typeof parsed.value === "object" && !Array.isArray(parsed.value)
      ? (parsed.value as Record<string, unknown>)
      : undefined;
  const authenticate = (): Reply | undefined => {
    const refusal = verifyTc3(
      { method: raw.method, url: raw.path, headers: raw.headers, body: raw.body },
      ctx.fixed.tencentSecrets,
      ctx.now(),
    );
    return refusal ? tencentError(refusal.code, refusal.message, randomUuid(ctx.random.ids)) : undefined;
  };
  const handle = (): Reply =>
    body
      ? answer(ctx, action, body, origin)
      : tencentError("InvalidParameter", "The request body is not a JSON object.", randomUuid(ctx.random.ids));
  const route = action === "CreateAigcVideoTask" ? "create" : "query";
  return {
    kind: "api",
    request: {
      route,
      dialect: "tencent",
      authorization: undefined,
      authenticate,
      prompt: promptOf(ctx, action, body),
      handle,
    },
  };
}

function answer(ctx: SimContext, action: string, body: Record<string, unknown>, origin: string): Reply {
  const subApp = body.SubAppId;
  if (subApp !== undefined && String(subApp) !== SIM_SUB_APP_ID) {
    return tencentError(
      "InvalidParameterValue.SubAppId",
      `SubAppId ${String(subApp)} is not a sub-application of this account.`,
      randomUuid(ctx.random.ids),
    );
  }
  if (action === "DescribeTasks") return handleDescribeTasks(ctx, body);
  if (action === "DescribeMediaInfos") return handleDescribeMedia(ctx, body, origin);
  if (action === "DescribeTaskDetail") {
    if (typeof body.TaskId !== "string" || body.TaskId === "")
      return tencentError(
        "MissingParameter",
        "The required parameter `TaskId` is missing.",
        randomUuid(ctx.random.ids),
      );
    return handleQuery(ctx, body.TaskId, origin);
  }
  const snake = snakeCreateBody(body);
  return snake.ok ? handleCreate(ctx, snake.body) : tencentError(snake.code, snake.message, randomUuid(ctx.random.ids));
}

/** The prompt a marker fault looks at: the create body's, or the queried task's. */
function promptOf(ctx: SimContext, action: string, body: Record<string, unknown> | undefined): string | undefined {
  if (action === "CreateAigcVideoTask") return typeof body?.Prompt === "string" ? body.Prompt : undefined;
  const prompt = typeof body?.TaskId === "string" ? ctx.store.tasks.get(body.TaskId)?.body.prompt : undefined;
  return typeof prompt === "string" ? prompt : undefined;
}
