import type { ApiErrorRecord } from "../lockfile/types.js";

/**
 * The error in an API answer, whatever its shape (docs/api.md "Errors: three shapes"), or null:
 * 1. Tencent style, usually HTTP 200: {"Response": {"Error": {"Code", "Message"}, "RequestId"}}
 * 2. Gateway style (new-api family): {"error": {"message", "type", "code"}}
 * 3. Task-relay style: {"code", "message", "data"}
 * A non-2xx answer with none of these still yields an error ("HTTP <status>").
 */
export function extractApiError(status: number, body: unknown, text: string): ApiErrorRecord | null {
  const record = asRecord(body);
  const response = asRecord(record?.Response);
  const tencent = asRecord(response?.Error);
  if (tencent) {
    return withStatus(status, {
      code: stringOr(tencent.Code, "UnknownError"),
      message: stringOr(tencent.Message, ""),
      request_id: typeof response?.RequestId === "string" ? response.RequestId : undefined,
    });
  }
  const gateway = asRecord(record?.error);
  if (gateway) {
    const code = gateway.code ?? gateway.type;
    return withStatus(status, { code: stringOr(code, `HTTP${status}`), message: stringOr(gateway.message, "") });
  }
  if (status >= 200 && status < 300) return null;
  if (record && (typeof record.code === "string" || typeof record.code === "number")) {
    return withStatus(status, { code: String(record.code), message: stringOr(record.message, "") });
  }
  return withStatus(status, { code: `HTTP${status}`, message: text.slice(0, 200).trim() });
}

/** The body is in one of the API's three error shapes (not a proxy's page or some other server's answer). */
export function hasApiErrorShape(body: unknown): boolean {
  const record = asRecord(body);
  if (!record) return false;
  if (asRecord(asRecord(record.Response)?.Error) || asRecord(record.error)) return true;
  return typeof record.code === "string" || typeof record.code === "number";
}

function withStatus(status: number, error: ApiErrorRecord): ApiErrorRecord {
  const out: ApiErrorRecord = { code: error.code, message: error.message, http_status: status };
  if (error.request_id) out.request_id = error.request_id;
  return out;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : fallback;
}
