// The one settings resolver: flag > environment > manifest > default, one reading of a variable (trimmed, empty
// = unset), one error shape naming the setting and what it accepts, and never a secret's value.
import { describe, expect, it } from "vitest";
import {
  API_KEY,
  envSetting,
  NO_COLOR,
  PGPASSWORD,
  PROVIDER,
  PULL_FILE_TIMEOUT,
  RATE,
  resolveSetting,
  REVIEWER,
  settingText,
  TENCENT_SUBAPP_ID,
} from "../../src/config/settings.js";
import { UserError } from "../../src/errors.js";

describe("resolveSetting", () => {
  it("takes the flag, else the variable, else the manifest, else the default, and says which", () => {
    const env = { REELFORM_RATE: "7" };
    expect(resolveSetting(RATE, { flag: 3, env, manifest: 5 })).toEqual({ value: 3, source: "--rate" });
    expect(resolveSetting(RATE, { env, manifest: 5 })).toEqual({ value: 7, source: "REELFORM_RATE" });
    expect(resolveSetting(RATE, { env: {}, manifest: 5 })).toEqual({ value: 5, source: "the manifest" });
    expect(resolveSetting(RATE, { env: {} })).toEqual({ value: 20, source: "the default" });
    expect(resolveSetting(TENCENT_SUBAPP_ID, { env: {} })).toBeUndefined();
  });

  it("does not read a variable that a flag overrides (docs/commands.md: a value overridden is not read)", () => {
    expect(resolveSetting(RATE, { flag: 3, env: { REELFORM_RATE: "fast" } })).toEqual({ value: 3, source: "--rate" });
    expect(() => resolveSetting(RATE, { env: { REELFORM_RATE: "fast" }, manifest: 5 })).toThrow(/REELFORM_RATE/);
  });

  it("parses a flag's text and a manifest's text with the same parser, naming where the bad value is", () => {
    expect(resolveSetting(PULL_FILE_TIMEOUT, { flagText: " 90s ", env: {} })?.value).toBe(90_000);
    expect(() => resolveSetting(PULL_FILE_TIMEOUT, { flagText: "soon", env: {} })).toThrow(
      '--file-timeout must be a duration such as 30m, 90s or 1h30m, got "soon"',
    );
    expect(() => resolveSetting(PROVIDER, { env: {}, manifestText: "aws" })).toThrow(
      `the manifest's provider must be one of gateway, tencent, got "aws"`,
    );
  });

  it("reads every variable trimmed, a blank one as unset", () => {
    expect(resolveSetting(RATE, { env: { REELFORM_RATE: " 4 " } })?.value).toBe(4);
    expect(resolveSetting(RATE, { env: { REELFORM_RATE: "   " } })).toEqual({ value: 20, source: "the default" });
    expect(settingText({ REELFORM_API_KEY: "\tkey\n" }, API_KEY)).toBe("key");
  });

  it("keeps the declared exceptions: presence, an empty name, a password as is", () => {
    expect(settingText({ NO_COLOR: "" }, NO_COLOR)).toBe("");
    expect(settingText({ REELFORM_REVIEWER: "" }, REVIEWER)).toBe("");
    expect(settingText({ PGPASSWORD: " pass " }, PGPASSWORD)).toBe(" pass ");
  });

  it("refuses a bad value with one user error naming the variable, never showing a secret", () => {
    const bad = (): unknown => envSetting({ REELFORM_RATE: "fast" }, RATE);
    expect(bad).toThrow(UserError);
    expect(bad).toThrow('REELFORM_RATE must be a number of at least 0, got "fast"');
    const secret = { ...RATE, env: "REELFORM_SOME_SECRET", secret: true as const };
    expect(() => envSetting({ REELFORM_SOME_SECRET: "hunter2" }, secret)).toThrow(
      "REELFORM_SOME_SECRET must be a number of at least 0 (the value is not shown)",
    );
    try {
      envSetting({ REELFORM_SOME_SECRET: "hunter2" }, secret);
    } catch (error) {
      expect(String(error)).not.toContain("hunter2");
    }
  });
});
