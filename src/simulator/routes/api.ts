import type { ApiRequest } from "../api-pipeline.js";
import type { SimContext } from "../context.js";
import { gatewayError, type Reply } from "../replies.js";
import { handleCreate } from "./create.js";
import { handleQuery } from "./query.js";
import { bodyJson, type RawRequest } from "./raw-request.js";
import { isTencentRequest, routeTencent } from "./tencent.js";

const CREATE_PATH = "/tencent-vod/v1/aigc-video";
const QUERY_PATH = /^\/tencent-vod\/v1\/query\/([^/]+)$/;

/** Maps a request to the create or query route, or answers at once (unknown path or method). */
export function routeApi(
  ctx: SimContext,
  raw: RawRequest,
  origin: string,
): { kind: "reply"; reply: Reply } | { kind: "api"; request: ApiRequest } {
  if (isTencentRequest(raw)) return routeTencent(ctx, raw, origin);
  const authorization = raw.headers.authorization;
  if (raw.path === CREATE_PATH && raw.method === "POST") {
    const parsed = bodyJson(raw);
    const prompt =
      parsed.ok && typeof (parsed.value as { prompt?: unknown } | null)?.prompt === "string"
        ? (parsed.value as { prompt: string }).prompt
        : undefined;
    const handle = (): Reply =>
      parsed.ok
        ? handleCreate(ctx, parsed.value)
        : gatewayError(400, "invalid_request", "The request body is not valid JSON.", "invalid_request_error");
    return { kind: "api", request: { route: "create", authorization, prompt, handle } };
  }
  const query = QUERY_PATH.exec(raw.path);
  if (query && raw.method === "GET") {
    const taskId = decodeURIComponent(query[1] ?? "");
    const prompt = ctx.store.tasks.get(taskId)?.body.prompt;
    const handle = (): Reply => handleQuery(ctx, taskId, origin);
    return {
      kind: "api",
      request: { route: "query", authorization, prompt: typeof prompt === "string" ? prompt : undefined, handle },
    };
  }
  return {
    kind: "reply",
    reply: gatewayError(404, "not_found", `Invalid URL (${raw.method} ${raw.path})`, "invalid_request_error"),
  };
}
