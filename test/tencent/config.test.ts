import { describe, expect, it } from "vitest";
import { resolveTencentConfig } from "../../src/provider/tencent/config.js";

const base = { TENCENTCLOUD_SECRET_ID: "AKIDid", TENCENTCLOUD_SECRET_KEY: "key-value-secret" };

describe("resolveTencentConfig", () => {
  it("defaults to vod.tencentcloudapi.com over https in ap-guangzhou, without a SubAppId", () => {
    expect(resolveTencentConfig(base)).toEqual({
      secretId: "AKIDid",
      secretKey: "key-value-secret",
      region: "ap-guangzhou",
      protocol: "https:",
      host: "vod.tencentcloudapi.com",
      timeoutMs: 60_000,
    });
  });

  it("reads the region, token, endpoint, timeout and SubAppId (the environment's over the manifest's)", () => {
    const env = {
      ...base,
      TENCENTCLOUD_REGION: "ap-singapore",
      TENCENTCLOUD_SESSION_TOKEN: "tok",
      REELFORM_TENCENT_ENDPOINT: "http://127.0.0.1:8787",
      REELFORM_TIMEOUT: "5000",
      TENCENTCLOUD_VOD_SUBAPP_ID: "1500000001",
    };
    expect(resolveTencentConfig(env, 7)).toMatchObject({
      region: "ap-singapore",
      sessionToken: "tok",
      protocol: "http:",
      host: "127.0.0.1:8787",
      timeoutMs: 5000,
      subAppId: 1500000001,
    });
    expect(resolveTencentConfig(base, 7).subAppId).toBe(7);
  });

  it.each([
    [{ TENCENTCLOUD_SECRET_KEY: "k" }, "TENCENTCLOUD_SECRET_ID is not set"],
    [{ TENCENTCLOUD_SECRET_ID: "i" }, "TENCENTCLOUD_SECRET_KEY is not set"],
    [{ ...base, REELFORM_TENCENT_ENDPOINT: "http://vod.example.com" }, "REELFORM_TENCENT_ENDPOINT must use https"],
    [
      { ...base, REELFORM_TENCENT_ENDPOINT: "https://vod.example.com/path" },
      "REELFORM_TENCENT_ENDPOINT must be a bare origin",
    ],
    [
      { ...base, REELFORM_TENCENT_ENDPOINT: "http://user:pw@127.0.0.1" },
      "REELFORM_TENCENT_ENDPOINT must not carry user:password@",
    ],
    [{ ...base, TENCENTCLOUD_VOD_SUBAPP_ID: "abc" }, "TENCENTCLOUD_VOD_SUBAPP_ID must be a positive whole number"],
  ])("names the setting at fault, never a secret's value (%j)", (env, message) => {
    let thrown: unknown;
    try {
      resolveTencentConfig(env);
    } catch (error) {
      thrown = error;
    }
    expect(String((thrown as Error).message)).toContain(message);
    expect(String((thrown as Error).message)).not.toContain("key-value-secret");
  });
});
