// Every setting's environment level, resolved once per run (CommandContext.settings, issue 25), and the one
// resolver layering a command's flags over it.
import { describe, expect, it } from "vitest";
import { resolveApiConfig } from "../../src/config/api.js";
import { resolveCommandSettings, settingsOf } from "../../src/config/command-settings.js";
import { chooseProvider } from "../../src/config/provider-choice.js";
import {
  envSetting,
  PARALLELISM,
  RATE,
  resolveSetting,
  settingText,
  settingValue,
  STATUS_RATE,
  TENCENT_SUBAPP_ID,
} from "../../src/config/settings.js";
import { resolvePullLimits } from "../../src/pull/limits.js";
import { accountOf } from "../../src/state/shared-budget.js";
import { resolveStateSettings } from "../../src/state/settings.js";

describe("a flag over the resolved environment level", () => {
  it("takes the flag, else the resolved variable, else the manifest, else the default, and says which", () => {
    const settings = resolveCommandSettings({ REELFORM_RATE: "7" });
    expect(resolveSetting(RATE, { flag: 3, env: settings, manifest: 5 })).toEqual({ value: 3, source: "--rate" });
    expect(resolveSetting(RATE, { env: settings, manifest: 5 })).toEqual({ value: 7, source: "REELFORM_RATE" });
    expect(resolveSetting(PARALLELISM, { env: settings, manifest: 2 })).toEqual({ value: 2, source: "the manifest" });
    expect(settingValue(PARALLELISM, { env: settings })).toBe(8);
  });

  it("does not parse a variable that a flag overrides: a malformed one is then harmless", () => {
    const settings = resolveCommandSettings({ REELFORM_STATUS_RATE: "fast", REELFORM_PULL_MAX_FILE_SIZE: "huge" });
    expect(settingValue(STATUS_RATE, { flag: 5, env: settings })).toBe(5);
    expect(resolvePullLimits({ maxFileSize: "1KiB", fileTimeout: "2s" }, settings)).toEqual({
      maxFileBytes: 1024,
      fileTimeoutMs: 2000,
    });
    expect(chooseProvider({ flag: "tencent", env: resolveCommandSettings({ REELFORM_PROVIDER: "aws" }) })).toEqual({
      name: "tencent",
      source: "--provider",
    });
  });
});

describe("a malformed variable fails only what reads it", () => {
  const env = { REELFORM_RATE: "fast", REELFORM_STATE: "mysql://u:hunter2@h/db", REELFORM_PARALLELISM: "4" };

  it("is not read when the settings are resolved, nor when another setting is read", () => {
    const settings = resolveCommandSettings(env);
    expect(settings.value(PARALLELISM)).toBe(4);
    expect(settingValue(STATUS_RATE, { env: settings })).toBe(100);
  });

  it("fails a reader with the same message as the environment's own reading, each time it is asked", () => {
    const settings = resolveCommandSettings(env);
    const direct = (): unknown => envSetting(env, RATE);
    expect(direct).toThrow('REELFORM_RATE must be a number of at least 0, got "fast"');
    for (let i = 0; i < 2; i++) {
      expect(() => settingValue(RATE, { env: settings })).toThrow(
        'REELFORM_RATE must be a number of at least 0, got "fast"',
      );
    }
    expect(() => resolveStateSettings(settings)).toThrow(
      "REELFORM_STATE (or --state) names a mysql URL; only postgres:// (PostgreSQL) and `file` are supported",
    );
    expect(settings.value(PARALLELISM)).toBe(4);
  });

  it("names a missing key as before, and never shows a secret", () => {
    const settings = resolveCommandSettings({ REELFORM_TIMEOUT: "5000" });
    expect(() => resolveApiConfig(settings)).toThrow(
      "REELFORM_API_KEY is not set: export it (or put it in a file given with --dotenv)",
    );
    const config = resolveApiConfig(resolveCommandSettings({ REELFORM_API_KEY: " k ", REELFORM_TIMEOUT: "5000" }));
    expect(config).toMatchObject({ apiKey: "k", timeoutMs: 5000, baseUrl: "https://www.kkiai.com" });
  });
});

describe("resolved once", () => {
  it("reads each variable on first use only: a later change of the environment changes nothing", () => {
    const env: Record<string, string | undefined> = { REELFORM_RATE: "3" };
    const settings = resolveCommandSettings(env);
    expect(settingValue(RATE, { env: settings })).toBe(3);
    env.REELFORM_RATE = "9";
    env.REELFORM_PARALLELISM = "2";
    expect(settingValue(RATE, { env: settings })).toBe(3);
    expect(settingValue(PARALLELISM, { env: settings })).toBe(2); // not read before: read now
  });

  it("hashes an account from the variables' text, as from the environment (ids unchanged)", () => {
    const env = {
      TENCENTCLOUD_SECRET_ID: " id ",
      TENCENTCLOUD_VOD_SUBAPP_ID: "007",
      REELFORM_API_KEY: "k",
      REELFORM_BASE_URL: "http://127.0.0.1:8787/",
    };
    const settings = resolveCommandSettings(env);
    expect(settingText(settings, TENCENT_SUBAPP_ID)).toBe("007");
    expect(accountOf(settings, "tencent")).toBe(accountOf(env, "tencent"));
    expect(accountOf(settings, "gateway")).toBe(accountOf(env, "gateway"));
  });

  it("fills in a hand-built context's settings once, from its env", () => {
    const ctx = { env: { REELFORM_RATE: "3" } };
    const first = settingsOf(ctx);
    expect(settingsOf(ctx)).toBe(first);
    expect(settingValue(RATE, { env: first })).toBe(3);
  });
});
