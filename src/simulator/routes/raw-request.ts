// A request as the simulator's server received it, shared by the routers (api.ts routes to tencent.ts, which
// must not import its router back).
import type { IncomingHttpHeaders } from "node:http";

export interface RawRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, once (routing and the request log both need it). */
  json?: JsonBody;
}

export type JsonBody = { ok: true; value: unknown } | { ok: false };

/** The request body as JSON, parsed on first use and kept on the request. */
export function bodyJson(raw: RawRequest): JsonBody {
  if (!raw.json) {
    try {
      raw.json = { ok: true, value: JSON.parse(raw.body) };
    } catch {
      raw.json = { ok: false };
    }
  }
  return raw.json;
}
