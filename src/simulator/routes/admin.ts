import type { ServerResponse } from "node:http";
import type { PatchResult, RuntimeConfig } from "../config.js";
import type { SimContext } from "../context.js";
import { send } from "../http-io.js";
import { gatewayError, type Reply } from "../replies.js";
import { logRequest } from "../request-log.js";
import type { AdminState } from "../store.js";
import type { RawRequest } from "./raw-request.js";
import { handleFile } from "./files.js";

export interface AdminTools {
  state(): AdminState & { config: RuntimeConfig };
  /** Applies a patch, or says why it cannot be applied (nothing changes then). */
  configure(patch: unknown): PatchResult;
  /** Sends a file's bytes (through the shared --bandwidth when one is set). */
  sendFile?(res: ServerResponse, reply: Reply, method: string): Promise<void>;
}

/** Everything under /__sim/: output files, the admin view and runtime configuration. */
export async function serveSim(
  ctx: SimContext,
  raw: RawRequest,
  res: ServerResponse,
  tools: AdminTools,
): Promise<void> {
  const file = /^\/__sim\/files\/([^/]+)\.mp4$/.exec(raw.path);
  if (file && (raw.method === "GET" || raw.method === "HEAD")) {
    const range = typeof raw.headers.range === "string" ? raw.headers.range : undefined;
    const reply = handleFile(ctx, decodeURIComponent(file[1] ?? ""), range);
    const entry = logRequest(ctx, raw, reply);
    res.once("close", () => {
      if (!res.writableFinished) entry.cut_off = true;
    });
    return tools.sendFile ? tools.sendFile(res, reply, raw.method) : send(res, reply, raw.method);
  }
  if (raw.path === "/__sim/state" && raw.method === "GET")
    return send(res, { status: 200, body: tools.state(), outcome: "state" }, raw.method);
  if (raw.path === "/__sim/config" && raw.method === "POST")
    return send(res, updateConfig(raw.body, tools), raw.method);
  send(
    res,
    gatewayError(404, "not_found", `No simulator endpoint ${raw.method} ${raw.path}`, "invalid_request_error"),
    raw.method,
  );
}

function updateConfig(body: string, tools: AdminTools): Reply {
  let patch: unknown;
  try {
    patch = JSON.parse(body || "{}");
  } catch (error) {
    return gatewayError(
      400,
      "invalid_config",
      error instanceof Error ? error.message : String(error),
      "invalid_request_error",
    );
  }
  const result = tools.configure(patch);
  if (!result.ok) return gatewayError(400, "invalid_config", result.error, "invalid_request_error");
  return { status: 200, body: { config: result.config }, outcome: "configured" };
}
