import type { SimContext } from "./context.js";
import { decideFault, type FaultDecision, type FaultSettings } from "./faults.js";
import { randomUuid } from "./prng.js";
import * as replies from "./replies.js";
import type { Reply } from "./replies.js";

/** What the server does with a request: answer (maybe late), or hang up (with or without having processed it). */
export type Action =
  | { kind: "answer"; reply: Reply; delayMs?: number }
  | { kind: "hang-up"; outcome: string; taskId?: string };

export interface ApiRequest {
  route: "create" | "query";
  authorization: string | undefined;
  /** The prompt a marker trigger looks at: the create body's, or the queried task's. */
  prompt: string | undefined;
  /** The route's own work, run only when no fault stops the request first. */
  handle: () => Reply;
}

/** Auth, then faults, then (for create) the rate limit, then the route itself. */
export function answerApiRequest(ctx: SimContext, request: ApiRequest): { action: Action; fault?: FaultDecision } {
  if (!authorized(request.authorization, ctx.fixed.apiKey)) return { action: { kind: "answer", reply: replies.unauthorized() } };
  const { config } = ctx.runtime;
  const fault = decideFault(config.faults, config.failRate, { route: request.route, prompt: request.prompt }, ctx.random.faults);
  if (fault) return { action: faultAction(ctx, fault, config.faults, request), fault };
  if (request.route === "create") {
    const wait = ctx.rateWindow.admit(ctx.now(), config.createRatePerSecond);
    if (wait !== undefined) return { action: { kind: "answer", reply: replies.rateLimited(wait) } };
  }
  return { action: { kind: "answer", reply: request.handle() } };
}

function faultAction(ctx: SimContext, fault: FaultDecision, faults: FaultSettings, request: ApiRequest): Action {
  switch (fault.kind) {
    case "auth":
      return answer(replies.unauthorized());
    case "quota":
      return answer(replies.quotaExhausted());
    case "http429":
      return answer(replies.rateLimited(faults.http429.retryAfterSeconds ?? 1));
    case "http5xx":
      return answer(replies.upstreamTrouble(faults.http5xx.status ?? 502));
    case "relayError":
      return answer(replies.relayError(faults.relayError.status ?? 500, faults.relayError.code ?? "task_relay_failed", "The task relay could not reach the upstream service."));
    case "tencentError200":
      return answer(tencentFault(ctx, faults.tencentError200.code ?? "InternalError"));
    case "reset":
      return { kind: "hang-up", outcome: "reset before processing" };
    case "lostResponse": {
      const reply = request.handle();
      return { kind: "hang-up", outcome: `${reply.outcome}, then reset (response lost)`, ...(reply.taskId ? { taskId: reply.taskId } : {}) };
    }
    case "slow":
      return { kind: "answer", reply: request.handle(), delayMs: faults.slow.delayMs ?? 65_000 };
  }
}

function tencentFault(ctx: SimContext, code: string): Reply {
  const messages: Record<string, string> = {
    InternalError: "An internal error occurred; try again later.",
    RequestLimitExceeded: "The request frequency limit was exceeded.",
  };
  return replies.tencentError(code, messages[code] ?? `Simulated error ${code}.`, randomUuid(ctx.random.ids));
}

function answer(reply: Reply): Action {
  return { kind: "answer", reply };
}

/** "Bearer <key>": any non-empty key, or exactly the configured one. */
function authorized(header: string | undefined, apiKey: string | undefined): boolean {
  const match = /^Bearer\s+(\S.*)$/i.exec(header ?? "");
  const key = match?.[1]?.trim();
  if (!key) return false;
  return apiKey === undefined || key === apiKey;
}
