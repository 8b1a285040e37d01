import { describe, expect, it } from "vitest";
import { resolveRunSettings } from "../../src/apply/settings.js";

describe("resolveRunSettings", () => {
  it("defaults to 8 in flight and 20 per second (the upstream limit)", () => {
    expect(resolveRunSettings({ env: {} })).toEqual({ parallelism: 8, rate: 20 });
  });

  it("layers defaults < manifest < environment < flags", () => {
    const manifest = { parallelism: 2, rate: 5 };
    expect(resolveRunSettings({ manifest, env: {} })).toEqual({ parallelism: 2, rate: 5 });
    expect(resolveRunSettings({ manifest, env: { REELFORM_RATE: "0" } })).toEqual({ parallelism: 2, rate: 0 });
    expect(resolveRunSettings({ manifest, env: { REELFORM_PARALLELISM: "16" }, flags: { parallelism: 4 } })).toEqual({
      parallelism: 4,
      rate: 5,
    });
  });

  it("refuses a malformed environment value, naming the variable", () => {
    expect(() => resolveRunSettings({ env: { REELFORM_PARALLELISM: "lots" } })).toThrow(
      /REELFORM_PARALLELISM must be a whole number/,
    );
    expect(() => resolveRunSettings({ env: { REELFORM_RATE: "-1" } })).toThrow(/REELFORM_RATE/);
  });
});
