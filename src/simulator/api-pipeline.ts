import type { SimContext } from "./context.js";
import { decideFault, type FaultDecision, type FaultSettings } from "./faults.js";
import { randomUuid } from "./prng.js";
import * as replies from "./replies.js";
import type { Reply } from "./replies.js";

/** What the server does with a request: answer (maybe late), or hang up (with or without having processed it). */
export type Action =
  { kind: "answer"; reply: Reply; delayMs?: number } | { kind: "hang-up"; outcome: string; taskId?: string };

export interface ApiRequest {
  route: "create" | "query";
  /** Which API's shapes the answers take (faults included); default the gateway's. */
  dialect?: "gateway" | "tencent";
  authorization: string | undefined;
  /** Replaces the Bearer check (the Tencent API's TC3 signature): a refusal, or undefined to go on. */
  authenticate?: () => Reply | undefined;
  /** The prompt a marker trigger looks at: the create body's, or the queried task's. */
  prompt: string | undefined;
  /** The route's own work, run only when no fault stops the request first. */
  handle: () => Reply;
}

/**
 * Auth, then faults, then (for create) the rate limit, counted at `arrivedAt` (when the request reached the
 * server, before its simulated latency: a loaded test process would otherwise bunch requests that arrived
 * apart into one second), then the route itself.
 */
export function answerApiRequest(
  ctx: SimContext,
  request: ApiRequest,
  arrivedAt: number,
): { action: Action; fault?: FaultDecision } {
  const refusal = request.authenticate
    ? request.authenticate()
    : authorized(request.authorization, ctx.fixed.apiKey)
      ? undefined
      : replies.unauthorized();
  if (refusal) return { action: { kind: "answer", reply: refusal } };
  const { config } = ctx.runtime;
  const say = request.dialect === "tencent" ? tencentReplies(ctx) : gatewayReplies;
  const fault = decideFault(
    config.faults,
    config.failRate,
    { route: request.route, prompt: request.prompt },
    ctx.random.faults,
  );
  if (fault) return { action: faultAction(ctx, fault, config.faults, request, say), fault };
  if (request.route === "create") {
    const wait = ctx.rateWindow.admit(arrivedAt, config.createRatePerSecond);
    if (wait !== undefined) return { action: { kind: "answer", reply: say.rateLimited(wait) } };
  }
  return { action: { kind: "answer", reply: request.handle() } };
}

/** The answers that differ between the two APIs: the gateway's HTTP statuses, or Tencent's codes in an HTTP 200. */
interface Dialect {
  unauthorized(): Reply;
  quotaExhausted(): Reply;
  rateLimited(retryAfterSeconds: number): Reply;
  relayError(status: number, code: string): Reply;
}

const gatewayReplies: Dialect = {
  unauthorized: replies.unauthorized,
  quotaExhausted: replies.quotaExhausted,
  rateLimited: replies.rateLimited,
  relayError: (status, code) =>
    replies.relayError(status, code, "The task relay could not reach the upstream service."),
};

/** Tencent's own codes for the same faults (docs/api.md's list for CreateAigcVideoTask); 5xx stays an HTTP 5xx. */
function tencentReplies(ctx: SimContext): Dialect {
  const say = (code: string, message: string): Reply => replies.tencentError(code, message, randomUuid(ctx.random.ids));
  return {
    unauthorized: () => say("UnauthorizedOperation", "The caller is not authorized for this operation."),
    quotaExhausted: () => say("LimitExceeded.Quota", "The AIGC quota of this account is exhausted."),
    rateLimited: () => say("RequestLimitExceeded", "The request frequency limit was exceeded."),
    relayError: () => say("FailedOperation", "The operation failed; try again later."),
  };
}

function faultAction(
  ctx: SimContext,
  fault: FaultDecision,
  faults: FaultSettings,
  request: ApiRequest,
  say: Dialect,
): Action {
  switch (fault.kind) {
    case "auth":
      return answer(say.unauthorized());
    case "quota":
      return answer(say.quotaExhausted());
    case "http429":
      return answer(say.rateLimited(faults.http429.retryAfterSeconds ?? 1));
    case "http5xx":
      return answer(replies.upstreamTrouble(faults.http5xx.status ?? 502));
    case "relayError":
      return answer(say.relayError(faults.relayError.status ?? 500, faults.relayError.code ?? "task_relay_failed"));
    case "tencentError200":
      return answer(tencentFault(ctx, faults.tencentError200.code ?? "InternalError"));
    case "reset":
      return { kind: "hang-up", outcome: "reset before processing" };
    case "lostResponse": {
      const reply = request.handle();
      return {
        kind: "hang-up",
        outcome: `${reply.outcome}, then reset (response lost)`,
        ...(reply.taskId ? { taskId: reply.taskId } : {}),
      };
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
