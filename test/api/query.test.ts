import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { queryTask } from "../../src/api/query.js";
import type { ApiConfig } from "../../src/api/types.js";
import { detail, finished } from "../status/helpers/fakes.js";

const BASE = "https://gateway.example.com";
const config: ApiConfig = { baseUrl: BASE, apiKey: "sk-secret", timeoutMs: 2000, userAgent: "reelform-test" };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe("queryTask", () => {
  it("GETs the URL-encoded task id with Bearer auth and reads the task", async () => {
    const scope = nock(BASE, { reqheaders: { authorization: "Bearer sk-secret" } })
      .get("/tencent-vod/v1/query/1500-AigcVideoTask-ab%2Fc%23d")
      .reply(200, finished());
    const outcome = await queryTask(config, "1500-AigcVideoTask-ab/c#d");
    expect(outcome).toMatchObject({ kind: "ok", requestId: "req-1", task: { state: "succeeded" } });
    scope.done();
  });

  it("a Tencent error inside an HTTP 200 is not a task: RequestLimitExceeded is retryable", async () => {
    nock(BASE)
      .get(/query/)
      .reply(200, { Response: { Error: { Code: "RequestLimitExceeded", Message: "slow down" }, RequestId: "r" } });
    expect(await queryTask(config, "t1")).toMatchObject({ kind: "retryable", error: { code: "RequestLimitExceeded" } });
  });

  it("429 with Retry-After is retryable and carries the delay", async () => {
    nock(BASE)
      .get(/query/)
      .reply(
        429,
        { error: { message: "rate limited", type: "rate_limit", code: "rate_limited" } },
        { "Retry-After": "3" },
      );
    expect(await queryTask(config, "t1")).toMatchObject({ kind: "retryable", retryAfterMs: 3000 });
  });

  it("a 5xx in the task-relay shape is retryable", async () => {
    nock(BASE).get(/query/).reply(502, { code: "upstream_error", message: "bad gateway", data: null });
    expect(await queryTask(config, "t1")).toMatchObject({
      kind: "retryable",
      error: { code: "upstream_error", http_status: 502 },
    });
  });

  it("the API's own 'no such task' is not_found (404 or 200); a 404 that says nothing of the task is a wrong REELFORM_BASE_URL", async () => {
    nock(BASE)
      .get(/query/)
      .reply(404, { error: { code: "task_not_exist", message: "no such task" } });
    expect((await queryTask(config, "t1")).kind).toBe("not_found");
    nock(BASE).get(/query/).reply(404, "no such task");
    expect(await queryTask(config, "t1")).toMatchObject({
      kind: "fatal",
      error: {
        code: "ConfigurationError",
        message: expect.stringMatching(/REELFORM_BASE_URL \(now https:\/\/gateway\.example\.com\)/),
      },
    });
    nock(BASE)
      .get(/query/)
      .reply(200, { Response: { Error: { Code: "ResourceNotFound.TaskNotExist", Message: "gone" } } });
    expect((await queryTask(config, "t1")).kind).toBe("not_found");
  });

  it("401 is fatal and the message never contains the key", async () => {
    nock(BASE)
      .get(/query/)
      .reply(401, { error: { message: "invalid token", type: "auth" } });
    const outcome = await queryTask(config, "t1");
    expect(outcome.kind).toBe("fatal");
    expect(JSON.stringify(outcome)).not.toContain("sk-secret");
  });

  it("a connection failure is retryable", async () => {
    nock(BASE).get(/query/).replyWithError({ code: "ECONNRESET", message: "socket hang up" });
    expect(await queryTask(config, "t1")).toMatchObject({ kind: "retryable", error: { code: "NetworkError" } });
  });

  it("odd answers still parse: missing fields and an unknown status", async () => {
    nock(BASE).get(/query/).reply(200, detail("QUEUED"));
    expect(await queryTask(config, "t1")).toMatchObject({
      kind: "ok",
      task: { state: "unknown", api_status: "QUEUED" },
    });
  });
});

describe("a query's API error codes are classified as a create's (issue 23)", async () => {
  const { classifyQueryError } = await import("../../src/api/query.js");
  const { classifyApiError } = await import("../../src/api/classify.js");
  it.each([
    "ResourceInsufficient",
    "ResourceInsufficient.Model",
    "TaskTimeout",
    "RequestLimitExceeded",
    "InternalError",
    "FailedOperation",
  ])("%s: worth another attempt on both", (code) => {
    expect(classifyQueryError({ code, message: "m" }).kind).toBe("retryable");
    expect(classifyApiError({ code, message: "m" })).toBe("retryable");
  });
  it.each(["InvalidParameter", "FailedOperation.Other", "UnauthorizedOperation"])(
    "%s: not retried by either",
    (code) => {
      expect(classifyQueryError({ code, message: "m" }).kind).not.toBe("retryable");
      expect(classifyApiError({ code, message: "m" })).not.toBe("retryable");
    },
  );
});
