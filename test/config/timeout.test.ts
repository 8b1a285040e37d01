// REELFORM_TIMEOUT is one setting for both providers, read by the one resolver: the gateway used to read a
// blank value as 0 ms (and refuse it) where the Tencent provider trimmed it and took the default.
import { describe, expect, it } from "vitest";
import { resolveApiConfig } from "../../src/config/api.js";
import { resolveTencentConfig } from "../../src/provider/tencent/config.js";

const gateway = (timeout: string) => () => resolveApiConfig({ REELFORM_API_KEY: "k", REELFORM_TIMEOUT: timeout });
const tencent = (timeout: string) => () =>
  resolveTencentConfig({ TENCENTCLOUD_SECRET_ID: "i", TENCENTCLOUD_SECRET_KEY: "k", REELFORM_TIMEOUT: timeout });

describe("REELFORM_TIMEOUT", () => {
  it.each(["  ", "\t", " 90000 ", "90000\n", "2500"])("is read the same by both providers (%j)", (value) => {
    expect(gateway(value)().timeoutMs).toBe(tencent(value)().timeoutMs);
  });

  it("takes the default for a blank value, and trims the value around a number", () => {
    expect(gateway("  ")().timeoutMs).toBe(60_000);
    expect(gateway(" 90000 ")().timeoutMs).toBe(90_000);
  });

  it.each(["soon", "0", "-5"])("refuses %j with one message from both providers", (value) => {
    expect(gateway(value)).toThrow(`REELFORM_TIMEOUT must be a number of milliseconds greater than 0, got "${value}"`);
    expect(tencent(value)).toThrow(`REELFORM_TIMEOUT must be a number of milliseconds greater than 0, got "${value}"`);
  });
});
