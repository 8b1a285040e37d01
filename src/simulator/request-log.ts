import type { SimContext } from "./context.js";
import type { FaultDecision } from "./faults.js";
import type { RawRequest } from "./routes/api.js";
import { isoTime } from "./store.js";

/** Records one request (and the fault injected into it, if any) for the admin view. */
export function logRequest(ctx: SimContext, raw: RawRequest, outcome: string, fault?: FaultDecision, taskId?: string): void {
  const at = isoTime(ctx.now());
  const sessionId = sessionIdOf(raw.body);
  const ids = { ...(sessionId ? { session_id: sessionId } : {}), ...(taskId ? { task_id: taskId } : {}) };
  ctx.store.requests.push({ at, method: raw.method, path: raw.path, ...ids, outcome, ...(fault ? { fault: fault.kind } : {}) });
  if (fault) ctx.store.faults.push({ ...fault, at, method: raw.method, path: raw.path, ...ids });
}

function sessionIdOf(body: string): string | undefined {
  if (!body.includes("session_id")) return undefined;
  try {
    const value = (JSON.parse(body) as { session_id?: unknown }).session_id;
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}
