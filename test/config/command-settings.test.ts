// The environment-level settings a command receives in its context (CommandContext.settings, issue 25).
import { describe, expect, it } from "vitest";
import { resolveCommandSettings, settingsOf } from "../../src/config/command-settings.js";

describe("resolveCommandSettings", () => {
  it("keeps an empty REELFORM_REVIEWER as a value, and takes LOGNAME when USER is unset", () => {
    const settings = resolveCommandSettings({ REELFORM_REVIEWER: "", LOGNAME: "ana" });
    expect(settings.reviewer).toBe("");
    expect(settings.login).toBe("ana");
    expect(resolveCommandSettings({ USER: " bo ", LOGNAME: "ana" }).login).toBe("bo");
  });

  it("gives Tencent credentials only when both halves are set (trimmed)", () => {
    expect(resolveCommandSettings({ TENCENTCLOUD_SECRET_ID: "id" }).tencentCredentials).toBeUndefined();
    expect(
      resolveCommandSettings({ TENCENTCLOUD_SECRET_ID: " id ", TENCENTCLOUD_SECRET_KEY: "key" }).tencentCredentials,
    ).toEqual({ secretId: "id", secretKey: "key" });
  });

  it("reads each variable once, on first use: a later change of the environment does not change it", () => {
    const env: Record<string, string | undefined> = {};
    const settings = resolveCommandSettings(env);
    env.REELFORM_REVIEWER = "first";
    expect(settings.reviewer).toBe("first");
    env.REELFORM_REVIEWER = "second";
    expect(settings.reviewer).toBe("first");
  });

  it("uses the context's settings when it has them, and its env otherwise", () => {
    const resolved = resolveCommandSettings({ REELFORM_REVIEWER: "from-cli" });
    expect(settingsOf({ env: { REELFORM_REVIEWER: "other" }, settings: resolved }).reviewer).toBe("from-cli");
    expect(settingsOf({ env: { REELFORM_REVIEWER: "other" } }).reviewer).toBe("other");
  });
});
