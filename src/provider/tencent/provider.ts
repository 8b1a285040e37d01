// The tencent provider: Tencent Cloud VOD called directly through the official SDK. Its answers and exceptions
// become outcomes directly (outcomes.ts, by the rules the gateway's answers follow: src/api/outcomes.ts); DescribeTasks finds tasks whose TaskId never reached us and
// lists tasks for batch status; DescribeMediaInfos gives the outputs of finished tasks kept Permanent.
import { redactCreateOutcome, redactQueryOutcome, type CreateOutcome } from "../../api/outcomes.js";
import type { Redactor } from "../../api/redact.js";
import type { JsonObject } from "../../util/canonical-json.js";
import type { Provider } from "../types.js";
import { toTencentRequest } from "./body.js";
import { tencentCaller, tencentRedactor, type TencentCall } from "./client.js";
import type { TencentConfig } from "./config.js";
import { findTasksBySession } from "./describe-tasks.js";
import { listTencentTasks } from "./list-tasks.js";
import { settleTencentMedia } from "./media-infos.js";
import { createOutcomeOfSdk, queryOutcomeOfSdk } from "./outcomes.js";

export function tencentProvider(config: TencentConfig, call: TencentCall = tencentCaller(config)): Provider {
  const subApp = config.subAppId === undefined ? {} : { SubAppId: config.subAppId };
  // The caller already scrubbed the answers; this is the gateway path's own step (errors bounded too).
  const redactor = tencentRedactor(config);
  return {
    name: "tencent",
    origin: { provider: "tencent", ...(config.subAppId === undefined ? {} : { sub_app_id: config.subAppId }) },
    create: (body, signal) => createTencentTask(call, body, config.subAppId, signal, redactor),
    query: async (taskId, signal) =>
      redactQueryOutcome(
        queryOutcomeOfSdk(await call("DescribeTaskDetail", { TaskId: taskId, ...subApp }, signal)),
        redactor,
      ),
    findBySessions: (lookup, signal, beforePage) =>
      findTasksBySession(call, lookup, config.subAppId, { signal, beforePage }),
    listTasks: (query, signal, beforePage) => listTencentTasks(call, query, config.subAppId, { signal, beforePage }),
    settleFromMedia: (tasks, signal, beforeRequest) =>
      settleTencentMedia(call, tasks, config.subAppId, { signal, beforePage: beforeRequest }),
  };
}

async function createTencentTask(
  call: TencentCall,
  body: JsonObject,
  subAppId: number | undefined,
  signal: AbortSignal,
  redactor: Redactor,
): Promise<CreateOutcome> {
  const converted = toTencentRequest(body, subAppId);
  if (!converted.ok) {
    const message = `\`${converted.field}\` has no name in Tencent's CreateAigcVideoTask (SDK 4.1.313): remove it, or send it through --provider gateway`;
    return { kind: "rejected", error: { code: "UnknownParameter", message } };
  }
  return redactCreateOutcome(
    createOutcomeOfSdk(await call("CreateAigcVideoTask", converted.request, signal)),
    redactor,
  );
}
