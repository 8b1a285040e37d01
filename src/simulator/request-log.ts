import type { SimContext } from "./context.js";
import type { FaultDecision } from "./faults.js";
import type { Reply } from "./replies.js";
import { bodyJson, type RawRequest } from "./routes/raw-request.js";
import { isoTime, type RequestLogEntry } from "./store.js";

/** What the log says about one answer (a Reply, or a hang-up described the same way). */
export type LoggedAnswer = Pick<Reply, "outcome" | "errorCode" | "taskId">;

/** Records one request (and the fault injected into it, if any) for the admin view. */
export function logRequest(
  ctx: SimContext,
  raw: RawRequest,
  answer: LoggedAnswer,
  fault?: FaultDecision,
): RequestLogEntry {
  const at = isoTime(ctx.now());
  const sessionId = sessionIdOf(raw);
  const ids = { ...(sessionId ? { session_id: sessionId } : {}), ...(answer.taskId ? { task_id: answer.taskId } : {}) };
  const errorCode = answer.errorCode ? { error_code: answer.errorCode } : {};
  const entry: RequestLogEntry = {
    at,
    method: raw.method,
    path: loggedPath(raw),
    ...ids,
    outcome: answer.outcome,
    ...errorCode,
    ...(fault ? { fault: fault.kind } : {}),
  };
  ctx.store.requests.push(entry);
  if (fault) ctx.store.faults.push({ ...fault, at, method: raw.method, path: loggedPath(raw), ...ids });
  return entry;
}

function sessionIdOf(raw: RawRequest): string | undefined {
  if (!raw.body.includes("session_id") && !raw.body.includes("SessionId")) return undefined;
  const parsed = bodyJson(raw);
  const body = parsed.ok ? (parsed.value as { session_id?: unknown; SessionId?: unknown } | null) : undefined;
  const value = body?.session_id ?? body?.SessionId;
  return typeof value === "string" ? value : undefined;
}

/** Tencent requests all go to "/": the log shows their action ("/?Action=CreateAigcVideoTask"). */
function loggedPath(raw: RawRequest): string {
  const action = raw.headers["x-tc-action"];
  return raw.path === "/" && typeof action === "string" ? `/?Action=${action}` : raw.path;
}
