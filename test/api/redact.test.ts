import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { sendJson } from "../../src/api/http.js";

const KEY = "sk-very-secret-key-123";
const config = { baseUrl: "https://gw.example", apiKey: KEY, timeoutMs: 2000, userAgent: "reelform-test" };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe("an API that echoes the key back", () => {
  it("never lets the key into the answer reelform keeps", async () => {
    nock("https://gw.example")
      .post("/tencent-vod/v1/aigc-video")
      .reply(401, { error: { message: `invalid token ${KEY}`, type: "new_api_error", code: "invalid_api_key" } });
    const result = await sendJson(config, "POST", "/tencent-vod/v1/aigc-video", { prompt: "x" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.text).not.toContain(KEY);
    expect(JSON.stringify(result.body)).toContain("invalid token [redacted]");
  });
});
