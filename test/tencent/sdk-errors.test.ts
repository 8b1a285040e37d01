// Every class of answer, through the official SDK (which nock intercepts below its signing): created,
// rejected, retryable (maybe created or not), stop the run, duplicate session, HTTP errors, refused
// connections, timeouts and aborts; queries and DescribeTasks paging. No secret ever reaches a record.
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TencentConfig } from "../../src/provider/tencent/config.js";
import { tencentProvider } from "../../src/provider/tencent/provider.js";

const ENDPOINT = "https://vod.tencentcloudapi.com";
const SECRET_KEY = "sdkTestSecretKey-DO-NOT-PRINT";
const config: TencentConfig = {
  secretId: "AKIDsdkTestSecretId",
  secretKey: SECRET_KEY,
  region: "ap-guangzhou",
  protocol: "https:",
  host: "vod.tencentcloudapi.com",
  subAppId: 1500000001,
  timeoutMs: 1_000,
};
const provider = tencentProvider(config);
const body = { model_name: "Kling", model_version: "2.1", prompt: "a cat", session_id: "rf1-abc" };
const signal = new AbortController().signal;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function answer(action: string, status: number, json: unknown) {
  return nock(ENDPOINT, {
    reqheaders: { "x-tc-action": action, "x-tc-version": "2018-07-17", "x-tc-region": "ap-guangzhou" },
  })
    .post("/")
    .reply(status, json as nock.Body);
}

const tencentError = (code: string, message = "msg") => ({
  Response: { Error: { Code: code, Message: message }, RequestId: "req-err" },
});

describe("CreateAigcVideoTask through the SDK", () => {
  it("sends a TC3-signed PascalCase body with SubAppId and records TaskId and RequestId", async () => {
    let sent: Record<string, unknown> = {};
    const scope = nock(ENDPOINT, {
      reqheaders: {
        authorization:
          /^TC3-HMAC-SHA256 Credential=AKIDsdkTestSecretId\/\d{4}-\d{2}-\d{2}\/vod\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/,
      },
    })
      .post("/", (b: Record<string, unknown>) => ((sent = b), true))
      .reply(200, { Response: { TaskId: "1500000001-AigcVideoTask-abc", RequestId: "req-1" } });
    expect(await provider.create(body, signal)).toEqual({
      kind: "created",
      taskId: "1500000001-AigcVideoTask-abc",
      requestId: "req-1",
    });
    expect(sent).toEqual({
      ModelName: "Kling",
      ModelVersion: "2.1",
      Prompt: "a cat",
      SessionId: "rf1-abc",
      SubAppId: 1500000001,
    });
    scope.done();
  });

  it.each([
    ["InvalidParameterValue.ModelVersion", "rejected"],
    ["MissingParameter", "rejected"],
    ["InvalidParameterValue.SessionId", "duplicate"],
    ["FailedOperation.TaskDuplicate", "duplicate"],
    ["AuthFailure.SignatureFailure", "fatal"],
    ["AuthFailure.SecretIdNotFound", "fatal"],
  ])("classifies %s as %s, keeping the code and RequestId", async (code, kind) => {
    answer("CreateAigcVideoTask", 200, tencentError(code));
    expect(await provider.create(body, signal)).toMatchObject({
      kind,
      error: { code, request_id: "req-err", http_status: 200 },
    });
  });

  it("retries InternalError as maybe created, and RequestLimitExceeded as refused at the door", async () => {
    answer("CreateAigcVideoTask", 200, tencentError("InternalError"));
    expect(await provider.create(body, signal)).toMatchObject({
      kind: "retryable",
      maybeCreated: true,
      error: { code: "InternalError" },
    });
    answer("CreateAigcVideoTask", 200, tencentError("RequestLimitExceeded"));
    expect(await provider.create(body, signal)).toMatchObject({
      kind: "retryable",
      maybeCreated: false,
      error: { code: "RequestLimitExceeded" },
    });
  });

  it("names the setting to fix for signature refusals (a configuration error), never its value", async () => {
    answer("CreateAigcVideoTask", 200, tencentError("AuthFailure.SignatureFailure", `bad signature for ${SECRET_KEY}`));
    const outcome = await provider.create(body, signal);
    expect(outcome).toMatchObject({ kind: "fatal" });
    const message = outcome.kind === "fatal" ? outcome.error.message : "";
    expect(message).toContain("configuration error: TENCENTCLOUD_SECRET_KEY does not match TENCENTCLOUD_SECRET_ID");
    expect(message).not.toContain(SECRET_KEY);
  });

  it("treats HTTP 5xx and 429 as retryable, 401/403 as stopping the run", async () => {
    answer("CreateAigcVideoTask", 502, "bad gateway");
    expect(await provider.create(body, signal)).toMatchObject({
      kind: "retryable",
      maybeCreated: true,
      error: { code: "HTTP502", http_status: 502 },
    });
    answer("CreateAigcVideoTask", 429, "slow down");
    expect(await provider.create(body, signal)).toMatchObject({
      kind: "retryable",
      maybeCreated: false,
      error: { http_status: 429 },
    });
    answer("CreateAigcVideoTask", 403, "forbidden");
    expect(await provider.create(body, signal)).toMatchObject({ kind: "fatal", error: { http_status: 403 } });
  });

  it("a 200 without TaskId is retryable and maybe created (not a success)", async () => {
    answer("CreateAigcVideoTask", 200, { Response: { RequestId: "r" } });
    expect(await provider.create(body, signal)).toMatchObject({
      kind: "retryable",
      maybeCreated: true,
      error: { code: "MalformedResponse" },
    });
  });

  it("times out after REELFORM_TIMEOUT (the SDK's reqTimeout) as maybe created", async () => {
    nock(ENDPOINT)
      .post("/")
      .delay(3_000)
      .reply(200, { Response: { TaskId: "late", RequestId: "r" } });
    expect(await provider.create(body, signal)).toMatchObject({
      kind: "retryable",
      maybeCreated: true,
      error: { code: "Timeout" },
    });
  });

  it("an abort (second Ctrl-C) ends the request at once as aborted, maybe created", async () => {
    nock(ENDPOINT)
      .post("/")
      .delay(3_000)
      .reply(200, { Response: { TaskId: "late", RequestId: "r" } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await provider.create(body, controller.signal)).toMatchObject({
      kind: "retryable",
      maybeCreated: true,
      error: { code: "Aborted" },
    });
  });

  it("refuses a field with no Tencent name before sending anything", async () => {
    expect(await provider.create({ ...body, output_config: { resolutoin: "720P" } }, signal)).toMatchObject({
      kind: "rejected",
      error: { code: "UnknownParameter", message: expect.stringContaining("output_config.resolutoin") },
    });
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe("DescribeTaskDetail through the SDK", () => {
  it("reads the task as the gateway's query does", async () => {
    answer("DescribeTaskDetail", 200, {
      Response: {
        TaskType: "AigcVideoTask",
        Status: "FINISH",
        RequestId: "q-1",
        AigcVideoTask: {
          TaskId: "t-1",
          Status: "FINISH",
          Progress: 100,
          ErrCode: 0,
          ErrCodeExt: "",
          Message: "",
          Output: { FileInfos: [{ FileUrl: "https://cdn.example/t-1.mp4" }] },
        },
      },
    });
    expect(await provider.query("t-1")).toMatchObject({
      kind: "ok",
      requestId: "q-1",
      task: { state: "succeeded", outputs: [{ url: "https://cdn.example/t-1.mp4" }] },
    });
  });

  it("ResourceNotFound is not_found; AuthFailure stops the pass; InternalError is retried", async () => {
    answer("DescribeTaskDetail", 200, tencentError("ResourceNotFound"));
    expect(await provider.query("t-1")).toMatchObject({ kind: "not_found" });
    answer("DescribeTaskDetail", 200, tencentError("AuthFailure.SecretIdNotFound"));
    expect(await provider.query("t-1")).toMatchObject({
      kind: "fatal",
      error: { message: expect.stringContaining("TENCENTCLOUD_SECRET_ID") },
    });
    answer("DescribeTaskDetail", 200, tencentError("InternalError"));
    expect(await provider.query("t-1")).toMatchObject({ kind: "retryable" });
  });
});

describe("findBySessions (DescribeTasks)", () => {
  const lookup = {
    sessionIds: new Set(["s-2", "s-9"]),
    after: Date.parse("2026-11-30T00:00:00Z"),
    before: Date.parse("2026-11-30T12:00:00Z"),
  };

  it("pages with ScrollToken over the CreateTime range and matches by SessionId", async () => {
    const requests: Record<string, unknown>[] = [];
    nock(ENDPOINT, { reqheaders: { "x-tc-action": "DescribeTasks" } })
      .post("/", (b: Record<string, unknown>) => (requests.push(b), true))
      .reply(200, {
        Response: {
          TaskSet: [
            { TaskId: "t-1", SessionId: "s-1" },
            { TaskId: "t-2", SessionId: "s-2" },
          ],
          ScrollToken: "page-2",
          RequestId: "r1",
        },
      })
      .post("/", (b: Record<string, unknown>) => (requests.push(b), true))
      .reply(200, { Response: { TaskSet: [{ TaskId: "t-3", SessionId: "s-3" }], ScrollToken: "", RequestId: "r2" } });
    const outcome = await provider.findBySessions!(lookup);
    expect(outcome).toEqual({ ok: true, found: new Map([["s-2", "t-2"]]), pages: 2 });
    expect(requests[0]).toEqual({
      CreateTime: { After: "2026-11-30T00:00:00Z", Before: "2026-11-30T12:00:00Z" },
      Limit: 100,
      SubAppId: 1500000001,
    });
    expect(requests[1]).toMatchObject({ ScrollToken: "page-2" });
  });

  it("reports a failed lookup, saying whether it is worth retrying", async () => {
    answer("DescribeTasks", 200, tencentError("InternalError"));
    expect(await provider.findBySessions!(lookup)).toMatchObject({
      ok: false,
      retryable: true,
      error: { code: "InternalError" },
    });
    answer("DescribeTasks", 200, tencentError("AuthFailure.SignatureFailure"));
    expect(await provider.findBySessions!(lookup)).toMatchObject({ ok: false, retryable: false });
  });
});
