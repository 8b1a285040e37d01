// A Tencent error code is the API's text: `constructor` or `__proto__` must find no configuration hint (the
// hints were a plain object, so these codes read Object.prototype's members and wrote them into the message).
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { TencentConfig } from "../../src/provider/tencent/config.js";
import { tencentProvider } from "../../src/provider/tencent/provider.js";

const ENDPOINT = "https://vod.tencentcloudapi.com";
const config: TencentConfig = {
  secretId: "AKIDhintTestSecretId",
  secretKey: "hintTestSecretKey",
  region: "ap-guangzhou",
  protocol: "https:",
  host: "vod.tencentcloudapi.com",
  timeoutMs: 1_000,
};
const body = { model_name: "Kling", model_version: "2.1", prompt: "a cat", session_id: "rf1-hint" };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe("configuration hints by error code", () => {
  it.each(["constructor", "__proto__", "toString"])("a refusal coded %s keeps the API's own message", async (code) => {
    nock(ENDPOINT)
      .post("/")
      .reply(200, { Response: { Error: { Code: code, Message: "the API's words" }, RequestId: "req-h" } });
    expect(await tencentProvider(config).create(body, new AbortController().signal)).toEqual({
      kind: "rejected",
      error: { code, message: "the API's words", http_status: 200, request_id: "req-h" },
    });
  });
});
