import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CREATE_PATH, createTask } from "../../src/api/create.js";
import type { ApiConfig } from "../../src/api/types.js";

const BASE = "https://api.example.test";
const KEY = "sk-test-secret-123";
const config: ApiConfig = { baseUrl: BASE, apiKey: KEY, timeoutMs: 2_000, userAgent: "reelform/9.9.9 (+test)" };
const body = { model_name: "Kling", model_version: "2.1", prompt: "a cat", session_id: "rf1-abc" };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function reply(status: number, json: unknown, headers: Record<string, string> = {}) {
  nock(BASE)
    .post(CREATE_PATH)
    .reply(status, json as nock.Body, headers);
}

describe("createTask sends", () => {
  it("the body as JSON with Bearer auth, a reelform User-Agent and a JSON content type", async () => {
    const scope = nock(BASE, {
      reqheaders: {
        authorization: `Bearer ${KEY}`,
        "user-agent": /^reelform\/9\.9\.9/,
        "content-type": "application/json",
      },
    })
      .post(CREATE_PATH, body)
      .reply(200, { Response: { TaskId: "1-AigcVideoTask-abc", RequestId: "req-1" } });
    const outcome = await createTask(config, body);
    expect(outcome).toEqual({ kind: "created", taskId: "1-AigcVideoTask-abc", requestId: "req-1" });
    scope.done();
  });
});

describe("createTask classifies", () => {
  it("a 200 without TaskId as retryable and maybe created (not a success)", async () => {
    reply(200, { Response: { RequestId: "r" } });
    expect(await createTask(config, body)).toMatchObject({
      kind: "retryable",
      maybeCreated: true,
      error: { code: "MalformedResponse" },
    });
  });

  it("a 200 with both TaskId and Error as the error", async () => {
    reply(200, { Response: { TaskId: "t", Error: { Code: "InvalidParameter", Message: "bad" }, RequestId: "r" } });
    expect(await createTask(config, body)).toMatchObject({
      kind: "rejected",
      error: { code: "InvalidParameter", request_id: "r" },
    });
  });

  it.each([
    ["InvalidParameterValue.Prompt", "rejected"],
    ["InvalidParameter", "rejected"],
    ["MissingParameter", "rejected"],
    ["LimitExceeded.Quota", "fatal"],
    ["UnauthorizedOperation", "fatal"],
    ["FailedOperation.InvalidVodUser", "fatal"],
    ["InvalidParameterValue.SessionIdTooLong", "rejected"],
    ["RequestLimitExceeded", "retryable"],
    ["RequestLimitExceeded.UinLimitExceeded", "retryable"],
    ["InternalError", "retryable"],
    ["FailedOperation", "retryable"],
    ["AuthFailure.SecretIdNotFound", "fatal"],
    ["InvalidParameterValue.SessionId", "duplicate"],
    ["FailedOperation.TaskDuplicate", "duplicate"],
    ["SomethingNobodyDocumented", "rejected"],
  ])("Tencent-style %s on HTTP 200 as %s", async (code, kind) => {
    reply(200, { Response: { Error: { Code: code, Message: "m" }, RequestId: "r" } });
    expect((await createTask(config, body)).kind).toBe(kind);
  });

  it("a generic InvalidParameterValue saying the session id was used as duplicate", async () => {
    reply(200, { Response: { Error: { Code: "InvalidParameterValue", Message: "SessionId repeated within 3 days" } } });
    expect((await createTask(config, body)).kind).toBe("duplicate");
  });

  it("gateway 401 and 403 (quota) as fatal", async () => {
    reply(401, { error: { message: "invalid token", type: "new_api_error", code: "invalid_api_key" } });
    expect(await createTask(config, body)).toMatchObject({
      kind: "fatal",
      error: { code: "invalid_api_key", http_status: 401 },
    });
    reply(403, { error: { message: "quota", type: "new_api_error", code: "insufficient_user_quota" } });
    expect(await createTask(config, body)).toMatchObject({ kind: "fatal", error: { code: "insufficient_user_quota" } });
  });

  it("a 429 with Retry-After in seconds as retryable, not created", async () => {
    reply(429, { error: { message: "slow down", type: "rate_limit", code: "rate_limited" } }, { "Retry-After": "3" });
    expect(await createTask(config, body)).toMatchObject({
      kind: "retryable",
      retryAfterMs: 3000,
      maybeCreated: false,
    });
  });

  it("a 503 with Retry-After as an HTTP date", async () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    reply(503, "upstream unavailable", { "Retry-After": "Thu, 01 Jan 2026 00:00:05 GMT" });
    const outcome = await createTask(config, body, { now: () => now });
    expect(outcome).toMatchObject({
      kind: "retryable",
      retryAfterMs: 5000,
      maybeCreated: true,
      error: { code: "HTTP503" },
    });
  });

  it("a task-relay style 500 as retryable and maybe created", async () => {
    reply(500, { code: "upstream_error", message: "boom", data: null });
    expect(await createTask(config, body)).toMatchObject({
      kind: "retryable",
      maybeCreated: true,
      error: { code: "upstream_error" },
    });
  });

  it("a task-relay style 400 as rejected", async () => {
    reply(400, { code: "invalid_request", message: "prompt missing", data: null });
    expect(await createTask(config, body)).toMatchObject({
      kind: "rejected",
      error: { code: "invalid_request", message: "prompt missing" },
    });
  });

  it("a connection reset after sending as retryable and maybe created", async () => {
    nock(BASE).post(CREATE_PATH).replyWithError({ code: "ECONNRESET", message: "socket hang up" });
    expect(await createTask(config, body)).toMatchObject({
      kind: "retryable",
      maybeCreated: true,
      error: { code: "NetworkError" },
    });
  });

  it("a refused connection as retryable and certainly not created", async () => {
    nock(BASE).post(CREATE_PATH).replyWithError({ code: "ECONNREFUSED", message: "connect ECONNREFUSED" });
    expect(await createTask(config, body)).toMatchObject({ kind: "retryable", maybeCreated: false });
  });

  it("no answer within the timeout as retryable and maybe created", async () => {
    nock(BASE)
      .post(CREATE_PATH)
      .delay(500)
      .reply(200, { Response: { TaskId: "late" } });
    const outcome = await createTask({ ...config, timeoutMs: 50 }, body);
    expect(outcome).toMatchObject({ kind: "retryable", maybeCreated: true, error: { code: "Timeout" } });
  });

  it("never puts the API key in an error", async () => {
    nock(BASE).post(CREATE_PATH).replyWithError({ code: "ECONNRESET", message: "reset" });
    const outcome = await createTask(config, body);
    expect(JSON.stringify(outcome)).not.toContain(KEY);
  });
});
